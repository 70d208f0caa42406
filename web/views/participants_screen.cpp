// The members of one group: who is in it and with which role; sortable, searchable, 1000+ rows.
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/state/visible_rows.h"
#include "web/views/app_view.h"
#include "web/views/phone_text.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

const char* role_text(ParticipantRole role, Lang lang) {
    switch (role) {
    case ParticipantRole::owner: return ui_text::role_owner.in(lang);
    case ParticipantRole::admin: return ui_text::role_admin.in(lang);
    case ParticipantRole::member: break;
    }
    return ui_text::role_member.in(lang);
}

// Returns true when the user changed the sort order this frame.
bool apply_sort_specs(AppState& s) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !specs->SpecsDirty || specs->SpecsCount == 0) return false;
    const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
    s.sort_column = (ParticipantColumn)spec.ColumnUserID;
    s.sort_descending = spec.SortDirection == ImGuiSortDirection_Descending;
    specs->SpecsDirty = false;
    return true;
}

} // namespace

void draw_participants_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    const ParticipantList& list = s.participants.data;

    if (ImGui::Button(ui_text::back.in(lang))) {
        back_to_groups(app);
        return;
    }
    same_line_if_fits(ImGui::CalcTextSize(list.group.name.c_str()).x);
    wrapped_text(list.group.name.c_str());
    if (s.participants.status == LoadStatus::loaded) {
        char count[64];
        std::snprintf(count, sizeof count, ui_text::members_count.in(lang), (int)list.participants.size());
        same_line_if_fits(ImGui::CalcTextSize(count).x);
        wrapped_text(count, &kMuted);
    }
    if (!list.group.id.empty() && !list.group.we_are_admin) {
        const ImVec4 warning_color(0.55f, 0.35f, 0.0f, 1);
        wrapped_text(ui_text::not_admin_warning.in(lang), &warning_color);
    }

    // While members are read again (after a job), the last list stays on screen.
    const bool have_members = s.participants.status == LoadStatus::loaded || !list.participants.empty();
    if (have_members) {
        draw_card_membership(app);
        draw_member_actions(app);
        draw_invite_link_panel(app);   // next to the results it helps with (an add that failed)
        draw_group_jobs_panel(app);
        ImGui::Separator();
    }

    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##filter", ui_text::search_people_hint.in(lang), &s.participant_filter);

    if (s.participants.status == LoadStatus::loading) draw_progress(s, s.participants.started_at);
    if (!have_members) {
        s.rows_shown = 0;
        return;
    }

    const std::vector<int>* rows = &shown_participant_rows(s);
    s.rows_shown = (int)rows->size();
    s.first_visible_row = 0;
    if (rows->empty()) {
        wrapped_text(ui_text::no_member_matches.in(lang));
        return;
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingStretchProp;
    // Remove, promote and demote act on members: tick them in the first column.
    const bool ticking = s.members.action != ParticipantAction::add;
    // A narrow panel drops «Роль», then «Телефон», and shows them under the name.
    std::vector<TableColumn> columns = {
        {ui_text::column_name.in(lang), ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthStretch,
         ImGui::GetFontSize() * 7, 3.0f, 0, (ImGuiID)ParticipantColumn::name},
        {ui_text::column_phone.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_phone.in(lang), {"+7 916 123-45-67"}),
         0, 2, (ImGuiID)ParticipantColumn::phone},
        {ui_text::column_role.in(lang), ImGuiTableColumnFlags_WidthFixed,
         column_width(ui_text::column_role.in(lang), {ui_text::role_owner.in(lang), ui_text::role_admin.in(lang), ui_text::role_member.in(lang)}),
         0, 1, (ImGuiID)ParticipantColumn::role},
    };
    if (ticking)
        columns.insert(columns.begin(), {"##tick", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort, ImGui::GetFrameHeight(), 0, 0, 99});
    const std::vector<bool> shown = columns_that_fit(columns, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize);
    const bool phone_shown = shown[ticking ? 2 : 1];
    const bool role_shown = shown[ticking ? 3 : 2];
    if (!ImGui::BeginTable("##participants", (int)columns.size(), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    setup_columns(columns, shown);
    table_headers_row();
    if (apply_sort_specs(s)) rows = &shown_participant_rows(s);

    bool first_seen = false;
    ImGuiListClipper clipper;
    clipper.Begin((int)rows->size());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Participant& p = list.participants[(*rows)[r]];
            ImGui::TableNextRow();
            ImGui::PushID(p.id.c_str());
            int column = 0;
            if (ticking) {
                ImGui::TableSetColumnIndex(column++);
                const std::vector<std::string>& ids = s.members.selected_ids;
                bool ticked = std::find(ids.begin(), ids.end(), p.id) != ids.end();
                if (ImGui::Checkbox("##tick", &ticked)) toggle_member(app, p.id);
                inspect_last_item(("tick " + p.phone).c_str());
            }
            ImGui::TableSetColumnIndex(column++);
            const char* name = p.name.empty() ? ui_text::unnamed.in(lang) : p.name.c_str();
            bool ticked_row = ticking && std::find(s.members.selected_ids.begin(), s.members.selected_ids.end(), p.id) !=
                                             s.members.selected_ids.end();
            std::string stacked = phone_shown ? "" : phone_to_show(p.phone, p.phone_display);
            if (!role_shown) stacked += (stacked.empty() ? "" : " · ") + std::string(role_text(p.role, lang));
            // While ticking, a click anywhere on the row ticks it.
            if (ellipsis_selectable(name, ticked_row, stacked.empty() ? nullptr : stacked.c_str()) && ticking) toggle_member(app, p.id);
            if (!first_seen && ImGui::IsItemVisible()) {
                first_seen = true;
                s.first_visible_row = r;
            }
            ImGui::PopID();
            // Unlabelled like the rest of the row, which the row's selectable stands for.
            if (ImGui::TableSetColumnIndex(column++)) phone_text(p.phone, p.phone_display, lang, /*inspect=*/false);
            if (ImGui::TableSetColumnIndex(column++)) ImGui::TextUnformatted(role_text(p.role, lang));
        }
    }
    ImGui::EndTable();
}

} // namespace gd
