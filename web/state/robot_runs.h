#pragma once
// The «Роботы» screen (administrators only): what CRM automations did, newest first; read again
// while a run is unfinished; and the words that say which deal, what started it, and whether the
// CRM got the result. Also who may see it and the sandbox's demo pipeline.
#include "web/state/app_state.h"

#include <string>

namespace gd {

inline constexpr int kRobotRunsShown = 50;

// The screen lists every robot of the account with the people it acted on: administrators only
// (the proxy refuses others).
bool robots_screen_allowed(const AppState& state);
void open_robot_runs(App& app);
void load_robot_runs(App& app);
// Called every frame: on the «Роботы» screen, reads the list again while a run is unfinished or
// a run just started from the demo pipeline is not listed yet.
void tick_robot_runs(App& app);
// Seconds until tick_robot_runs needs a frame again, or a negative number when never.
double seconds_until_robot_runs_poll(const AppState& state);
bool robot_run_highlighted(const AppState& state, const RobotRun& run);

// "Сделка «Поставка оборудования»", "Лид № 42" when its title is not read yet.
std::string robot_run_entity_text(const RobotRun& run, Lang lang);
// "Bitrix24", "amoCRM", "Демо-воронка"; the proxy's word for a CRM this widget does not know.
std::string robot_run_crm_text(const RobotRun& run, Lang lang);
// Whether the CRM got the result: none (no way back), due, done, failed; in words.
const Text& robot_report_text(const RobotRun& run);
// Opens the deal's card in the CRM in a new tab; nothing when its address is not a web page.
void open_robot_run_entity(App& app, const RobotRun& run);

// The person is as the job asked (added, or was in the group already; removed, or was not in it).
bool outcome_as_asked(ChangeOutcome outcome, ParticipantAction action);
// A person's result that needs someone to act (shown as a failure, with its next step); an invite
// that went out, a wait and a cancel do not.
bool outcome_failed(ChangeOutcome outcome, ParticipantAction action);

// "30.11.2026 14:05" (ru), "2026-11-30 14:05" (en), in the browser's time zone.
std::string local_time_text(int64_t unix_seconds, Lang lang);

} // namespace gd
