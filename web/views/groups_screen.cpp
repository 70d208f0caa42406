// The list of WhatsApp groups our number is in: search, member counts, whether we are admin.
#include "web/state/app_actions.h"
#include "web/state/ui_text.h"
#include "web/state/visible_rows.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace gd {

void draw_groups_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;

    draw_card_chooser(app);
    draw_running_jobs_panel(app);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##filter", ui_text::search_groups_hint.in(lang), &s.group_filter);

    if (s.groups.status == LoadStatus::loading) draw_progress(s, s.groups.started_at);
    if (s.groups.status != LoadStatus::loaded && s.groups.data.empty()) {
        s.rows_shown = 0;
        return;
    }

    const std::vector<Group>& groups = s.groups.data;
    std::vector<int> rows = visible_group_rows(groups, s.group_filter);
    s.rows_shown = (int)rows.size();
    s.first_visible_row = 0;
    if (groups.empty()) {
        wrapped_text(ui_text::no_groups.in(lang));
        return;
    }
    if (rows.empty()) {
        wrapped_text(ui_text::no_group_matches.in(lang));
        return;
    }

    // A narrow panel drops «Наш номер», then «Участники», and shows them under the group's name.
    const char* admin = ui_text::we_are_admin.in(lang);
    const char* not_admin = ui_text::we_are_not_admin.in(lang);
    const std::vector<TableColumn> columns = {
        {ui_text::column_group.in(lang), ImGuiTableColumnFlags_WidthStretch, ImGui::GetFontSize() * 9, 1.0f},
        {ui_text::column_members.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_members.in(lang), {"00000"}), 0, 2},
        {ui_text::column_our_role.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_our_role.in(lang), {admin, not_admin}), 0, 1},
    };
    const std::vector<bool> shown = columns_that_fit(columns, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##groups", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    setup_columns(columns, shown);
    table_headers_row();

    bool first_seen = false;
    ImGuiListClipper clipper;
    clipper.Begin((int)rows.size());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Group& g = groups[rows[r]];
            const char* role = g.we_are_admin ? admin : not_admin;
            std::string stacked;
            if (!shown[1]) stacked = formatted(ui_text::members_count.in(lang), g.participant_count);
            if (!shown[2]) stacked += (stacked.empty() ? "" : " · ") + std::string(role);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(g.id.c_str());
            if (ellipsis_selectable(g.name.c_str(), false, stacked.empty() ? nullptr : stacked.c_str())) open_group(app, g.id);
            if (!first_seen && ImGui::IsItemVisible()) {
                first_seen = true;
                s.first_visible_row = r;
            }
            ImGui::PopID();
            if (ImGui::TableSetColumnIndex(1)) ImGui::Text("%d", g.participant_count);
            if (ImGui::TableSetColumnIndex(2)) {
                if (g.we_are_admin) ImGui::TextUnformatted(admin);
                else ImGui::TextDisabled("%s", not_admin);
            }
        }
    }
    ImGui::EndTable();
}

} // namespace gd
