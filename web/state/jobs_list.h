#pragma once
// The jobs list: the open group's latest jobs and the account's unfinished ones (every group's,
// a robot's too), followed while something is unfinished; cancel from the list; and the words
// that say what a job is, who asked for it and what it waits for.
#include "web/state/app_state.h"

#include <string>
#include <vector>

namespace gd {

bool job_unfinished(const Job& job);
// How much of the job is done, 0..1 (a job of nobody is done when it has ended).
float job_fraction(const Job& job);

// The open group's jobs as the list shows them, newest first: its list, with the fresher copies
// the running list and the followed job carry put over it, and jobs started since added.
std::vector<Job> jobs_of_open_group(const AppState& state);
// Every unfinished job of the account, oldest first (the order they run in).
std::vector<Job> running_jobs(const AppState& state);

void load_group_jobs(App& app);     // the open group's
void load_running_jobs(App& app);   // the account's
void cancel_listed_job(App& app, const std::string& job_id);
bool cancel_in_flight(const AppState& state, const std::string& job_id);

// Called every frame: polls the running list while a job is unfinished, and reads the group's
// list again when one of its jobs has ended.
void tick_jobs_list(App& app);
// Seconds until tick_jobs_list needs a frame again, or a negative number when never.
double seconds_until_jobs_poll(const AppState& state);

// "Добавить в группу · Клиенты — Москва" (the group's id until the job has read its name).
std::string job_title(const AppState& state, const Job& job, Lang lang, bool with_group);
// "Инициатор: Анна", "Инициатор: робот CRM «…»"; empty when the proxy did not say.
std::string job_requester_text(const Job& job, Lang lang);
const Text& job_state_text(JobState state);
// What an unfinished job waits for, in words with the time: "Пауза между добавлениями: 12 с";
// empty when it is working or finished.
std::string job_waiting_text(const Job& job, Lang lang);

} // namespace gd
