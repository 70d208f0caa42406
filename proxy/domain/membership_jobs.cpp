#include "proxy/domain/membership_jobs.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/outcomes.h"
#include "shared/validation.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace gd {

namespace {

std::string action_name(ParticipantAction a) { return nlohmann::json(a).get<std::string>(); }
std::string outcome_name(ChangeOutcome o) { return nlohmann::json(o).get<std::string>(); }

ChangeOutcome outcome_from(const std::string& name) { return nlohmann::json(name).get<ChangeOutcome>(); }

ParticipantAction action_of(const QueuedJob& job) {
    return job.payload.is_object() && job.payload.contains("action") ? job.payload["action"].get<ParticipantAction>()
                                                                     : ParticipantAction::add;
}

// Failures that may pass by themselves: the job waits and tries again. Anything else stops it.
bool may_pass(ErrorCode code) {
    return code == ErrorCode::upstream_rate_limited || code == ErrorCode::gateway_unavailable ||
           code == ErrorCode::storage_failed;
}

// Is the change already true in the group? What a crash left unknown is decided by this.
bool already_true(ParticipantAction action, const std::map<std::string, ParticipantRole>& roles, const std::string& phone) {
    auto it = roles.find(phone);
    switch (action) {
    case ParticipantAction::add: return it != roles.end();
    case ParticipantAction::remove: return it == roles.end();
    case ParticipantAction::promote: return it != roles.end() && it->second != ParticipantRole::member;
    case ParticipantAction::demote: return it != roles.end() && it->second == ParticipantRole::member;
    }
    return false;
}

Actor actor_of(const QueuedJob& job) { return {job.requested_by.name, job.tenant, job.requested_by.kind}; }

const nlohmann::json& robot_of(const QueuedJob& job) {
    static const nlohmann::json none = nlohmann::json::object();
    if (!job.payload.is_object()) return none;
    auto it = job.payload.find("robot");
    return it != job.payload.end() && it->is_object() ? *it : none;
}

bool robot_flag(const QueuedJob& job, const char* key) {
    const nlohmann::json& robot = robot_of(job);
    auto it = robot.find(key);
    return it != robot.end() && it->is_boolean() && it->get<bool>();
}

// A CRM read that may work a little later: the job waits; anything else stops it.
bool crm_may_pass(ErrorCode code) { return code == ErrorCode::crm_unavailable || may_pass(code); }

} // namespace

MembershipJobs::MembershipJobs(JobEngine& engine, Database& db, WhatsAppGateway& gateway, NumberState& number,
                               WhatsAppChecks& checks, AddPacer& pacer, AuditLog& audit, JobSettings settings)
    : engine_(engine), store_(engine.store()), db_(db), gateway_(gateway), number_(number), checks_(checks),
      pacer_(pacer), audit_(audit), clock_(engine.clock()), settings_(std::move(settings)), refusals_(db, clock_) {
    engine_.add_handler(kKind, *this);
}

// ---------------------------------------------------------------------------------------------
// What the routes call
// ---------------------------------------------------------------------------------------------

