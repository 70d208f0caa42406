// The action panel of a group's screen: pick an action, pick people (ticked members or typed and
// pasted numbers), press ВЫПОЛНИТЬ; then follow the job, person by person, with what to do next.
#include "shared/outcomes.h"
#include "web/state/jobs_list.h"
#include "web/state/member_actions.h"
#include "web/state/robot_runs.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/widgets.h"
#include "web/views/phone_text.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace gd {

namespace {

void draw_job_results(App& app) {
    AppState& s = app.state;
    MemberActions& m = s.members;
    const Lang lang = s.lang;
    if (m.job.status == LoadStatus::idle) return;
    if (m.job.status == LoadStatus::failed && m.job.data.id.empty()) {
        draw_error_panel(app, m.job.error);
        return;
    }
    const Job& job = m.job.data;
    if (job.id.empty()) {
        draw_progress(s, m.job.started_at);
        return;
    }

    char progress[128];
    std::snprintf(progress, sizeof progress, ui_text::job_progress.in(lang), job.finished, job.total);
    std::string overlay = progress;
    if (job_is_active(s) && job.next_in_seconds >= 1) {
        char next[64];
        std::snprintf(next, sizeof next, ui_text::job_next_in.in(lang), job.next_in_seconds);
        overlay += std::string(" · ") + next;
    }
    // Stop goes beside the bar when the bar still shows its whole text, else below it (a narrow panel).
    const char* stop = ui_text::job_stop.in(lang);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float beside = ImGui::GetContentRegionAvail().x - button_width(stop) - spacing;
    const bool stop_beside = job_is_active(s) && beside >= ImGui::CalcTextSize(overlay.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::ProgressBar(job_fraction(job), ImVec2(stop_beside ? beside : -FLT_MIN, 0), overlay.c_str());
    inspect_last_item(overlay.c_str());
    if (job_is_active(s)) {
        if (stop_beside) ImGui::SameLine();
        if (ImGui::Button(stop)) cancel_job(app);
    }
    if (job.state == JobState::stopped) {
        wrapped_text(error_text(error_code_from_name(job.stop_reason)).in(lang), &kBad);
        wrapped_text(error_next_step(error_code_from_name(job.stop_reason)).in(lang), &kBad);
    }

    // A few results show whole; a long job scrolls inside a box so the members stay in view.
    const bool long_job = job.items.size() > 4;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (long_job) flags |= ImGuiTableFlags_ScrollY;
    ImVec2 size(0, long_job ? ImGui::GetContentRegionAvail().y * 0.45f : 0.0f);
    // A narrow panel drops «Имя» and shows the name under the number; the result wraps.
    const std::vector<TableColumn> columns = {
        {ui_text::column_phone.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_phone.in(lang), {"+7 916 123-45-67"})},
        {ui_text::column_name.in(lang), ImGuiTableColumnFlags_WidthStretch, ImGui::GetFontSize() * 5, 1.2f, 1},
        {ui_text::column_result.in(lang), ImGuiTableColumnFlags_WidthStretch, ImGui::GetFontSize() * 8, 4.0f},
    };
    const std::vector<bool> shown = columns_that_fit(columns, ImGui::GetContentRegionAvail().x - (long_job ? ImGui::GetStyle().ScrollbarSize : 0));
    if (!ImGui::BeginTable("##job_items", 3, flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    setup_columns(columns, shown);
    table_headers_row();
    for (size_t i = 0; i < job.items.size(); ++i) {
        const JobItem& item = job.items[i];
        ImGui::PushID((int)i);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        if (item.phone.empty()) ellipsis_text(item.input.c_str(), nullptr, 0, "");
        else phone_text(item.phone, item.phone_display, lang);
        if (!shown[1] && !item.name.empty()) ellipsis_text(item.name.c_str(), &kMuted, 0, "");
        if (ImGui::TableSetColumnIndex(1)) ellipsis_text(item.name.c_str(), nullptr, 0, "");
        ImGui::TableSetColumnIndex(2);
        const ImVec4* color = outcome_as_asked(item.outcome, job.action)  ? &kGood
                              : outcome_failed(item.outcome, job.action) ? &kBad
                                                                         : &kMuted;
        wrapped_text(outcome_text(item.outcome, job.action).in(lang), color);
        const char* next = outcome_next_step(item.outcome).in(lang);
        if (*next) wrapped_text(next, &kMuted);
        if ((item.outcome == ChangeOutcome::unknown || item.outcome == ChangeOutcome::invite_sent) && job.action == ParticipantAction::add)
            wrapped_text(unknown_add_failure_reasons().in(lang), &kMuted);
        if (invite_link_helps(item.outcome) && !item.phone.empty()) {
            if (ImGui::SmallButton(ui_text::send_link.in(lang))) send_invite_link(app, item.phone);
            if (item.outcome == ChangeOutcome::unknown) {
                ImGui::SameLine();
                if (ImGui::SmallButton(ui_text::save_number.in(lang))) save_contact_and_retry(app, item);
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_side_results(App& app) {
    MemberActions& m = app.state.members;
    const Lang lang = app.state.lang;
    if (m.invite_sent.status == LoadStatus::loaded) {
        char text[160];
        std::snprintf(text, sizeof text, ui_text::link_sent.in(lang), m.invite_sent_to.c_str());
        wrapped_text(text, &kGood);
    } else if (m.invite_sent.status == LoadStatus::failed) {
        draw_error_panel(app, m.invite_sent.error);
    }
    if (m.contact_saved.status == LoadStatus::failed) draw_error_panel(app, m.contact_saved.error);
}

} // namespace

void draw_member_actions(App& app) {
    AppState& s = app.state;
    MemberActions& m = s.members;
    const Lang lang = s.lang;
    if (!ImGui::CollapsingHeader(ui_text::member_actions.in(lang), ImGuiTreeNodeFlags_DefaultOpen)) return;
    inspect_last_item(ui_text::member_actions.in(lang));

    // 16 characters wide, less in a narrow panel so that the label beside it stays inside.
    const float label_width = ImGui::CalcTextSize(ui_text::action_label.in(lang)).x + ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 16, ImGui::GetContentRegionAvail().x - label_width));
    if (ImGui::BeginCombo(ui_text::action_label.in(lang), action_text(m.action).in(lang))) {
        for (ParticipantAction a : {ParticipantAction::add, ParticipantAction::remove, ParticipantAction::promote, ParticipantAction::demote}) {
            if (ImGui::Selectable(action_text(a).in(lang), a == m.action)) set_member_action(app, a);
        }
        ImGui::EndCombo();
    }
    inspect_last_item("action");

    // InputTextMultiline has no hint in this ImGui: one is drawn over the empty field, wrapped to
    // it, and the field is at least as tall as the hint.
    const char* hint = ui_text::people_hint.in(lang);
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    const float hint_wrap = ImGui::GetContentRegionAvail().x - padding.x * 2;
    const float hint_height = ImGui::CalcTextSize(hint, nullptr, false, hint_wrap).y + padding.y * 2;
    ImGui::InputTextMultiline("##people", &m.people_text, ImVec2(-1, std::max(ImGui::GetTextLineHeight() * 3.6f, hint_height)));
    if (m.people_text.empty() && !ImGui::IsItemActive()) {
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        const ImVec4 clip(min.x, min.y, max.x, max.y);
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + padding.x, min.y + padding.y),
                                            ImGui::GetColorU32(ImGuiCol_TextDisabled), hint, nullptr, hint_wrap, &clip);
    }
    inspect_last_item("people");

    std::vector<PersonInput> people = people_to_change(s);
    int pasted = (int)people.size() - (int)m.selected_ids.size();
    char summary[160];
    std::snprintf(summary, sizeof summary, ui_text::people_summary.in(lang), (int)m.selected_ids.size(), pasted < 0 ? 0 : pasted);
    ImGui::TextDisabled("%s", summary);
    inspect_last_item(summary);

    const Text* blocked = why_cannot_execute(s);
    ImGui::BeginDisabled(blocked != nullptr);
    if (ImGui::Button(ui_text::execute.in(lang))) execute_change(app);
    ImGui::EndDisabled();
    if (blocked) {
        // Beside the button when a few words fit there, else below it; wrapped either way.
        same_line_if_fits(ImGui::GetFontSize() * 10);
        wrapped_text(blocked->in(lang), &kMuted);
    }
    if (m.action == ParticipantAction::add) {
        wrapped_text(ui_text::check_before_add.in(lang), &kMuted);
        if (s.gateway.status == LoadStatus::loaded) {
            char allowance[96];
            std::snprintf(allowance, sizeof allowance, ui_text::adds_today.in(lang), s.gateway.data.adds_today,
                          s.gateway.data.adds_per_day);
            wrapped_text(allowance, &kMuted);
        }
    }

    draw_job_results(app);
    draw_side_results(app);
}

} // namespace gd
