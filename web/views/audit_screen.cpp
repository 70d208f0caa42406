// The activity log: who did what, when, to whom, in which group, with what result.
#include "shared/outcomes.h"
#include "web/state/app_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/widgets.h"
#include "web/views/phone_text.h"

#include <imgui.h>

namespace gd {

namespace {

const char* action_label(const std::string& action, Lang lang) {
    if (action == "invite_link_sent") return ui_text::invite_link_sent_action.in(lang);
    if (action == "invite_link_revoked") return ui_text::invite_link_revoked_action.in(lang);
    if (action == "contact_saved") return ui_text::contact_saved_action.in(lang);
    if (action == "job_cancelled") return ui_text::job_cancelled_action.in(lang);
    return action_text(nlohmann::json(action).get<ParticipantAction>()).in(lang);
}

bool is_member_action(const std::string& action) {
    return action == "add" || action == "remove" || action == "promote" || action == "demote";
}

// An outcome is a ChangeOutcome name, or an ErrorCode name for a request that failed.
const char* outcome_label(const AuditEntry& e, Lang lang) {
    static const Text done{"Готово.", "Done."};
    ErrorCode code = error_code_from_name(e.outcome);
    if (code != ErrorCode::unknown) return error_text(code).in(lang);
    if (!is_member_action(e.action)) {
        if (e.outcome == "done" || e.outcome == "cancelled") return e.outcome == "done" ? done.in(lang) : outcome_text(ChangeOutcome::cancelled, ParticipantAction::add).in(lang);
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
    if (!ImGui::BeginTable("##audit", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ui_text::column_when.in(lang), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn(ui_text::column_who.in(lang), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(ui_text::column_action.in(lang), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(ui_text::column_group.in(lang), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(ui_text::column_phone.in(lang), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(ui_text::column_result.in(lang), ImGuiTableColumnFlags_WidthStretch, 2.4f);
    table_headers_row();
    ImGuiListClipper clipper;
    clipper.Begin((int)entries.size());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const AuditEntry& e = entries[r];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            std::string when = e.at.size() >= 16 ? e.at.substr(0, 10) + " " + e.at.substr(11, 5) : e.at;
            ImGui::TextUnformatted(when.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(e.actor.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(action_label(e.action, lang));
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(e.group_name.c_str());
            ImGui::TableSetColumnIndex(4);
            phone_text(e.phone, e.phone_display, lang);
            ImGui::TableSetColumnIndex(5);
            ImGui::TextUnformatted(outcome_label(e, lang));
            inspect_last_item(outcome_label(e, lang));
        }
    }
    ImGui::EndTable();
}

} // namespace gd
