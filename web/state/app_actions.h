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
void open_audit(App& app);   // administrators only (the proxy refuses others)
// At start: the sign-in screen, or, with a session already (given by a CRM card), the groups
// and the connected number's state.
void start_app(App& app);
// The page's start: the language, and from a CRM card its session and the card itself.
void start_app(App& app, const StartContext& start);
void sign_in(App& app);
void sign_out(App& app);
// Every frame, before drawing: lands answers that move the user on (a sign-in, a job's end).
void tick_app(App& app);
// Seconds until tick_app has a poll to send (a job's progress, the robots' runs), or a negative
// number when nothing is awaited: the page sleeps until then.
double seconds_until_next_poll(const AppState& state);

} // namespace gd
