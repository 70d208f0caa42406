#include "web/state/member_actions.h"

#include "shared/pasted_people.h"
#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/card_actions.h"
#include "web/state/jobs_list.h"
#include "web/state/requests.h"
#include "web/state/text_search.h"

#include <algorithm>
#include <random>

namespace gd {

namespace {

const Text kNothingChosen{"Выберите участников в таблице или впишите номера.", "Tick members in the table or type numbers."};
const Text kNotAdmin{"Наш номер не администратор этой группы.", "Our number is not an admin of this group."};
const Text kJobRunning{"Дождитесь окончания текущего задания или остановите его.", "Wait for the current job to end or stop it."};

// 128 random bits in hex: unique per user action across every widget of the account.
std::string new_idempotency_key() {
    std::random_device entropy;   // the browser's crypto.getRandomValues under Emscripten
    static const char kHex[] = "0123456789abcdef";
    std::string key;
    for (int i = 0; i < 4; ++i) {
        uint32_t bits = entropy();
        for (int nibble = 0; nibble < 8; ++nibble, bits >>= 4) key += kHex[bits & 15];
    }
    return key;
}

void send_change_job(App& app) {
    MemberActions& m = app.state.members;
    HttpRequest request{"POST", routes::group_changes(app.state.open_group_id), json_of(m.last_change).dump()};
    request.idempotency_key = m.last_change_key;
    request_into(app, m.job, std::move(request));
    m.next_poll_at = app.state.now + kJobPollSeconds;
    m.job_result_applied = false;
}

} // namespace

void start_change_job(App& app, ChangeRequest request) {
    MemberActions& m = app.state.members;
    m.last_change = std::move(request);
    m.last_change_key = new_idempotency_key();
    send_change_job(app);
}

bool change_start_lost(const AppState& s) {
    const Remote<Job>& job = s.members.job;
    return job.status == LoadStatus::failed && job.data.id.empty() && !s.members.last_change_key.empty() &&
           (job.error.code == ErrorCode::proxy_unreachable || job.error.code == ErrorCode::proxy_timeout);
}

void resend_change_job(App& app) {
    if (change_start_lost(app.state)) send_change_job(app);
}

std::vector<PersonInput> people_to_change(const AppState& s) {
    std::vector<PersonInput> people;
    std::vector<std::string> seen;   // digits of phones already listed
    auto add = [&](PersonInput person) {
        std::string key = digits_of(person.phone);
        if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) return;
        seen.push_back(key);
        people.push_back(std::move(person));
    };
    for (const std::string& id : s.members.selected_ids)
        for (const Participant& p : s.participants.data.participants)
            if (p.id == id) add({p.phone, p.name, {}});
    for (const PastedPerson& pasted : read_pasted_people(s.members.people_text)) add({pasted.phone, pasted.name, {}});
    return people;
}

const Text* why_cannot_execute(const AppState& s) {
    if (s.participants.status == LoadStatus::loaded && !s.participants.data.group.we_are_admin) return &kNotAdmin;
    if (job_is_active(s)) return &kJobRunning;
    if (people_to_change(s).empty()) return &kNothingChosen;
    return nullptr;
}

bool job_is_active(const AppState& s) {
    const Remote<Job>& job = s.members.job;
    if (job.status == LoadStatus::idle) return false;
    if (job.data.id.empty()) return job.status == LoadStatus::loading;   // being created
    return job.data.state == JobState::queued || job.data.state == JobState::running;
}

void set_member_action(App& app, ParticipantAction action) { app.state.members.action = action; }

void toggle_member(App& app, const std::string& id) {
    std::vector<std::string>& ids = app.state.members.selected_ids;
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) ids.push_back(id);
    else ids.erase(it);
}

void execute_change(App& app) {
    if (why_cannot_execute(app.state)) return;
    start_change_job(app, ChangeRequest{app.state.members.action, people_to_change(app.state)});
}

void cancel_job(App& app) {
    MemberActions& m = app.state.members;
    if (m.job.data.id.empty()) return;
    post_into(app, m.job, routes::job_cancel(m.job.data.id), Ack{});
}

void show_job_results(App& app, const std::string& job_id) {
    MemberActions& m = app.state.members;
    get_into(app, m.job, routes::job(job_id));
    m.next_poll_at = app.state.now + kJobPollSeconds;
    // Its end, if still running, is noticed by the jobs list, which reads the members again.
    m.job_result_applied = true;
}

void fetch_invite_link(App& app) { get_into(app, app.state.members.invite_link, routes::group_invite_link(app.state.open_group_id)); }

void revoke_invite_link(App& app) {
    app.state.members.confirm_revoke = false;
    if (!app.state.user.is_admin) return;   // the proxy would answer 403: administrators only
    post_into(app, app.state.members.invite_link, routes::group_invite_link_revoke(app.state.open_group_id), Ack{});
}

void send_invite_link(App& app, const std::string& phone) {
    app.state.members.invite_sent_to = phone;
    post_into(app, app.state.members.invite_sent, routes::group_invite_link_send(app.state.open_group_id), InviteSend{phone});
}

void save_contact_and_retry(App& app, const JobItem& item) {
    MemberActions& m = app.state.members;
    m.retry_after_save = {item.phone.empty() ? item.input : item.phone, item.name, {}};
    post_into(app, m.contact_saved, routes::kContacts, ContactToSave{m.retry_after_save.phone, item.name});
}

void tick_member_actions(App& app) {
    AppState& s = app.state;
    MemberActions& m = s.members;
    // A running job: ask for its progress once a second.
    if (m.job.status == LoadStatus::loaded && job_is_active(s) && s.now >= m.next_poll_at) {
        m.next_poll_at = s.now + kJobPollSeconds;
        get_into(app, m.job, routes::job(m.job.data.id));
    }
    // A job left running (the widget was closed) is picked up and followed again.
    if (m.pick_up_running_job && s.jobs.group.status == LoadStatus::loaded) {
        m.pick_up_running_job = false;
        for (const Job& earlier : s.jobs.group.data.jobs) {
            if (m.job.status != LoadStatus::idle || !job_unfinished(earlier)) continue;
            m.job.data = earlier;
            m.job.status = LoadStatus::loaded;
            m.next_poll_at = s.now;
            m.job_result_applied = false;
            break;
        }
    }
    // An ended job changed the group: show its members as they are now, and today's allowance.
    // An add also checked numbers for WhatsApp: the card, read again, says who has none.
    if (!m.job_result_applied && m.job.status == LoadStatus::loaded && !job_is_active(s)) {
        m.job_result_applied = true;
        if (m.job.data.group_id == s.open_group_id) reload_participants(app);
        if (m.job.data.action == ParticipantAction::add) reload_card(app);
        load_gateway_status(app);
        load_group_jobs(app);
        load_running_jobs(app);
    }
    // The contact is saved: repeat the add for that person.
    if (m.contact_saved.status == LoadStatus::loaded && !m.retry_after_save.phone.empty() && !job_is_active(s)) {
        PersonInput person = std::move(m.retry_after_save);
        m.retry_after_save = {};
        start_change_job(app, ChangeRequest{ParticipantAction::add, {person}});
    }
}

double seconds_until_next_tick(const AppState& s) {
    double list = seconds_until_jobs_poll(s);
    if (s.members.job.status != LoadStatus::loaded || !job_is_active(s)) return list;
    double followed = std::max(0.0, s.members.next_poll_at - s.now);
    return list < 0 ? followed : std::min(list, followed);
}

} // namespace gd
