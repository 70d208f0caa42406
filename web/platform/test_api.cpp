// What the test build's window.groupdesk.state() reports (the shipped widget has no such call: it
// would cost its users 5 KB, bench/README.md): the screen, the visible items with their rectangles
// in CSS pixels (visible_items.cpp), the item the keyboard is on, the last error, how many glyphs fell
// back to U+FFFD, and where a member change stands (the job with one outcome per person, the invite
// link, a link sent), and the jobs list (the open group's, the account's running ones) as it is
// drawn, the robots' runs, and the demo pipeline with the runs its last move started; the users
// screen (the directory, the add form's answer with the field an error names, whether a login is
// being handed over (never the password), the deactivation being prepared, and the handovers as
// drawn).
#include "web/platform/browser.h"
#include "web/platform/visible_items.h"

#include "shared/errors.h"
#include "web/state/card_actions.h"
#include "web/state/jobs_list.h"

#include <emscripten.h>
#include <nlohmann/json.hpp>

namespace {

const char* screen_name(gd::Screen screen) {
    switch (screen) {
    case gd::Screen::sign_in: return "sign_in";
    case gd::Screen::groups: return "groups";
    case gd::Screen::participants: return "participants";
    case gd::Screen::audit: return "audit";
    case gd::Screen::robots: return "robots";
    case gd::Screen::pipeline: return "pipeline";
    case gd::Screen::users: return "users";
    }
    return "?";
}

const char* status_name(gd::LoadStatus status) {
    switch (status) {
    case gd::LoadStatus::idle: return "idle";
    case gd::LoadStatus::loading: return "loading";
    case gd::LoadStatus::loaded: return "loaded";
    case gd::LoadStatus::failed: return "failed";
    }
    return "?";
}

// The same JSON the proxy sends (shared/types.h), with where its request stands.
template <class T>
nlohmann::json remote_json(const gd::Remote<T>& remote) {
    nlohmann::json j = {{"status", status_name(remote.status)}};
    if (remote.status == gd::LoadStatus::loaded) j["data"] = gd::json_of(remote.data);
    if (remote.status == gd::LoadStatus::failed) {
        j["error"] = gd::error_code_name(remote.error.code);
        if (!remote.error.field.empty()) j["field"] = remote.error.field;
    }
    return j;
}

} // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* gd_test_state() {
    using namespace gd;
    Browser& b = browser();
    AppState& s = b.app.state;   // the card's membership is kept in it
    nlohmann::json last_error = nullptr;
    if (const Error* error = visible_error(s))
        last_error = {{"code", error_code_name(error->code)}, {"message", error_text(error->code).in(s.lang)}};
    nlohmann::json state = {
        {"screen", screen_name(s.screen)},
        {"lang", lang_code(s.lang)},
        {"dpr", b.dpr},
        {"busy", any_request_in_flight(s)},
        {"frames", b.inspector.frames},
        {"last_error", last_error},
        {"fallback_glyphs", b.inspector.fallback_glyphs},
        {"items", visible_items_json(b)},
        {"focused", b.inspector.focused() ? b.inspector.focused()->label : std::string()},
        {"rows", s.rows_shown},
        {"first_visible_row", s.first_visible_row},
        {"job", remote_json(s.members.job)},
        {"group_jobs", gd::json_of(jobs_of_open_group(s))},
        {"running_jobs", gd::json_of(running_jobs(s))},
        {"invite_link", remote_json(s.members.invite_link)},
        {"invite_sent", remote_json(s.members.invite_sent)},
        {"invite_sent_to", s.members.invite_sent_to},
        {"signed_in_as", s.user.id},
        {"card", remote_json(s.card.card)},
        {"card_from_crm", s.card.from_crm},
        {"card_search", remote_json(s.card.search)},
        {"mode", s.health.status == LoadStatus::loaded ? s.health.data.mode : ""},
        {"robot_runs", remote_json(s.robots.list)},
        {"robots_highlighted", s.robots.highlighted},
        {"pipeline", remote_json(s.pipeline.pipeline)},
        {"pipeline_move", remote_json(s.pipeline.move)},
        {"pipeline_runs", s.pipeline.started},
        {"compact", s.compact.on},
        {"content_height", reported_content_height()},
    };
    const UsersAdmin& u = s.users;
    state["users"] = {
        {"directory", remote_json(u.directory)},
        {"seats_saved", remote_json(u.seats_saved)},
        {"add_open", u.add.open},
        {"add_existing_account", u.add.existing_account},
        {"add", remote_json(u.add.sent)},
        {"credentials", {{"shown", u.credentials.shown}, {"login", u.credentials.login},
                         {"has_password", !u.credentials.password.empty()}, {"invitation", u.credentials.invitation}}},
        {"deactivation", {{"leaver_id", u.deactivation.leaver_id}, {"to_user_id", u.deactivation.to_user_id},
                          {"counts", remote_json(u.deactivation.counts)}, {"start", remote_json(u.deactivation.start)}}},
        {"handovers", u.handovers.shown},
    };
    // The card against the open group, as the panel shows it.
    const CardMembership& membership = open_card_membership(s);
    state["card_membership"] = {{"missing", membership.missing}, {"in_group", membership.in_group},
                                {"not_on_whatsapp", membership.not_on_whatsapp}, {"privacy_blocked", membership.privacy_blocked},
                                {"others_in_group", membership.others_in_group}, {"rows", (int)membership.rows.size()}};
    static std::string text;
    text = state.dump();
    return text.c_str();
}
