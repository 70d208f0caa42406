#include "proxy/domain/membership_jobs.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/outcomes.h"
#include "shared/validation.h"

#include <algorithm>
#include <random>
#include <set>

namespace gd {

namespace {

std::string new_job_id() {
    static const char* hex = "0123456789abcdef";
    std::random_device device;
    std::string id;
    for (int i = 0; i < 16; ++i) id += hex[device() % 16];
    return id;
}

std::string action_name(ParticipantAction a) { return nlohmann::json(a).get<std::string>(); }
std::string outcome_name(ChangeOutcome o) { return nlohmann::json(o).get<std::string>(); }

ChangeOutcome outcome_from(const std::string& name) { return nlohmann::json(name).get<ChangeOutcome>(); }

} // namespace

MembershipJobs::MembershipJobs(Database& db, WhatsAppGateway& gateway, WhatsAppChecks& checks, AddPacer& pacer,
                               AuditLog& audit, Clock& clock, JobSettings settings)
    : db_(db), gateway_(gateway), checks_(checks), pacer_(pacer), audit_(audit), clock_(clock), settings_(std::move(settings)) {}

MembershipJobs::~MembershipJobs() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void MembershipJobs::start_worker() {
    worker_ = std::thread([this] {
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                if (stopping_) return;
            }
            bool worked = false;
            try {
                worked = work_one_step();
            } catch (const std::exception& e) {
                // A storage failure must not kill the worker: log it and try again later.
                std::fprintf(stderr, "membership jobs: %s\n", e.what());
            }
            if (!worked) {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
            }
        }
    });
}

void MembershipJobs::run_until_idle() {
    while (work_one_step()) {}
}

Result<Job> MembershipJobs::create(const std::string& group_id, const ChangeRequest& request, const Actor& actor) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    if (request.people.empty()) return Error{ErrorCode::no_people, {}};
    if (request.people.size() > settings_.max_people) return Error{ErrorCode::too_many_people, std::to_string(request.people.size())};

    // Our number must be an admin here: refuse the whole job before anything is sent.
    Result<ParticipantList> group = gateway_.participants(group_id);
    if (!group) return group.error();
    if (!group->group.we_are_admin) return Error{ErrorCode::not_group_admin, {}};

    Job job;
    job.id = new_job_id();
    try {
        Transaction tx(db_);
        db_.run("INSERT INTO jobs (id, tenant, group_id, group_name, action, actor, state, created_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7)",
                job.id, actor.tenant, group_id, group->group.name, action_name(request.action), actor.name,
                clock_.unix_seconds());
        std::set<std::string> seen;
        int position = 0;
        for (const PersonInput& person : request.people) {
            Result<std::string> phone = normalize_phone(person.phone, settings_.default_region);
            if (phone.ok() && !seen.insert(phone.value()).second) continue;   // the same person twice
            ChangeOutcome outcome = phone.ok() ? ChangeOutcome::pending : ChangeOutcome::invalid_phone;
            db_.run("INSERT INTO job_items (job_id, position, input, phone, name, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    job.id, position++, person.phone, phone.ok() ? phone.value() : std::string(), person.name,
                    outcome_name(outcome));
        }
        tx.commit();
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
    wake_.notify_all();
    return get(actor.tenant, job.id);
}

