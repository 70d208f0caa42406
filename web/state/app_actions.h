#pragma once
// What the user can do. Each action changes the state and may send a request; its answer lands
// in the state later (on the UI thread).
#include "web/state/app_state.h"

namespace gd {

void load_groups(App& app);
void open_group(App& app, const std::string& group_id);
void reload_participants(App& app);
void back_to_groups(App& app);
// Repeats the request whose failure is on screen.
void retry(App& app);
void set_language(App& app, Lang lang);
void load_gateway_status(App& app);
void open_audit(App& app);
// Asked once at start: groups and the connected number's state.
void start_app(App& app);

} // namespace gd
