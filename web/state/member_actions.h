#pragma once
// What a manager does to a group's members: add, remove, promote, demote (as a paced job on the
// proxy), follow the job, and use the invite link when adding is not possible.
#include "web/state/app_state.h"

namespace gd {

// The people the panel would act on: ticked members, then pasted numbers (duplicates dropped).
std::vector<PersonInput> people_to_change(const AppState& state);
// Why ВЫПОЛНИТЬ cannot be pressed now, or nullptr when it can.
const Text* why_cannot_execute(const AppState& state);

void set_member_action(App& app, ParticipantAction action);
void toggle_member(App& app, const std::string& participant_id);
void execute_change(App& app);
// Starts the job for these people in the open group and follows it (ВЫПОЛНИТЬ, «Добавить недостающих»).
// Each start is a new action with a new Idempotency-Key.
void start_change_job(App& app, ChangeRequest request);
// The start got no answer (the network, a timeout): sends it again with the same key, so a job
// the proxy did create is answered back instead of being created twice.
bool change_start_lost(const AppState& state);
void resend_change_job(App& app);
void cancel_job(App& app);
// Shows a job of the open group from the jobs list, person by person, in place of the last one.
void show_job_results(App& app, const std::string& job_id);
bool job_is_active(const AppState& state);

void fetch_invite_link(App& app);
void revoke_invite_link(App& app);   // after an administrator confirmed
void send_invite_link(App& app, const std::string& phone);
// «ДОБАВИТЬ НОМЕР»: saves the person in the phone's contacts, then adds them again.
void save_contact_and_retry(App& app, const JobItem& item);

// Called every frame: polls a running job, reloads the members when it ends, chains retries.
void tick_member_actions(App& app);
// Seconds until tick needs a frame again (a poll is due), or a negative number when never.
double seconds_until_next_tick(const AppState& state);

} // namespace gd
