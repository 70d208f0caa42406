#include "web/state/app_actions.h"

#include "shared/routes.h"
#include "web/state/api_decode.h"
#include "web/state/http.h"

namespace gd {

namespace {

// Sends GET path and lands the decoded answer in `slot`, unless a newer request replaced it.
template <class T, class Convert>
void fetch_into(App& app, Remote<T>& slot, const std::string& path, Convert convert) {
    slot.status = LoadStatus::loading;
    slot.started_at = app.state.now;
    uint32_t generation = ++slot.generation;
    Remote<T>* target = &slot;   // AppState outlives every request
    HttpRequest request;
    request.path = path;
    app.http->send(request, [target, generation, convert](HttpResponse response) {
        if (target->generation != generation) return;
        auto decoded = convert(response);
        if (decoded.ok()) {
            target->data = std::move(decoded.value());
            target->status = LoadStatus::loaded;
            target->error = {};
        } else {
            target->status = LoadStatus::failed;
            target->error = decoded.error();
        }
    });
}

} // namespace

bool any_request_in_flight(const AppState& s) {
    return s.groups.status == LoadStatus::loading || s.participants.status == LoadStatus::loading;
}

const Error* visible_error(const AppState& s) {
    if (s.screen == Screen::groups && s.groups.status == LoadStatus::failed) return &s.groups.error;
    if (s.screen == Screen::participants && s.participants.status == LoadStatus::failed) return &s.participants.error;
    return nullptr;
}

void load_groups(App& app) {
    fetch_into(app, app.state.groups, routes::kGroups, [](const HttpResponse& r) -> Result<std::vector<Group>> {
        Result<GroupList> list = decode_response<GroupList>(r);
        if (!list) return list.error();
        return std::move(list->groups);
    });
}

void open_group(App& app, const std::string& group_id) {
    AppState& s = app.state;
    if (s.open_group_id != group_id) {
        s.participants = {.generation = s.participants.generation};
        s.participant_filter.clear();
    }
    s.open_group_id = group_id;
    s.screen = Screen::participants;
    // Show what the list already knows about the group while its members load.
    for (const Group& g : s.groups.data)
        if (g.id == group_id && s.participants.data.group.id.empty()) s.participants.data.group = g;
    reload_participants(app);
}

void reload_participants(App& app) {
    fetch_into(app, app.state.participants, routes::group_participants(app.state.open_group_id),
               [](const HttpResponse& r) { return decode_response<ParticipantList>(r); });
}

void back_to_groups(App& app) {
    app.state.screen = Screen::groups;
    if (app.state.groups.status != LoadStatus::loaded) load_groups(app);
}

void retry(App& app) {
    if (app.state.screen == Screen::participants) reload_participants(app);
    else load_groups(app);
}

void set_language(App& app, Lang lang) { app.state.lang = lang; }

} // namespace gd
