// A member change job as a robot's run shows it: how far it is (a bar while it runs, what it
// waits for, why it stopped) and the result per person with what to do next. Shared by the
// «Роботы» screen and the demo pipeline; every line wraps, so it fits a 300 px panel.
#include "shared/outcomes.h"
#include "web/inspect/ui_inspector.h"
#include "web/state/jobs_list.h"
#include "web/state/robot_runs.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <cstdio>

namespace gd {

void draw_run_progress(App& app, const Job& job) {
    const Lang lang = app.state.lang;
    if (job_unfinished(job)) {
        char progress[128];
        std::snprintf(progress, sizeof progress, ui_text::job_progress.in(lang), job.finished, job.total);
        ImGui::ProgressBar(job_fraction(job), ImVec2(-FLT_MIN, 0), progress);
        inspect_last_item(progress);
    }
    const ImVec4* color = job.state == JobState::done ? &kGood : job.state == JobState::stopped ? &kBad : &kMuted;
    wrapped_text(job_state_text(job.state).in(lang), color);
    std::string waiting = job_waiting_text(job, lang);
    if (!waiting.empty()) wrapped_text(waiting.c_str(), &kMuted);
    if (job.state == JobState::stopped) {
        const ErrorCode reason = error_code_from_name(job.stop_reason);
        wrapped_text(error_text(reason).in(lang), &kBad);
        wrapped_text(error_next_step(reason).in(lang), &kBad);
    }
}

void draw_person_results(App& app, const Job& job) {
    const Lang lang = app.state.lang;
    for (size_t i = 0; i < job.items.size(); ++i) {
        const JobItem& item = job.items[i];
        ImGui::PushID((int)i);
        std::string who = item.phone.empty() ? item.input : phone_to_show(item.phone, item.phone_display);
        if (!item.name.empty()) who += " · " + item.name;
        wrapped_text(who.c_str());
        const bool as_asked = outcome_as_asked(item.outcome, job.action);
        const bool failed = outcome_failed(item.outcome, job.action);
        ImGui::Indent();
        wrapped_text(outcome_text(item.outcome, job.action).in(lang), as_asked ? &kGood : failed ? &kBad : &kMuted);
        if (!as_asked) {
            const char* next = outcome_next_step(item.outcome).in(lang);
            if (*next) wrapped_text(next, &kMuted);
            // WhatsApp does not say why an add failed: the possible reasons (seed 000).
            if (job.action == ParticipantAction::add && (item.outcome == ChangeOutcome::unknown || item.outcome == ChangeOutcome::invite_sent))
                wrapped_text(unknown_add_failure_reasons().in(lang), &kMuted);
        }
        ImGui::Unindent();
        ImGui::PopID();
    }
}

} // namespace gd