Result<Job> MembershipJobs::get(const std::string& tenant, const std::string& job_id) {
    try {
        Statement st = db_.prepare(
            "SELECT group_id, group_name, action, state, stop_reason FROM jobs WHERE id = ?1 AND tenant = ?2");
        st.bind(1, job_id).bind(2, tenant);
        if (!st.step()) return Error{ErrorCode::job_not_found, {}};
        Job job;
        job.id = job_id;
        job.group_id = st.text(0);
        job.group_name = st.text(1);
        job.action = nlohmann::json(st.text(2)).get<ParticipantAction>();
        job.state = nlohmann::json(st.text(3)).get<JobState>();
        job.stop_reason = st.text(4);
        Statement items = db_.prepare("SELECT input, phone, name, outcome FROM job_items WHERE job_id = ?1 ORDER BY position");
        items.bind(1, job_id);
        while (items.step()) {
            JobItem item{items.text(0), items.text(1), items.text(2), outcome_from(items.text(3))};
            job.finished += item.outcome != ChangeOutcome::pending;
            job.items.push_back(std::move(item));
        }
        job.total = (int)job.items.size();
        if ((job.state == JobState::running || job.state == JobState::queued) && job.action == ParticipantAction::add &&
            job.finished < job.total) {
            Result<Clock::Duration> wait = pacer_.wait_for_next_add();
            if (wait.ok()) job.next_in_seconds = (double)wait.value().count() / 1000.0;
        }
        return job;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

Result<Job> MembershipJobs::cancel(const std::string& job_id, const Actor& actor) {
    Result<Job> job = get(actor.tenant, job_id);
    if (!job) return job;
    if (job->state == JobState::queued || job->state == JobState::running) {
        Transaction tx(db_);
        db_.run("UPDATE jobs SET state = 'cancelled' WHERE id = ?1 AND tenant = ?2", job_id, actor.tenant);
        db_.run("UPDATE job_items SET outcome = 'cancelled' WHERE job_id = ?1 AND outcome = 'pending'", job_id);
        tx.commit();
        audit_.record(actor, {{}, {}, "job_cancelled", job->group_id, job->group_name, {}, "cancelled"});
    }
    return get(actor.tenant, job_id);
}

Result<std::vector<Job>> MembershipJobs::recent(const std::string& tenant, const std::string& group_id, int limit) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    std::vector<std::string> ids;
    try {
        Statement st = db_.prepare(
            "SELECT id FROM jobs WHERE tenant = ?1 AND group_id = ?2 ORDER BY created_at DESC, rowid DESC LIMIT ?3");
        st.bind(1, tenant).bind(2, group_id).bind(3, std::clamp(limit, 1, 20));
        while (st.step()) ids.push_back(st.text(0));
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
    std::vector<Job> jobs;
    for (const std::string& id : ids) {
        Result<Job> job = get(tenant, id);
        if (!job) return job.error();
        jobs.push_back(std::move(job.value()));
    }
    return jobs;
}

Result<GatewayStatus> MembershipJobs::status() {
    {
        // Asked by a person: look again now rather than trust the worker's minute-old answer.
        std::lock_guard lock(mutex_);
        connection_known_ = false;
    }
    Result<ConnectionState> conn = connection();
    if (!conn) return conn.error();
    GatewayStatus s;
    s.connection = conn.value();
    GatewayCapabilities caps = gateway_.capabilities();
    s.can_save_contact = caps.save_contact;
    s.can_revoke_invite_link = caps.revoke_invite_link;
    s.adds_today = pacer_.adds_today();
    s.adds_per_day = pacer_.policy().daily_cap;
    s.checks_today = checks_.gateway_checks_today();
    s.checks_per_day = checks_.policy().daily_cap;
    return s;
}

bool MembershipJobs::job_still_running(const std::string& job_id) {
    Statement st = db_.prepare("SELECT state FROM jobs WHERE id = ?1");
    st.bind(1, job_id);
    return st.step() && (st.text(0) == "running" || st.text(0) == "queued");
}

bool MembershipJobs::pause(Clock::Duration d, const std::string& job_id) {
    // In slices, so a cancel or a shutdown is noticed within half a second.
    const Clock::Duration slice(500);
    while (d.count() > 0) {
        Clock::Duration step = std::min(d, slice);
        clock_.sleep_for(step);
        d -= step;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return false;
        }
        if (!job_still_running(job_id)) return false;
    }
    return job_still_running(job_id);
}

void MembershipJobs::stop_job(const std::string& job_id, ErrorCode reason) {
    db_.run("UPDATE jobs SET state = 'stopped', stop_reason = ?2 WHERE id = ?1", job_id, std::string(error_code_name(reason)));
    std::lock_guard lock(mutex_);
    members_by_job_.erase(job_id);
}

Result<ConnectionState> MembershipJobs::connection() {
    std::lock_guard lock(mutex_);
    Clock::Duration now = clock_.now();
    if (!connection_known_ || now - connection_checked_at_ >= settings_.connection_recheck) {
        connection_ = gateway_.connection_state();
        connection_checked_at_ = now;
        connection_known_ = true;
    }
    return connection_;
}

bool MembershipJobs::work_one_step() {
    // The oldest unfinished job goes first: jobs never overtake each other (one pace per number).
    std::string job_id, group_id, group_name, state;
    Actor actor;
    ParticipantAction action;
    {
        Statement st = db_.prepare(
            "SELECT id, group_id, group_name, action, actor, state, tenant FROM jobs WHERE state IN ('queued', 'running') "
            "ORDER BY created_at, rowid LIMIT 1");
        if (!st.step()) return false;
        job_id = st.text(0);
        group_id = st.text(1);
        group_name = st.text(2);
        action = nlohmann::json(st.text(3)).get<ParticipantAction>();
        actor = {st.text(4), st.text(6)};
        state = st.text(5);
    }
    if (state == "queued") db_.run("UPDATE jobs SET state = 'running' WHERE id = ?1", job_id);

    Statement next = db_.prepare("SELECT position, phone FROM job_items WHERE job_id = ?1 AND outcome = 'pending' ORDER BY position LIMIT 1");
    next.bind(1, job_id);
    if (!next.step()) {
        db_.run("UPDATE jobs SET state = 'done' WHERE id = ?1 AND state = 'running'", job_id);
        std::lock_guard lock(mutex_);
        members_by_job_.erase(job_id);
        return true;
    }
    const int position = (int)next.integer(0);
    const std::string phone = next.text(1);

    // A number in trouble stops every write, for every job.
    Result<ConnectionState> conn = connection();
    if (!conn) {
        stop_job(job_id, conn.error().code);
        return true;
    }
    if (conn->status != ConnectionStatus::connected) {
        stop_job(job_id, connection_problem(conn->status));
        return true;
    }

    Members* members;
    {
        std::unique_lock lock(mutex_);
        auto it = members_by_job_.find(job_id);
        if (it == members_by_job_.end()) {
            lock.unlock();
            Result<ParticipantList> list = gateway_.participants(group_id);
            if (!list) {
                stop_job(job_id, list.error().code);
                return true;
            }
            if (!list->group.we_are_admin) {
                stop_job(job_id, ErrorCode::not_group_admin);
                return true;
            }
            Members fresh;
            for (const Participant& p : list->participants)
                if (!p.phone.empty()) fresh[p.phone] = {p.role};
            lock.lock();
            it = members_by_job_.emplace(job_id, std::move(fresh)).first;
        }
        members = &it->second;
    }

    bool stop = false;
    ErrorCode stop_reason = ErrorCode::unknown;
    ChangeOutcome outcome = change_one(job_id, group_id, action, phone, *members, stop, stop_reason);
    if (stop) {
        stop_job(job_id, stop_reason);
        return true;
    }
    if (outcome == ChangeOutcome::pending) return true;   // cancelled or shutting down while waiting
    db_.run("UPDATE job_items SET outcome = ?3 WHERE job_id = ?1 AND position = ?2 AND outcome = 'pending'", job_id,
            position, outcome_name(outcome));
    audit_.record(actor, {{}, {}, action_name(action), group_id, group_name, phone, outcome_name(outcome)});
    return true;
}

ChangeOutcome MembershipJobs::change_one(const std::string& job_id, const std::string& group_id, ParticipantAction action,
                                         const std::string& phone, Members& members, bool& stop, ErrorCode& stop_reason) {
    auto member = members.find(phone);
    const bool is_member = member != members.end();

    // Answers we know without asking WhatsApp: each question not asked is one less ban signal.
    if (action == ParticipantAction::add && is_member) return ChangeOutcome::already_member;
    if (action != ParticipantAction::add && !is_member) return ChangeOutcome::not_a_member;
    if (action == ParticipantAction::promote && member->second.role != ParticipantRole::member) return ChangeOutcome::done;
    if (action == ParticipantAction::demote && member->second.role == ParticipantRole::member) return ChangeOutcome::done;
    if ((action == ParticipantAction::remove || action == ParticipantAction::demote) && member->second.role == ParticipantRole::owner)
        return ChangeOutcome::not_admin;   // nobody but WhatsApp can take a group from its owner

    if (action == ParticipantAction::add) {
        Result<bool> has = checks_.has_whatsapp(phone);
        if (!has) {
            stop = true;
            stop_reason = has.error().code;
            return ChangeOutcome::pending;
        }
        if (!has.value()) return ChangeOutcome::not_on_whatsapp;
        Result<Clock::Duration> wait = pacer_.wait_for_next_add();
        if (!wait) {
            stop = true;
            stop_reason = wait.error().code;
            return ChangeOutcome::pending;
        }
        if (!pause(wait.value(), job_id)) return ChangeOutcome::pending;
    } else if (!pause(settings_.write_interval, job_id)) {
        return ChangeOutcome::pending;
    }

    Result<std::vector<ParticipantChange>> result = gateway_.change_participants(group_id, action, {phone});
    if (action == ParticipantAction::add) pacer_.record_add();
    if (!result) {
        if (result.error().code == ErrorCode::upstream_rate_limited) {
            pause(settings_.rate_limited_pause, job_id);
            return ChangeOutcome::rate_limited;
        }
        stop = true;
        stop_reason = result.error().code;
        return ChangeOutcome::pending;
    }
    ChangeOutcome outcome = result->size() == 1 ? result->front().outcome : ChangeOutcome::unknown;
    // WhatsApp refused the add for a number the check found: the card shows the newer answer.
    if (outcome == ChangeOutcome::not_on_whatsapp) checks_.remember(phone, false);
    if (outcome == ChangeOutcome::done || outcome == ChangeOutcome::already_member) {
        if (action == ParticipantAction::add) members[phone] = {ParticipantRole::member};
        if (action == ParticipantAction::remove) members.erase(phone);
        if (action == ParticipantAction::promote) members[phone] = {ParticipantRole::admin};
        if (action == ParticipantAction::demote) members[phone] = {ParticipantRole::member};
    }
    return outcome;
}

} // namespace gd
