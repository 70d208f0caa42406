// The CrmAdmin conformance suite (crm_admin_conformance.h). Each CRM instantiates it in its own
// file (crm_admin_world_*.cpp); a case here is a promise every CRM keeps.
#include "tests/proxy/crm_admin_conformance.h"

#include <algorithm>
#include <map>

namespace gd::test {
namespace {

// Runs one kind's handover to its end, on `admin`, from `cursor`; what it returned, summed.
HandoverBatch run_kind(CrmAdmin& admin, const Reassignment& r, RecordKind kind, std::string cursor = {},
                       int max_steps = 1000) {
    HandoverBatch total;
    for (int step = 0; step < max_steps; ++step) {
        Result<HandoverBatch> batch = admin.reassign(r, kind, cursor);
        EXPECT_TRUE(batch.ok()) << record_kind_name(kind) << ": " << (batch ? "" : error_code_name(batch.error().code))
                                << " " << (batch ? "" : batch.error().detail);
        if (!batch) return total;
        total.moved += batch->moved;
        total.refused.insert(total.refused.end(), batch->refused.begin(), batch->refused.end());
        cursor = batch->cursor;
        total.cursor = cursor;
        if (batch->finished) {
            total.finished = true;
            return total;
        }
    }
    ADD_FAILURE() << "the handover of " << record_kind_name(kind) << " did not finish";
    return total;
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CrmAdminConformance);

TEST_P(CrmAdminConformance, AbilitiesNameTheKindsAHandoverMoves) {
    CrmAdminAbilities a = world->admin().abilities();
    EXPECT_TRUE(a.reassign);
    EXPECT_FALSE(a.record_kinds.empty());
    EXPECT_GT(a.name_max_length, 0);
}

TEST_P(CrmAdminConformance, UsersAreListedAndTheIntegrationsOwnUserIsMarked) {
    const std::string id = world->put_user("Ирина Смирнова", "irina.smirnova@example.org");
    Result<std::vector<CrmUser>> users = world->admin().users();
    ASSERT_TRUE(users.ok()) << error_code_name(users.error().code) << " " << users.error().detail;
    auto irina = std::find_if(users->begin(), users->end(), [&](const CrmUser& u) { return u.id == id; });
    ASSERT_NE(irina, users->end());
    EXPECT_EQ(irina->name, "Ирина Смирнова");
    EXPECT_EQ(irina->email, "irina.smirnova@example.org");
    EXPECT_TRUE(irina->active);
    EXPECT_FALSE(irina->is_integration);
    const std::string own = world->integration_user_id();
    EXPECT_EQ(std::count_if(users->begin(), users->end(), [](const CrmUser& u) { return u.is_integration; }), 1);
    auto integration = std::find_if(users->begin(), users->end(), [&](const CrmUser& u) { return u.id == own; });
    ASSERT_NE(integration, users->end());
    EXPECT_TRUE(integration->is_integration);
}

TEST_P(CrmAdminConformance, RecordsAreCountedPerKind) {
    const std::string leaver = world->put_user("Олег Фомин", "oleg.fomin@example.org");
    const std::vector<RecordKind> kinds = world->admin().abilities().record_kinds;
    for (size_t i = 0; i < kinds.size(); ++i) world->put_records(leaver, kinds[i], (int)i + 2);
    for (size_t i = 0; i < kinds.size(); ++i) {
        Result<int> count = world->admin().count_records(leaver, kinds[i]);
        ASSERT_TRUE(count.ok()) << record_kind_name(kinds[i]);
        EXPECT_EQ(*count, (int)i + 2) << record_kind_name(kinds[i]);
    }
}

// The heart of a handover: every record of the leaver moves exactly once, to the colleague, and
// no record of anybody else moves at all; counted at the CRM, not by what the connector says.
TEST_P(CrmAdminConformance, EveryRecordOfTheLeaverMovesExactlyOnceAndNoOtherMoves) {
    const std::string leaver = world->put_user("Олег Фомин", "oleg.fomin@example.org");
    const std::string colleague = world->put_user("Вера Лебедева", "vera.lebedeva@example.org");
    const std::string bystander = world->put_user("Пётр Зуев", "petr.zuev@example.org");
    const Reassignment r{leaver, colleague};
    for (RecordKind kind : world->admin().abilities().record_kinds) {
        // Interleaved with another user's records, more than one batch's worth.
        std::vector<std::string> mine, others;
        for (int round = 0; round < 3; ++round) {
            for (const std::string& id : world->put_records(leaver, kind, 41)) mine.push_back(id);
            for (const std::string& id : world->put_records(bystander, kind, 13)) others.push_back(id);
        }
        HandoverBatch done = run_kind(world->admin(), r, kind);
        EXPECT_TRUE(done.finished);
        EXPECT_EQ(done.moved, (int)mine.size()) << record_kind_name(kind);
        EXPECT_TRUE(done.refused.empty());
        for (const std::string& id : mine) {
            EXPECT_EQ(world->times_moved(kind, id), 1) << record_kind_name(kind) << " " << id;
            EXPECT_EQ(world->owner_of(kind, id), colleague) << record_kind_name(kind) << " " << id;
        }
        for (const std::string& id : others) {
            EXPECT_EQ(world->times_moved(kind, id), 0) << record_kind_name(kind) << " " << id;
            EXPECT_EQ(world->owner_of(kind, id), bystander);
        }
        Result<int> left = world->admin().count_records(leaver, kind);
        ASSERT_TRUE(left.ok());
        EXPECT_EQ(*left, 0);
    }
}

// A proxy killed mid-handover comes back with only the job's saved cursor: a new connector goes
// on from it and nothing moves twice.
TEST_P(CrmAdminConformance, AHandoverResumesFromItsCursorOnARestartedConnector) {
    const std::string leaver = world->put_user("Олег Фомин", "oleg.fomin@example.org");
    const std::string colleague = world->put_user("Вера Лебедева", "vera.lebedeva@example.org");
    const Reassignment r{leaver, colleague};
    const RecordKind kind = world->admin().abilities().record_kinds.front();
    std::vector<std::string> mine = world->put_records(leaver, kind, 130);

    Result<HandoverBatch> first = world->admin().reassign(r, kind, "");
    ASSERT_TRUE(first.ok());
    EXPECT_GT(first->moved, 0);
    ASSERT_FALSE(first->finished);

    std::unique_ptr<CrmAdmin> after_restart = world->restarted();
    HandoverBatch rest = run_kind(*after_restart, r, kind, first->cursor);
    EXPECT_TRUE(rest.finished);
    EXPECT_EQ(first->moved + rest.moved, (int)mine.size());
    for (const std::string& id : mine) {
        EXPECT_EQ(world->times_moved(kind, id), 1) << id;
        EXPECT_EQ(world->owner_of(kind, id), colleague) << id;
    }
}

// A record the CRM will not move is reported once and left; the handover still ends.
TEST_P(CrmAdminConformance, ARecordTheCrmRefusesIsReportedOnceAndNotRetried) {
    const std::string leaver = world->put_user("Олег Фомин", "oleg.fomin@example.org");
    const std::string colleague = world->put_user("Вера Лебедева", "vera.lebedeva@example.org");
    const RecordKind kind = world->admin().abilities().record_kinds.front();
    std::vector<std::string> mine = world->put_records(leaver, kind, 60);
    world->refuse_moving(kind, mine[7]);

    HandoverBatch done = run_kind(world->admin(), {leaver, colleague}, kind);
    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 59);
    EXPECT_EQ(done.refused, std::vector<std::string>{mine[7]});
    EXPECT_EQ(world->owner_of(kind, mine[7]), leaver);
    EXPECT_EQ(world->times_moved(kind, mine[7]), 0);
}

TEST_P(CrmAdminConformance, RecordsGoOnlyToAnActiveColleague) {
    const std::string leaver = world->put_user("Олег Фомин", "oleg.fomin@example.org");
    const RecordKind kind = world->admin().abilities().record_kinds.front();
    world->put_records(leaver, kind, 3);
    Result<HandoverBatch> to_nobody = world->admin().reassign({leaver, "987654321"}, kind, "");
    ASSERT_FALSE(to_nobody.ok());
    EXPECT_TRUE(to_nobody.error().code == ErrorCode::crm_user_not_found ||
                to_nobody.error().code == ErrorCode::crm_user_inactive);
    Result<HandoverBatch> to_self = world->admin().reassign({leaver, leaver}, kind, "");
    ASSERT_FALSE(to_self.ok());
    EXPECT_EQ(to_self.error().code, ErrorCode::bad_request);
}

TEST_P(CrmAdminConformance, TheIntegrationsOwnUserIsNeverDeactivated) {
    Result<Done> refused = world->admin().deactivate_user(world->integration_user_id());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_is_integration);
    Result<std::vector<CrmUser>> users = world->admin().users();
    ASSERT_TRUE(users.ok());
    for (const CrmUser& u : *users)
        if (u.id == world->integration_user_id()) EXPECT_TRUE(u.active);
}

TEST_P(CrmAdminConformance, AnEmailThatAlreadyHasAUserHereIsRefusedOnTheEmailField) {
    world->put_user("Ирина Смирнова", "irina.smirnova@example.org");
    if (!world->admin().abilities().add_users) GTEST_SKIP() << "this CRM adds no users through its API";
    NewUser again{"Ирина", "Смирнова", "irina.smirnova@example.org", "Vx7-pQ2m-Lk9r", {}, {}};
    const CrmAdminAbilities a = world->admin().abilities();
    if (a.group_required) {
        Result<std::vector<CrmGroup>> groups = world->admin().groups();
        ASSERT_TRUE(groups.ok() && !groups->empty());
        again.group_id = groups->front().id;
    }
    Result<CrmUser> added = world->admin().add_user(again);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_email_in_account);
    EXPECT_EQ(added.error().field, "email");
    EXPECT_EQ(added.error().detail.find("Vx7-pQ2m-Lk9r"), std::string::npos);
}

} // namespace
} // namespace gd::test
