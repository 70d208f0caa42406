// «Пользователи» (CRM administrators): the licence seats, «Добавить пользователя» while a seat is
// free (else why not, and the two ways out), the form and the login handed over once, the
// deactivation being prepared, the handovers running, then the users: search by name or e-mail,
// filter active / inactive / all; each with e-mail, group or department, role, and marks (active,
// administrator, GroupDesk's own user). Fits a 300 px panel: every line wraps, buttons go below.
#include "web/inspect/ui_inspector.h"
#include "web/state/ui_text.h"
#include "web/state/users_admin.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace gd {

namespace {

void draw_add_offer(App& app) {
    AppState& s = app.state;
    UsersAdmin& u = s.users;
    const Lang lang = s.lang;
    const ErrorCode why = why_no_add(s);
    if (!u.add.open) {
        ImGui::BeginDisabled(why != ErrorCode::unknown);
        if (ImGui::Button(ui_text::users_add.in(lang))) open_add_form(app);
        ImGui::EndDisabled();
    }
    if (why == ErrorCode::unknown) return;
    wrapped_text(error_text(why).in(lang), &kBad);
    wrapped_text(error_next_step(why).in(lang), &kMuted);
    if (why != ErrorCode::crm_no_free_seat) return;
    // No seat: free one, or buy one (in the CRM's billing; GroupDesk cannot).
    const char* deactivate = ui_text::users_deactivate_someone.in(lang);
    const char* buy = ui_text::users_buy_licence.in(lang);
    if (ImGui::Button(deactivate)) {
        u.deactivate_hint = true;
        u.filter = UserListFilter::active;
        u.search.clear();
    }
    same_line_if_fits(button_width(buy));
    if (ImGui::Button(buy)) u.buy_hint = true;
    if (u.deactivate_hint) wrapped_text(ui_text::users_deactivate_hint.in(lang), &kMuted);
    if (u.buy_hint) {
        const std::string& crm = u.directory.data.crm;
        const Text& where = crm == "amocrm"     ? ui_text::users_buy_amocrm
                            : crm == "bitrix24" ? ui_text::users_buy_bitrix24
                                                : ui_text::users_buy_other;
        wrapped_text(where.in(lang), &kMuted);
    }
}

void draw_search_and_filter(App& app) {
    UsersAdmin& u = app.state.users;
    const Lang lang = app.state.lang;
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##users_search", ui_text::users_search_hint.in(lang), &u.search);
    const struct {
        UserListFilter filter;
        const Text& label;
    } choices[] = {{UserListFilter::active, ui_text::users_filter_active},
                   {UserListFilter::inactive, ui_text::users_filter_inactive},
                   {UserListFilter::all, ui_text::users_filter_all}};
    bool first = true;
    for (const auto& choice : choices) {
        const char* label = choice.label.in(lang);
        if (!first) same_line_if_fits(ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
        first = false;
        if (ImGui::RadioButton(label, u.filter == choice.filter)) u.filter = choice.filter;
    }
}

std::string marks_of(const CrmUser& user, Lang lang) {
    std::string marks = (user.active ? ui_text::users_mark_active : ui_text::users_mark_inactive).in(lang);
    if (user.is_admin) marks += std::string(" · ") + ui_text::users_mark_admin.in(lang);
    if (user.is_free) marks += std::string(" · ") + ui_text::users_mark_free.in(lang);
    return marks;
}

void draw_user(App& app, const CrmUser& user) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    const bool bitrix24 = s.users.directory.data.crm == "bitrix24";
    ImGui::PushID(user.id.c_str());
    wrapped_text(user.name.c_str(), user.active ? nullptr : &kMuted);
    wrapped_text(user.email.c_str(), &kMuted);
    std::string where;
    if (!user.group.empty()) where = formatted((bitrix24 ? ui_text::users_department : ui_text::users_group).in(lang), user.group.c_str());
    if (!user.role.empty()) where += (where.empty() ? "" : " · ") + formatted(ui_text::users_role.in(lang), user.role.c_str());
    if (!where.empty()) wrapped_text(where.c_str(), &kMuted);
    wrapped_text(marks_of(user, lang).c_str(), user.active ? &kGood : &kMuted);
    if (user.is_integration) wrapped_text(ui_text::users_mark_integration.in(lang), &kGood);
    if (user.active) {
        if (const Text* why_not = why_not_deactivatable(s, user)) {
            // The CRM deactivating no one through its API is said once, above the list.
            if (why_not != &error_text(ErrorCode::crm_deactivate_unavailable)) wrapped_text(why_not->in(lang), &kMuted);
        } else {
            const char* label = ui_text::users_deactivate.in(lang);
            ImGui::BeginDisabled(!s.users.deactivation.leaver_id.empty());
            if (ImGui::SmallButton(label)) open_deactivation(app, user.id);
            ImGui::EndDisabled();
            inspect_last_item((std::string(label) + " " + user.id).c_str());
        }
    }
    ImGui::Separator();
    ImGui::PopID();
}

void draw_user_list(App& app) {
    AppState& s = app.state;
    const UsersAdmin& u = s.users;
    const CrmAdminAbilities& abilities = u.directory.data.abilities;
    if (!abilities.reassign && !abilities.deactivate) {
        wrapped_text(error_text(ErrorCode::crm_deactivate_unavailable).in(s.lang), &kMuted);
        wrapped_text(error_next_step(ErrorCode::crm_deactivate_unavailable).in(s.lang), &kMuted);
    }
    const std::vector<int> rows = visible_user_rows(u);
    s.rows_shown = (int)rows.size();
    if (rows.empty()) {
        wrapped_text(ui_text::users_none_match.in(s.lang), &kMuted);
        return;
    }
    const int shown = std::min((int)rows.size(), kUsersShown);
    if (shown < (int)rows.size()) wrapped_text(formatted(ui_text::shown_of.in(s.lang), shown, (int)rows.size()).c_str(), &kMuted);
    for (int i = 0; i < shown; ++i) draw_user(app, u.directory.data.users[rows[i]]);
}

} // namespace

void draw_users_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (draw_back_and_title(app, ui_text::users_title.in(lang))) return;
    const Remote<UserDirectory>& directory = s.users.directory;
    if (directory.status == LoadStatus::loading && directory.data.users.empty()) draw_progress(s, directory.started_at);
    if (directory.data.users.empty() && directory.status != LoadStatus::loaded) return;
    ImGui::BeginChild("##users", ImVec2(0, 0), false);
    draw_seats_panel(app);
    draw_add_offer(app);
    draw_new_credentials(app);
    draw_add_user_form(app);
    draw_deactivation_form(app);
    draw_handovers(app);
    ImGui::Spacing();
    draw_search_and_filter(app);
    draw_user_list(app);
    ImGui::EndChild();
}

} // namespace gd