Result<Job> MembershipJobs::create(const std::string& group_id, const ChangeRequest& request, const Actor& actor,
                                   const std::string& idempotency_key, const JobExtras& extras) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    const bool people_from_entity = extras.robot.is_object() && extras.robot.value("people_from_entity", false);
    if (request.people.empty() && !people_from_entity) return Error{ErrorCode::no_people, {}};
    if (request.people.size() > settings_.max_people) return Error{ErrorCode::too_many_people, std::to_string(request.people.size())};

    // Nothing is asked of WhatsApp here: the answer must come at once (a robot's webhook waits
    // for it), whatever the gateway is doing. The group is read by the job's first step.
    NewJob job;
    job.kind = kKind;
    job.tenant = actor.tenant;
    job.lane = settings_.lane;
    job.target = group_id;
    job.idempotency_key = idempotency_key;
    job.payload = {{"action", request.action}};
    if (extras.robot.is_object()) job.payload["robot"] = extras.robot;
    job.on_finish = extras.on_finish;
    job.requested_by = {actor.kind, actor.name};
    std::set<std::string> seen;
    for (const PersonInput& person : request.people) {
        Result<std::string> phone = normalize_phone(person.phone, settings_.default_region);
        if (phone.ok() && !seen.insert(phone.value()).second) continue;   // the same person twice
        QueuedItem item;
        item.input = person.phone;
        item.subject = phone.ok() ? phone.value() : std::string();
        item.label = person.name;
        item.outcome = outcome_name(phone.ok() ? ChangeOutcome::pending : ChangeOutcome::invalid_phone);
        item.phase = phone.ok() ? ItemPhase::waiting : ItemPhase::finished;
        job.items.push_back(std::move(item));
    }
    try {
        Enqueued queued = store_.enqueue(job, clock_.unix_ms());
        if (!queued.created) {
            // The same key must mean the same request: a client reusing keys by mistake must not
            // be told its new request was done.
            std::vector<QueuedItem> earlier = store_.items(queued.job.id);
            bool same = queued.job.kind == job.kind && queued.job.target == group_id &&
                        action_of(queued.job) == request.action && earlier.size() == job.items.size();
            if (people_from_entity) {
                // Its people are read when it runs: the same robot on the same entity is the same request.
                const nlohmann::json& robot = robot_of(queued.job);
                same = queued.job.kind == job.kind && queued.job.target == group_id &&
                       action_of(queued.job) == request.action && robot.value("people_from_entity", false) &&
                       robot.value("entity", nlohmann::json()) == extras.robot.value("entity", nlohmann::json());
            }
            for (size_t i = 0; same && !people_from_entity && i < earlier.size(); ++i)
                same = earlier[i].input == job.items[i].input;
            if (!same) return Error{ErrorCode::idempotency_key_reused, {}};
        } else {
            engine_.wake();
        }
        return to_job(queued.job);
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

Result<Job> MembershipJobs::get(const std::string& tenant, const std::string& job_id) {
    try {
        std::optional<QueuedJob> job = store_.get(tenant, job_id);
        if (!job || job->kind != kKind) return Error{ErrorCode::job_not_found, {}};
        return to_job(*job);
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

Result<Job> MembershipJobs::cancel(const std::string& job_id, const Actor& actor) {
    try {
        std::optional<QueuedJob> job = store_.get(actor.tenant, job_id);
        if (!job || job->kind != kKind) return Error{ErrorCode::job_not_found, {}};
        if (store_.cancel(actor.tenant, job_id, outcome_name(ChangeOutcome::cancelled), clock_.unix_ms())) {
            audit_.record(actor, {{}, {}, "job_cancelled", job->target, job->title, {}, "cancelled"});
            engine_.wake();
        }
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
    return get(actor.tenant, job_id);
}

Result<std::vector<Job>> MembershipJobs::recent(const std::string& tenant, const std::string& group_id, int limit) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    try {
        std::vector<Job> jobs;
        for (const QueuedJob& job : store_.for_target(tenant, kKind, group_id, std::clamp(limit, 1, 20)))
            jobs.push_back(to_job(job));
        return jobs;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

Result<std::vector<Job>> MembershipJobs::running(const std::string& tenant, int limit) {
    try {
        std::vector<Job> jobs;
        for (const QueuedJob& job : store_.unfinished(tenant, std::clamp(limit, 1, 50)))
            if (job.kind == kKind) jobs.push_back(to_job(job));
        return jobs;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "membership jobs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

Result<GatewayStatus> MembershipJobs::status() {
    Result<ConnectionState> conn = number_.fresh();   // a person asked: look now
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

Job MembershipJobs::to_job(const QueuedJob& q) {
    Job job;
    job.id = q.id;
    job.group_id = q.target;
    job.group_name = q.title;
    job.action = action_of(q);
    job.state = q.state;
    job.attempts = q.attempts;
    job.stop_reason = q.stop_reason;
    job.requested_by = q.requested_by;
    job.created_at = q.created_at;
    for (const QueuedItem& item : store_.items(q.id))
        job.items.push_back({item.input, item.subject, item.label, outcome_from(item.outcome), phone_for_people(item.subject)});
    job.total = q.total;
    job.finished = q.done;
    const bool open = q.state == JobState::queued || q.state == JobState::running;
    if (open) {
        // A wait that is over is no longer news: the job is being worked on, or is about to be.
        const int64_t wait_ms = q.next_run_ms - clock_.unix_ms();
        if (wait_ms > 0) {
            job.waiting_for = q.waiting_for;
            if (q.waiting_for != JobWait::nothing) job.next_in_seconds = (double)wait_ms / 1000.0;
        }
        if (q.ahead > 0) job.waiting_for = JobWait::turn;
    }
    return job;
}

// ---------------------------------------------------------------------------------------------
// One step of a job: one person
// ---------------------------------------------------------------------------------------------

std::optional<StepResult> MembershipJobs::number_not_ready() {
    // Banned stops the job; warned or logged out makes it wait and look again.
    Result<ConnectionState> ready = number_.ready_for_writes();
    if (ready) return std::nullopt;
    const ErrorCode why = ready.error().code;
    if (why == ErrorCode::number_warned || why == ErrorCode::number_logged_out)
        return StepResult::wait_until(clock_.unix_ms() + settings_.number_recheck.count(), JobWait::number_state);
    if (may_pass(why)) return StepResult::retry(why);
    return StepResult::finish(JobState::stopped, error_code_name(why));
}

void MembershipJobs::forget(const std::string& job_id) {
    std::lock_guard lock(mutex_);
    members_by_job_.erase(job_id);
}

Result<MembershipJobs::Members> MembershipJobs::read_group(QueuedJob& job, bool& we_are_admin) {
    Result<ParticipantList> list = gateway_.participants(job.target);
    if (!list) return list.error();
    if (job.title != list->group.name) {
        store_.set_title(job.id, list->group.name);
        job.title = list->group.name;
    }
    we_are_admin = list->group.we_are_admin;
    Members members;
    for (const Participant& p : list->participants)
        if (!p.phone.empty()) members[p.phone] = {p.role};
    return members;
}

void MembershipJobs::settle(const QueuedJob& job, ParticipantAction action, const QueuedItem& item, ChangeOutcome outcome) {
    store_.settle_item(job.id, item.position, outcome_name(outcome));
    // In the group now: an old privacy refusal there no longer holds (they changed their settings,
    // or joined through the link).
    if (action == ParticipantAction::add && (outcome == ChangeOutcome::done || outcome == ChangeOutcome::already_member))
        refusals_.forget(job.target, item.subject);
    audit_.record(actor_of(job), {{}, {}, action_name(action), job.target, job.title, item.subject, outcome_name(outcome)});
}

StepResult MembershipJobs::settle_in_flight(QueuedJob job, const std::vector<QueuedItem>& items) {
    // A call went out and its outcome was never recorded (the proxy died, or the gateway did not
    // answer). Read the group: what is already true there was done; the rest goes back in line.
    bool we_are_admin = false;
    Result<Members> members = read_group(job, we_are_admin);
    if (!members) {
        if (may_pass(members.error().code)) return StepResult::retry(members.error().code);
        return StepResult::finish(JobState::stopped, error_code_name(members.error().code));
    }
    std::map<std::string, ParticipantRole> roles;
    for (const auto& [phone, m] : members.value()) roles[phone] = m.role;
    const ParticipantAction action = action_of(job);
    for (const QueuedItem& item : items) {
        if (item.phase != ItemPhase::in_flight) continue;
        if (already_true(action, roles, item.subject)) {
            settle(job, action, item, ChangeOutcome::done);
        } else if (job.state == JobState::cancelled) {
            settle(job, action, item, ChangeOutcome::cancelled);
        } else {
            store_.reopen_item(job.id, item.position);
        }
    }
    {
        std::lock_guard lock(mutex_);
        members_by_job_[job.id] = std::move(members.value());
    }
    if (job.state == JobState::cancelled) {
        forget(job.id);
        return StepResult::finish(JobState::cancelled);
    }
    return StepResult::again(false);
}

StepResult MembershipJobs::read_people(const QueuedJob& job) {
    // The entity's contacts as they are now, not when the CRM called: a contact added to the deal
    // a second before the stage changed is in.
    const nlohmann::json& robot = robot_of(job);
    EntityRef ref;
    try {
        ref = robot.at("entity").get<EntityRef>();
    } catch (const nlohmann::json::exception&) {
        return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::bad_request));
    }
    if (!read_entity_) return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::crm_not_connected));
    Result<EntityContext> entity = read_entity_(job.tenant, ref);
    if (!entity) {
        if (crm_may_pass(entity.error().code)) return StepResult::retry(entity.error().code);
        return StepResult::finish(JobState::stopped, error_code_name(entity.error().code));
    }
    std::vector<QueuedItem> items;
    std::set<std::string> seen;
    for (const CrmContact& contact : entity->contacts)
        for (const std::string& stored : contact.phones) {
            Result<std::string> phone = normalize_phone(stored, settings_.default_region);
            if (phone.ok() && !seen.insert(phone.value()).second) continue;
            if (items.size() >= settings_.max_people) break;
            QueuedItem item;
            item.input = stored;
            item.subject = phone.ok() ? phone.value() : std::string();
            item.label = contact.name;
            item.outcome = outcome_name(phone.ok() ? ChangeOutcome::pending : ChangeOutcome::invalid_phone);
            item.phase = phone.ok() ? ItemPhase::waiting : ItemPhase::finished;
            items.push_back(std::move(item));
        }
    nlohmann::json payload = job.payload;
    payload["robot"]["people_read"] = true;
    payload["robot"]["entity_title"] = entity->title;
    store_.fill_items(job.id, items, payload);
    return StepResult::again(false);
}

ChangeOutcome MembershipJobs::invite_if_asked(const QueuedJob& job, ParticipantAction action, const QueuedItem& item,
                                              ChangeOutcome outcome) {
    if (action != ParticipantAction::add || !invite_link_helps(outcome) || !robot_flag(job, "invite_on_failure") ||
        !send_invite_)
        return outcome;
    // The add failed in a way only an invitation gets past; the robot's settings say send it.
    Result<Ack> sent = send_invite_(job.target, item.subject, actor_of(job));
    if (!sent) {
        std::fprintf(stderr, "membership jobs: the invite to a person of job %s was not sent: %s\n", job.id.c_str(),
                     error_code_name(sent.error().code));
        return outcome;
    }
    return ChangeOutcome::invite_sent;
}

StepResult MembershipJobs::step(const QueuedJob& claimed) {
    QueuedJob job = claimed;   // its title is filled in once the group is read
    if (job.state != JobState::cancelled && robot_flag(job, "people_from_entity") && !robot_flag(job, "people_read"))
        return read_people(job);
    std::vector<QueuedItem> items = store_.items(job.id);
    const bool unsettled = std::any_of(items.begin(), items.end(), [](const QueuedItem& i) { return i.phase == ItemPhase::in_flight; });
    if (unsettled) return settle_in_flight(job, items);
    if (job.state == JobState::cancelled) {
        forget(job.id);
        return StepResult::finish(JobState::cancelled);
    }
    auto next = std::find_if(items.begin(), items.end(), [](const QueuedItem& i) { return i.phase == ItemPhase::waiting; });
    if (next == items.end()) {
        forget(job.id);
        return StepResult::finish(JobState::done);
    }

    // A number in trouble receives nothing, and is not asked about anyone either.
    if (std::optional<StepResult> not_now = number_not_ready()) {
        if (not_now->next == StepResult::Next::finish) forget(job.id);
        return *not_now;
    }

    Members members;
    bool known = false;
    {
        std::lock_guard lock(mutex_);
        auto it = members_by_job_.find(job.id);
        if (it != members_by_job_.end()) {
            members = it->second;
            known = true;
        }
    }
    if (!known || job.title.empty()) {
        bool we_are_admin = false;
        Result<Members> read = read_group(job, we_are_admin);
        if (!read) {
            if (may_pass(read.error().code)) return StepResult::retry(read.error().code);
            forget(job.id);
            return StepResult::finish(JobState::stopped, error_code_name(read.error().code));
        }
        // Our number must be an admin here: stop before anything is sent.
        if (!we_are_admin) return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::not_group_admin));
        members = std::move(read.value());
        std::lock_guard lock(mutex_);
        members_by_job_[job.id] = members;
    }

    StepResult result = change_one(job, action_of(job), *next, members);
    if (result.next == StepResult::Next::finish) {
        forget(job.id);
    } else {
        std::lock_guard lock(mutex_);
        if (members_by_job_.count(job.id)) members_by_job_[job.id] = std::move(members);
    }
    return result;
}

StepResult MembershipJobs::change_one(const QueuedJob& job, ParticipantAction action, const QueuedItem& item, Members& members) {
    const std::string& phone = item.subject;
    auto member = members.find(phone);
    const bool is_member = member != members.end();

    // Answers we know without asking WhatsApp: each question not asked is one less ban signal.
    auto known = [&](ChangeOutcome outcome) {
        settle(job, action, item, outcome);
        return StepResult::again();
    };
    if (action == ParticipantAction::add && is_member) return known(ChangeOutcome::already_member);
    if (action != ParticipantAction::add && !is_member) return known(ChangeOutcome::not_a_member);
    if (action == ParticipantAction::promote && member->second.role != ParticipantRole::member) return known(ChangeOutcome::done);
    if (action == ParticipantAction::demote && member->second.role == ParticipantRole::member) return known(ChangeOutcome::done);
    if ((action == ParticipantAction::remove || action == ParticipantAction::demote) && member->second.role == ParticipantRole::owner)
        return known(ChangeOutcome::not_admin);   // nobody but WhatsApp can take a group from its owner

    const int64_t now = clock_.unix_ms();
    if (action == ParticipantAction::add) {
        Result<bool> has = checks_.has_whatsapp(phone);
        if (!has) {
            if (may_pass(has.error().code)) return StepResult::retry(has.error().code);
            return StepResult::finish(JobState::stopped, error_code_name(has.error().code));
        }
        if (!has.value()) return known(ChangeOutcome::not_on_whatsapp);
        Result<Clock::Duration> wait = pacer_.wait_for_next_add();
        if (!wait) return StepResult::finish(JobState::stopped, error_code_name(wait.error().code));
        if (wait->count() > 0) return StepResult::wait_until(clock_.unix_ms() + wait->count(), JobWait::pacing);
    } else {
        std::lock_guard lock(mutex_);
        if (last_write_ms_ > 0 && now < last_write_ms_ + settings_.write_interval.count())
            return StepResult::wait_until(last_write_ms_ + settings_.write_interval.count(), JobWait::pacing);
    }

    // Asked again right before the write: the check and the pacing above may have taken longer
    // than the state is trusted.
    if (std::optional<StepResult> not_now = number_not_ready()) return *not_now;

    // The intent first, with the day's count in the same transaction: whatever happens next, a
    // restart knows a call may have gone out.
    {
        Transaction tx(db_);
        if (!store_.begin_item(job.id, item.position)) return StepResult::again(false);   // cancelled meanwhile
        if (action == ParticipantAction::add) pacer_.record_add();
        tx.commit();
    }
    Result<std::vector<ParticipantChange>> result = gateway_.change_participants(job.target, action, {phone});
    if (action == ParticipantAction::add) {
        pacer_.record_answer();
    } else {
        std::lock_guard lock(mutex_);
        last_write_ms_ = clock_.unix_ms();
    }
    if (!result) {
        const ErrorCode why = result.error().code;
        if (why == ErrorCode::upstream_rate_limited) {
            // 429: nothing happened. The person waits, and the whole lane slows down.
            store_.reopen_item(job.id, item.position);
            return StepResult::retry(why, clock_.unix_ms() + settings_.rate_limited_pause.count());
        }
        // No answer, or an error after which we cannot know: the item stays in flight and the
        // next step reads the group before trying again.
        if (may_pass(why)) return StepResult::retry(why);
        store_.reopen_item(job.id, item.position);
        return StepResult::finish(JobState::stopped, error_code_name(why));
    }
    ChangeOutcome outcome = result->size() == 1 ? result->front().outcome : ChangeOutcome::unknown;
    if (outcome == ChangeOutcome::rate_limited) {
        store_.reopen_item(job.id, item.position);
        return StepResult::retry(ErrorCode::upstream_rate_limited, clock_.unix_ms() + settings_.rate_limited_pause.count());
    }
    // WhatsApp refused the add for a number the check found: the card shows the newer answer.
    if (outcome == ChangeOutcome::not_on_whatsapp) checks_.remember(phone, false);
    // Refused for privacy: remembered before an invitation may replace the outcome, so the card
    // shows it even when the robot sent the link.
    if (action == ParticipantAction::add && outcome == ChangeOutcome::privacy_blocked) refusals_.remember(job.target, phone);
    outcome = invite_if_asked(job, action, item, outcome);
    if (outcome == ChangeOutcome::done || outcome == ChangeOutcome::already_member) {
        if (action == ParticipantAction::add) members[phone] = {ParticipantRole::member};
        if (action == ParticipantAction::remove) members.erase(phone);
        if (action == ParticipantAction::promote) members[phone] = {ParticipantRole::admin};
        if (action == ParticipantAction::demote) members[phone] = {ParticipantRole::member};
    }
    settle(job, action, item, outcome);
    // A cancel that came while the call was out ends the job now that its outcome is recorded.
    std::optional<QueuedJob> now_job = store_.get(job.tenant, job.id);
    if (now_job && now_job->state == JobState::cancelled) return StepResult::finish(JobState::cancelled);
    return StepResult::again();
}

} // namespace gd
