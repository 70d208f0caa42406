#include "proxy/connectors/sandbox/sandbox_pipeline.h"

namespace gd {

namespace {

std::vector<PipelineRobot> robots_of(Database& db, const std::string& stage_id) {
    std::vector<PipelineRobot> robots;
    Statement st = db.prepare(
        "SELECT r.stage_id, r.group_id, COALESCE(g.name, ''), r.action, r.invite_on_failure FROM crm_stage_robots r "
        "LEFT JOIN wa_groups g ON g.id = r.group_id WHERE ?1 = '' OR r.stage_id = ?1 ORDER BY r.id");
    st.bind(1, stage_id);
    while (st.step())
        robots.push_back({st.text(0), st.text(1), st.text(2), nlohmann::json(st.text(3)).get<ParticipantAction>(),
                          st.integer(4) != 0});
    return robots;
}

} // namespace

Result<SandboxPipeline> SandboxPipelineStore::pipeline() {
    return sandbox_call(store_, [&]() -> Result<SandboxPipeline> {
        Database& db = store_.db;
        SandboxPipeline p;
        Statement stages = db.prepare("SELECT id, name FROM crm_stages ORDER BY position");
        while (stages.step()) p.stages.push_back({stages.text(0), stages.text(1)});
        // The deals at its stages (the sandbox's older deals, kept for handovers, are not on it).
        Statement deals = db.prepare(
            "SELECT e.id, e.title, e.stage_id, COALESCE((SELECT n.text FROM crm_notes n WHERE n.kind = 'deal' "
            "AND n.entity_id = e.id ORDER BY n.id DESC LIMIT 1), '') FROM crm_entities e WHERE e.kind = 'deal' "
            "AND e.stage_id IN (SELECT id FROM crm_stages) ORDER BY e.id");
        while (deals.step()) p.deals.push_back({deals.text(0), deals.text(1), deals.text(2), deals.text(3)});
        p.robots = robots_of(db, "");
        return p;
    });
}

Result<DealMove> SandboxPipelineStore::move(const std::string& deal_id, const std::string& stage_id, int64_t now_seconds) {
    return sandbox_call(store_, [&]() -> Result<DealMove> {
        Database& db = store_.db;
        Transaction tx(db);
        Statement stage = db.prepare("SELECT name FROM crm_stages WHERE id = ?1");
        stage.bind(1, stage_id);
        if (!stage.step()) return Error{ErrorCode::bad_request, "no such stage"};
        DealMove move;
        move.stage_name = stage.text(0);
        Statement deal = db.prepare("SELECT title, stage_id FROM crm_entities WHERE kind = 'deal' AND id = ?1");
        deal.bind(1, deal_id);
        if (!deal.step()) return Error{ErrorCode::not_found, "no such deal"};
        move.deal = {deal_id, deal.text(0), stage_id, {}};
        // A CRM fires a stage's robots when a deal enters it, not when it is already there.
        if (deal.text(1) == stage_id) return move;
        db.run("UPDATE crm_entities SET stage_id = ?2 WHERE kind = 'deal' AND id = ?1", deal_id, stage_id);
        db.run("INSERT INTO crm_stage_moves (kind, entity_id, stage_id, moved_at) VALUES ('deal', ?1, ?2, ?3)", deal_id,
               stage_id, now_seconds);
        move.move_id = db.last_insert_id();
        move.robots = robots_of(db, stage_id);
        tx.commit();
        return move;
    });
}

Result<Done> SandboxPipelineStore::add_note(const EntityRef& entity, const std::string& text, int64_t now_seconds) {
    return sandbox_call(store_, [&]() -> Result<Done> {
        const std::string kind = entity_kind_name(entity.kind);
        if (store_.db.scalar("SELECT count(*) FROM crm_entities WHERE kind = ?1 AND id = ?2", 0, kind, entity.id) == 0)
            return Error{ErrorCode::not_found, "no such deal or lead"};
        store_.db.run("INSERT INTO crm_notes (kind, entity_id, text, created_at) VALUES (?1, ?2, ?3, ?4)", kind,
                      entity.id, text, now_seconds);
        return Done{};
    });
}

} // namespace gd
