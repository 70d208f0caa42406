#include "proxy/domain/robot_runs.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/outcomes.h"
#include "shared/validation.h"

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

ParticipantAction action_of(const QueuedJob& job) {
    if (!job.payload.is_object() || !job.payload.contains("action")) return ParticipantAction::add;
    return job.payload["action"].get<ParticipantAction>();
}

ChangeOutcome outcome_from(const std::string& name) { return nlohmann::json(name).get<ChangeOutcome>(); }

// The person is as the robot asked, whoever made them so.
bool as_asked(ParticipantAction action, ChangeOutcome outcome) {
    if (outcome == ChangeOutcome::done) return true;
    if (action == ParticipantAction::add) return outcome == ChangeOutcome::already_member;
    if (action == ParticipantAction::remove) return outcome == ChangeOutcome::not_a_member;
    return false;
}

// As people read a number (+7 916 555-01-02), as the widget shows it; the input when it was no number.
std::string person_of(const QueuedItem& item) {
    const std::string who = item.subject.empty() ? item.input : phone_for_people(item.subject);
    return item.label.empty() ? who : who + " (" + item.label + ")";
}

std::string text_field(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool bool_field(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return false;
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

} // namespace

RobotReport robot_report(const QueuedJob& job, const std::vector<QueuedItem>& items) {
    RobotReport report;
    const ParticipantAction action = action_of(job);
    std::string lines;
    for (const QueuedItem& item : items) {
        const ChangeOutcome outcome = outcome_from(item.outcome);
        const bool ok = as_asked(action, outcome);
        (ok ? report.succeeded : report.failed)++;
        std::string line = person_of(item) + ": " + outcome_text(outcome, action).ru;
        if (!ok) {
            // WhatsApp does not say why an add failed: the manager gets the possible reasons.
            if (action == ParticipantAction::add && (invite_link_helps(outcome) || outcome == ChangeOutcome::invite_sent))
                line += std::string(" ") + unknown_add_failure_reasons().ru;
            if (*outcome_next_step(outcome).ru) line += std::string(" ") + outcome_next_step(outcome).ru;
        }
        lines += line + "\n";
    }
    const std::string group = job.title.empty() ? "" : " «" + job.title + "»";
    const std::string what = "Группа" + group + ", действие «" + action_text(action).ru + "»";
    const int total = (int)items.size();
    if (job.state == JobState::stopped) {
        report.code = job.stop_reason.empty() ? "stopped" : job.stop_reason;
        const ErrorCode why = error_code_from_name(job.stop_reason);
        report.message = what + ": остановлено. " + error_text(why).ru + " " + std::string(error_next_step(why).ru) +
                         " Выполнено для " + std::to_string(report.succeeded) + " из " + std::to_string(total) + ".";
    } else if (job.state == JobState::cancelled) {
        report.code = "cancelled";
        report.message = what + ": отменено. Выполнено для " + std::to_string(report.succeeded) + " из " +
                         std::to_string(total) + ".";
    } else if (total == 0) {
        report.code = "no_people";
        const bool lead = job.payload.is_object() && job.payload.contains("robot") &&
                          text_field(job.payload["robot"].value("entity", nlohmann::json()), "kind") == "lead";
        report.message = what + (lead ? ": некого менять, у лида нет контактов с телефоном."
                                      : ": некого менять, у сделки нет контактов с телефоном.");
    } else {
        report.code = report.failed == 0 ? "ok" : report.succeeded == 0 ? "failed" : "partial";
        report.message = what + ": выполнено для " + std::to_string(report.succeeded) + " из " + std::to_string(total) + ".";
    }
    while (!report.message.empty() && report.message.back() == ' ') report.message.pop_back();
    report.log = report.message + (lines.empty() ? "" : "\n" + lines);
    if (!report.log.empty() && report.log.back() == '\n') report.log.pop_back();
    return report;
}

RobotRun robot_run_of(const Job& job, const QueuedJob& queued) {
    RobotRun run;
    run.job = job;
    const nlohmann::json robot = queued.payload.is_object() ? queued.payload.value("robot", nlohmann::json()) : nlohmann::json();
    run.crm = text_field(robot, "crm");
    if (robot.is_object() && robot.contains("entity")) {
        try {
            run.entity = robot["entity"].get<EntityRef>();
        } catch (const nlohmann::json::exception&) {
        }
    }
    run.entity_title = text_field(robot, "entity_title");
    run.entity_url = text_field(robot, "entity_url");
    run.trigger = text_field(robot, "trigger");
    run.people_from_entity = bool_field(robot, "people_from_entity");
    run.invite_on_failure = bool_field(robot, "invite_on_failure");
    run.report = queued.on_finish.is_null() ? "none" : queued.hook_state == "none" ? "due" : queued.hook_state;
    return run;
}

Result<Job> RobotRuns::start(const RobotOrder& order) {
    if (order.idempotency_key.empty()) return Error{ErrorCode::bad_request, "a robot run needs the CRM's event identity"};
    if (!is_valid_group_id(order.group_id)) return Error{ErrorCode::invalid_group_id, {}};
    const bool from_entity = order.people.empty();
    if (from_entity && order.entity.id.empty()) return Error{ErrorCode::no_people, {}};
    JobExtras extras;
    extras.robot = {{"crm", order.crm},
                    {"entity", order.entity},
                    {"entity_url", order.entity_url},
                    {"trigger", order.trigger},
                    {"people_from_entity", from_entity},
                    {"invite_on_failure", order.invite_on_failure}};
    extras.on_finish = order.report_hook;
    return jobs_.create(order.group_id, ChangeRequest{order.action, order.people},
                        Actor{order.robot_name, order.tenant, RequesterKind::robot}, order.idempotency_key, extras);
}

Result<RobotRunList> RobotRuns::recent(const std::string& tenant, int limit) {
    try {
        RobotRunList list;
        for (const QueuedJob& queued :
             store_.by_requester(tenant, MembershipJobs::kKind, RequesterKind::robot, std::clamp(limit, 1, 100))) {
            list.runs.push_back(robot_run_of(jobs_.to_job(queued), queued));
        }
        return list;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "robot runs: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

} // namespace gd
