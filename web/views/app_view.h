#pragma once
// The widget's views: pure ImGui calls on the App's state, one file per screen.
#include "web/state/app_state.h"

namespace gd {

// Draws one frame of the whole widget into the current ImGui frame.
void draw_app(App& app);

// Pieces shared by the screens.
void draw_error_panel(App& app, const Error& error);
void draw_progress(const AppState& state, double started_at);
// «Назад» and the screen's title beside it (below it when it does not fit). True when «Назад» was
// pressed: the groups are on screen from the next frame and the caller draws nothing more.
bool draw_back_and_title(App& app, const char* title);
void draw_sign_in_screen(App& app);
void draw_groups_screen(App& app);
void draw_participants_screen(App& app);
void draw_member_actions(App& app);
// The jobs list: on a group's screen its jobs and the account's running ones (tabs); on the
// groups screen the running ones, when there are any.
void draw_group_jobs_panel(App& app);
void draw_running_jobs_panel(App& app);
void draw_invite_link_panel(App& app);
void draw_audit_screen(App& app);
void draw_robots_screen(App& app);     // administrators
void draw_pipeline_screen(App& app);   // the sandbox
// «Пользователи» (CRM administrators): the seats, the list, adding, the login handed over once,
// deactivating with a handover.
void draw_users_screen(App& app);
void draw_seats_panel(App& app);
void draw_add_user_form(App& app);
void draw_new_credentials(App& app);
void draw_deactivation_form(App& app);
void draw_handovers(App& app);
// A robot's run (a member change job): its bar, state and waits; the result per person.
void draw_run_progress(App& app, const Job& job);
void draw_person_results(App& app, const Job& job);
// The CRM card: which one (and, on the standalone page, a search for one); against the group.
void draw_card_chooser(App& app);
void draw_card_membership(App& app);
// amoCRM's narrow right-hand panel: the card against one group, and the way to the full widget.
void draw_compact_card_view(App& app);

} // namespace gd
