// The activity log: who did what, when, to whom, in which group, with what result.
#include "shared/outcomes.h"
#include "web/state/app_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/widgets.h"
#include "web/views/phone_text.h"

#include <imgui.h>

#include <cstdio>

namespace gd {

namespace {

bool is_member_action(const std::string& action) {
    return action == "add" || action == "remove" || action == "promote" || action == "demote";
}

// The log's own actions besides a member change (whose names are ParticipantAction's).
struct NamedAction {
    const char* name;
    const Text& label;
};
constexpr NamedAction kOtherActions[] = {
    {"invite_link_sent", ui_text::invite_link_sent_action},
    {"invite_link_revoked", ui_text::invite_link_revoked_action},
    {"contact_saved", ui_text::contact_saved_action},
    {"job_cancelled", ui_text::job_cancelled_action},
    {"privacy_retry", ui_text::privacy_retry_action},
    {"crm_user_added", ui_text::crm_user_added_action},
    {"crm_seats_entered", ui_text::crm_seats_entered_action},
    {"crm_handover_started", ui_text::crm_handover_started_action},
    {"crm_user_deactivated", ui_text::crm_user_deactivated_action},
    {"crm_deactivation_by_hand", ui_text::crm_deactivation_by_hand_action},
};

const char* action_label(const std::string& action, Lang lang) {
    if (is_member_action(action)) return action_text(nlohmann::json(action).get<ParticipantAction>()).in(lang);
    for (const NamedAction& named : kOtherActions)
        if (action == named.name) return named.label.in(lang);
    return action.c_str();   // from a newer proxy: its own name rather than a wrong one
}

// An outcome is a ChangeOutcome name, an ErrorCode name for a request that failed, or (licences
// entered) "N paid, M technical".
std::string outcome_label(const AuditEntry& e, Lang lang) {
    static const Text done{"Готово.", "Done."};
    ErrorCode code = error_code_from_name(e.outcome);
    if (code != ErrorCode::unknown) return error_text(code).in(lang);
    if (!is_member_action(e.action)) {
        if (e.outcome == "done") return done.in(lang);
        if (e.outcome == "queued") return ui_text::audit_started.in(lang);
        if (e.outcome == "cancelled") return outcome_text(ChangeOutcome::cancelled, ParticipantAction::add).in(lang);
        if (int paid = 0, technical = 0; sscanf(e.outcome.c_str(), "%d paid, %d technical", &paid, &technical) == 2) {
            char seats[128];
            snprintf(seats, sizeof seats, ui_text::audit_seats.in(lang), paid, technical);
            return seats;
        }
        return outcome_text(nlohmann::json(e.outcome).get<ChangeOutcome>(), ParticipantAction::add).in(lang);
    }
    ParticipantAction action = nlohmann::json(e.action).get<ParticipantAction>();
    return outcome_text(nlohmann::json(e.outcome).get<ChangeOutcome>(), action).in(lang);
}

} // namespace

void draw_audit_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (draw_back_and_title(app, ui_text::audit_title.in(lang))) return;
    if (s.audit.status == LoadStatus::loading) draw_progress(s, s.audit.started_at);
    if (s.audit.status != LoadStatus::loaded) return;
    const std::vector<AuditEntry>& entries = s.audit.data.entries;
    s.rows_shown = (int)entries.size();
    if (entries.empty()) {
        wrapped_text(ui_text::audit_empty.in(lang));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    const float font = ImGui::GetFontSize();
    const std::vector<TableColumn> columns = {
        {ui_text::column_when.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_when.in(lang), {"2026-11-23 09:00"})},
        {ui_text::column_who.in(lang), ImGuiTableColumnFlags_WidthStretch, font * 4, 1.0f},
        {ui_text::column_action.in(lang), ImGuiTableColumnFlags_WidthStretch, font * 6, 1.6f},
        {ui_text::column_group.in(lang), ImGuiTableColumnFlags_WidthStretch, font * 6, 1.6f},
        {ui_text::column_phone.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_phone.in(lang), {"+7 916 123-45-67"})},
        {ui_text::column_result.in(lang), ImGuiTableColumnFlags_WidthStretch, font * 9, 2.4f},
    };
    const float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    // Six columns need a desktop: a narrower panel shows each entry as a few lines instead.
    const std::vector<bool> all(columns.size(), true);
    const bool stacked = !columns_fit(columns, all, width);
    if (!ImGui::BeginTable("##audit", stacked ? 1 : 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, stacked ? 0 : 1);
    if (!stacked) {
        setup_columns(columns, all);
        table_headers_row();
    }
    // Rows are as tall as their wrapped words, which ImGuiListClipper (equal rows only) cannot
    // skip over; the log holds at most 200 entries (the proxy's page), so each is drawn.
    for (int r = 0; r < (int)entries.size(); ++r) {
        const AuditEntry& e = entries[r];
        ImGui::PushID(r);
        ImGui::TableNextRow();
        std::string when = e.at.size() >= 16 ? e.at.substr(0, 10) + " " + e.at.substr(11, 5) : e.at;
        const std::string outcome = outcome_label(e, lang);
        if (stacked) {
            ImGui::TableSetColumnIndex(0);
            ellipsis_text((when + " · " + e.actor).c_str(), &kMuted, 0, "");
            wrapped_text((std::string(action_label(e.action, lang)) + " · " + e.group_name).c_str());
            if (!e.phone.empty()) phone_text(e.phone, e.phone_display, lang);
            wrapped_text(outcome.c_str());
            ImGui::PopID();
            continue;
        }
        // Words wrap in their column; a date, a name or a number is cut with "…" instead.
        ImGui::TableSetColumnIndex(0);
        ellipsis_text(when.c_str(), nullptr, 0, "");
        ImGui::TableSetColumnIndex(1);
        ellipsis_text(e.actor.c_str(), nullptr, 0, "");
        ImGui::TableSetColumnIndex(2);
        wrapped_text(action_label(e.action, lang));
        ImGui::TableSetColumnIndex(3);
        wrapped_text(e.group_name.c_str());
        ImGui::TableSetColumnIndex(4);
        phone_text(e.phone, e.phone_display, lang);
        ImGui::TableSetColumnIndex(5);
        wrapped_text(outcome.c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

} // namespace gd
