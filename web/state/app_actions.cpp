#include "web/state/app_actions.h"

#include "shared/routes.h"
#include "web/state/admin_screens.h"
#include "web/state/api_decode.h"
#include "web/state/card_actions.h"
#include "web/state/compact_card.h"
#include "web/state/http.h"
#include "web/state/jobs_list.h"
#include "web/state/member_actions.h"
#include "web/state/requests.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/users_admin.h"

namespace gd {


bool any_request_in_flight(const AppState& s) {
    const MemberActions& m = s.members;
    const UsersAdmin& u = s.users;
    for (LoadStatus status : {s.sign_in.session.status, s.who.status, s.card.card.status, s.card.search.status, s.groups.status, s.participants.status, s.audit.status, s.gateway.status, m.job.status,
                              s.jobs.group.status, s.jobs.running.status, s.jobs.cancel.status, m.invite_link.status, m.invite_sent.status, m.contact_saved.status,
                              s.health.status, s.robots.list.status, s.pipeline.pipeline.status, s.pipeline.move.status, s.pipeline.followed.status,
                              u.directory.status, u.seats_saved.status, u.add.sent.status, u.deactivation.counts.status,
                              u.deactivation.start.status, u.handovers.list.status, u.handovers.followed.status})
        if (status == LoadStatus::loading) return true;
    return false;
}

const Error* visible_error(const AppState& s) {
    if (s.screen == Screen::groups && s.groups.status == LoadStatus::failed) return &s.groups.error;
    if (s.screen == Screen::participants && s.participants.status == LoadStatus::failed) return &s.participants.error;
    if (s.screen == Screen::audit && s.audit.status == LoadStatus::failed) return &s.audit.error;
    if (s.screen == Screen::robots && s.robots.list.status == LoadStatus::failed) return &s.robots.list.error;
    if (s.screen == Screen::pipeline) {
        if (s.pipeline.pipeline.status == LoadStatus::failed) return &s.pipeline.pipeline.error;
        if (s.pipeline.move.status == LoadStatus::failed) return &s.pipeline.move.error;
        // A run that cannot be read again says why; its last copy stays on screen.
        if (s.pipeline.followed.status == LoadStatus::failed) return &s.pipeline.followed.error;
    }
    if (s.screen == Screen::users) {
        // The add form, the seats and the deactivation say their own failures where they happened.
        const UsersAdmin& u = s.users;
        if (u.directory.status == LoadStatus::failed) return &u.directory.error;
        if (u.handovers.list.status == LoadStatus::failed) return &u.handovers.list.error;
        if (u.handovers.followed.status == LoadStatus::failed) return &u.handovers.followed.error;
    }
    return nullptr;
}

namespace {

// GET /groups answers a GroupList; the state keeps its groups.
bool read_groups(const nlohmann::json& body, std::vector<Group>& groups) {
    GroupList list;
    if (!json_read(body, list)) return false;
    groups = std::move(list.groups);
    return true;
}

} // namespace

void load_groups(App& app) {
    request_into<std::vector<Group>, read_groups>(app, app.state.groups, HttpRequest{"GET", routes::kGroups, {}});
}

void open_group(App& app, const std::string& group_id) {
    AppState& s = app.state;
    if (s.open_group_id != group_id) {
        // Another group: nothing of the last one stays, and its late answers are dropped.
        s.participants = {.generation = s.participants.generation};
        s.participant_filter.clear();
        MemberActions fresh;
        fresh.action = s.members.action;
        fresh.job.generation = s.members.job.generation + 1;
        fresh.invite_link.generation = s.members.invite_link.generation + 1;
        fresh.invite_sent.generation = s.members.invite_sent.generation + 1;
        fresh.contact_saved.generation = s.members.contact_saved.generation + 1;
        s.members = std::move(fresh);
        s.jobs.group = {.generation = s.jobs.group.generation + 1};
    }
    s.open_group_id = group_id;
    s.screen = Screen::participants;
    // Show what the list already knows about the group while its members load.
    for (const Group& g : s.groups.data)
        if (g.id == group_id && s.participants.data.group.id.empty()) s.participants.data.group = g;
    reload_participants(app);
    s.members.pick_up_running_job = s.members.job.status == LoadStatus::idle;
    load_group_jobs(app);
    load_running_jobs(app);
}

void start_app(App& app) {
    AppState& s = app.state;
    // Sandbox or live: the sign-in offers the demo login, and the sandbox has its demo pipeline.
    if (s.health.status != LoadStatus::loaded && s.health.status != LoadStatus::loading) get_into(app, s.health, routes::kHealth);
    if (s.session_token.empty()) {
        s.screen = Screen::sign_in;
        return;
    }
    s.screen = Screen::groups;
    if (s.user.id.empty()) get_into(app, s.who, routes::kSession);
    load_groups(app);
    load_gateway_status(app);
    load_running_jobs(app);
    if (!s.card.ref.id.empty()) open_card(app, s.card.ref);
}

void start_app(App& app, const StartContext& start) {
    AppState& s = app.state;
    s.lang = start.lang;
    s.session_token = start.session_token;
    s.screen_after_start = start.screen;
    s.compact = {.on = start.compact, .host_group_id = start.group_id};
    EntityRef ref;
    if (parse_card_ref(start.entity, ref)) {
        s.card.ref = ref;
        s.card.from_crm = !start.session_token.empty();   // a card the CRM opened us in stays
    }
    start_app(app);
}

void sign_in(App& app) {
    SignIn& si = app.state.sign_in;
    if (si.login.empty() || si.session.status == LoadStatus::loading) return;
    post_into(app, si.session, routes::kSession, LoginRequest{si.login, si.password});
}

void sign_out(App& app) {
    // Tell the proxy to forget the token; whatever it answers, this widget forgets it now.
    app.http->send(HttpRequest{"DELETE", routes::kSession, {}, app.state.session_token}, [](HttpResponse) {});
    session_ended(app, Error{});
}

void session_ended(App& app, const Error& why) {
    AppState& s = app.state;
    s.session_token.clear();
    s.user = {};
    s.who = {.generation = s.who.generation + 1};
    s.sign_in.password.clear();
    s.sign_in.session = {.generation = s.sign_in.session.generation + 1};
    s.sign_in.reason = why;
    s.jobs = {.group = {.generation = s.jobs.group.generation + 1},
              .running = {.generation = s.jobs.running.generation + 1},
              .cancel = {.generation = s.jobs.cancel.generation + 1}};
    // What an administrator saw stays with them: the next user reads it again, if allowed.
    s.robots = {.list = {.generation = s.robots.list.generation + 1}};
    s.pipeline = {.pipeline = {.generation = s.pipeline.pipeline.generation + 1},
                  .move = {.generation = s.pipeline.move.generation + 1},
                  .followed = {.generation = s.pipeline.followed.generation + 1}};
    forget_users(s);   // the password of a user just added goes too
    s.screen = Screen::sign_in;
}

void tick_app(App& app) {
    AppState& s = app.state;
    SignIn& si = s.sign_in;
    if (si.session.status == LoadStatus::loaded && s.session_token.empty()) {
        s.session_token = si.session.data.token;
        s.user = si.session.data.user;
        si.password.clear();   // not kept a moment longer than needed
        si.session.data.token.clear();
        si.reason = {};
        start_app(app);
    }
    if (s.who.status == LoadStatus::loaded && s.user.id.empty()) s.user = s.who.data;
    if (is_admin_screen(s.screen_after_start) && !s.user.id.empty() && s.health.status == LoadStatus::loaded) {
        const Screen wanted = s.screen_after_start;
        s.screen_after_start = Screen::groups;   // once: «Назад» leads to the groups as anywhere
        open_admin_screen(app, wanted);
    }
    tick_member_actions(app);
    tick_card(app);
    tick_jobs_list(app);
    if (app.admin) app.admin->tick(app);
    tick_compact_card(app);
}

double seconds_until_next_poll(const AppState& s) {
    double soonest = -1;
    for (double wait : {seconds_until_next_tick(s), seconds_until_robot_runs_poll(s), seconds_until_pipeline_poll(s), seconds_until_users_poll(s)})
        if (wait >= 0 && (soonest < 0 || wait < soonest)) soonest = wait;
    return soonest;
}

void load_gateway_status(App& app) { get_into(app, app.state.gateway, routes::kConnection); }

void open_audit(App& app) {
    if (!app.state.user.is_admin) return;   // the proxy would answer 403: administrators only
    app.state.screen = Screen::audit;
    get_into(app, app.state.audit, std::string(routes::kAudit) + "?limit=200");
}

void reload_participants(App& app) {
    get_into(app, app.state.participants, routes::group_participants(app.state.open_group_id));
}

void back_to_groups(App& app) {
    app.state.screen = Screen::groups;
    if (app.state.groups.status != LoadStatus::loaded) load_groups(app);
}

void retry(App& app) {
    if (app.state.screen == Screen::participants) {
        reload_participants(app);
        resend_change_job(app);   // a start that got no answer goes again, with the same key
    } else if (app.state.screen == Screen::audit) open_audit(app);
    else if (is_admin_screen(app.state.screen) && app.admin) app.admin->retry(app, app.state.screen);
    else load_groups(app);
}

void set_language(App& app, Lang lang) { app.state.lang = lang; }

} // namespace gd
