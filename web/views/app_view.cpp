#include "web/views/app_view.h"

#include "web/state/admin_screens.h"
#include "web/state/app_actions.h"
#include "web/state/jobs_list.h"
#include "web/inspect/ui_inspector.h"
#include "shared/outcomes.h"
#include "web/state/ui_text.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <vector>

namespace gd {

namespace {

// Before signing in: the title and the language switch only.
void draw_sign_in_bar(App& app) {
    AppState& s = app.state;
    ImGui::TextUnformatted(ui_text::app_title.in(s.lang));
    const char* lang_label = ui_text::language_switch.in(s.lang);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(lang_label).x -
                    ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button(lang_label)) set_language(app, s.lang == Lang::ru ? Lang::en : Lang::ru);
    ImGui::Separator();
}

// What the top bar offers once signed in: the screens the user may open, the language switch,
// refresh and sign out. The same labels in the bar and in the narrow panel's menu, so a click on
// a label does the same thing in both.
struct TopBarButton {
    const char* label;
    void (*press)(App&);
    bool disabled = false;
};

void refresh_screen(App& app) {
    AppState& s = app.state;
    load_gateway_status(app);
    load_running_jobs(app);
    if (s.screen == Screen::groups) load_groups(app);
    else if (s.screen == Screen::audit) open_audit(app);
    else if (is_admin_screen(s.screen)) {
        if (app.admin) app.admin->refresh(app, s.screen);
    } else {
        reload_participants(app);
        load_group_jobs(app);
    }
}

template <Screen screen>
void open_admin(App& app) { open_admin_screen(app, screen); }

struct AdminButton {
    Screen screen;
    const Text& label;
    void (*press)(App&);
};
const AdminButton kAdminButtons[] = {{Screen::robots, ui_text::robots_open, open_admin<Screen::robots>},
                                     {Screen::users, ui_text::users_open, open_admin<Screen::users>},
                                     {Screen::pipeline, ui_text::pipeline_open, open_admin<Screen::pipeline>}};

std::vector<TopBarButton> top_bar_buttons(const AppState& s) {
    std::vector<TopBarButton> buttons;
    // The log and the robots' runs show everyone's actions: the proxy serves them to
    // administrators only. The demo pipeline exists in the sandbox only; users: CRM administrators.
    if (s.user.is_admin) buttons.push_back({ui_text::audit_open.in(s.lang), open_audit});
    // In the card widget these open the console in its place (admin_screens.h).
    for (const AdminButton& b : kAdminButtons)
        if (admin_screen_allowed(s, b.screen)) buttons.push_back({b.label.in(s.lang), b.press});
    buttons.push_back({ui_text::language_switch.in(s.lang),
                       [](App& app) { set_language(app, app.state.lang == Lang::ru ? Lang::en : Lang::ru); }});
    buttons.push_back({ui_text::refresh.in(s.lang), refresh_screen, any_request_in_flight(s)});
    buttons.push_back({ui_text::sign_out.in(s.lang), sign_out});
    return buttons;
}

const char* screen_subtitle(const AppState& s) {
    return s.screen == Screen::groups     ? ui_text::groups_title.in(s.lang)
           : s.screen == Screen::audit    ? ui_text::audit_title.in(s.lang)
           : s.screen == Screen::robots   ? ui_text::robots_title.in(s.lang)
           : s.screen == Screen::pipeline ? ui_text::pipeline_title.in(s.lang)
           : s.screen == Screen::users    ? ui_text::users_title.in(s.lang)
                                          : s.participants.data.group.name.c_str();
}

// A narrow panel (amoCRM's right-hand one, a phone): the title, the screen's name cut to the room
// left, and «Меню» holding who is signed in and every button, one per line.
void draw_narrow_top_bar(App& app, const std::vector<TopBarButton>& buttons) {
    AppState& s = app.state;
    const char* menu = ui_text::menu.in(s.lang);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ui_text::app_title.in(s.lang));
    inspect_last_item(ui_text::app_title.in(s.lang));
    ImGui::SameLine();
    const float subtitle_room = ImGui::GetContentRegionAvail().x - button_width(menu) - style.ItemSpacing.x;
    if (subtitle_room > ImGui::GetFontSize() * 2) ellipsis_text(screen_subtitle(s), &kMuted, subtitle_room);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - button_width(menu));
    if (ImGui::Button(menu)) ImGui::OpenPopup("##menu");
    if (ImGui::BeginPopup("##menu")) {
        ImGui::TextDisabled("%s", s.user.name.c_str());
        inspect_last_item(s.user.name.c_str());
        ImGui::Separator();
        for (const TopBarButton& b : buttons) {
            ImGui::BeginDisabled(b.disabled);
            if (ImGui::Selectable(b.label)) b.press(app);
            ImGui::EndDisabled();
        }
        ImGui::EndPopup();
    }
    ImGui::Separator();
}

void draw_top_bar(App& app) {
    AppState& s = app.state;
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::vector<TopBarButton> buttons = top_bar_buttons(s);
    float width = ImGui::CalcTextSize(s.user.name.c_str()).x;
    for (const TopBarButton& b : buttons) width += button_width(b.label) + style.ItemSpacing.x;
    // The buttons need a line of their own at least: where they would wrap, the menu holds them.
    const float right = ImGui::GetContentRegionMax().x;
    if (width > ImGui::GetContentRegionAvail().x) {
        draw_narrow_top_bar(app, buttons);
        return;
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ui_text::app_title.in(s.lang));
    inspect_last_item(ui_text::app_title.in(s.lang));
    const char* subtitle = screen_subtitle(s);
    same_line_if_fits(ImGui::CalcTextSize(subtitle).x);
    wrapped_text(subtitle, &kMuted);

    // Right-aligned beside the title when they fit, else on the line below it.
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + style.ItemSpacing.x + width <= right) ImGui::SameLine(right - width);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", s.user.name.c_str());
    inspect_last_item(s.user.name.c_str());
    for (const TopBarButton& b : buttons) {
        ImGui::SameLine();
        ImGui::BeginDisabled(b.disabled);
        if (ImGui::Button(b.label)) b.press(app);
        ImGui::EndDisabled();
    }
    ImGui::Separator();
}

} // namespace

void draw_progress(const AppState& s, double started_at) {
    if (s.now - started_at < kProgressDelaySeconds) return;
    // The proxy reports no percentage for a single read: a sweeping bar says "still working".
    float sweep = (float)(s.now - started_at);
    sweep -= (float)(int)sweep;
    ImGui::ProgressBar(sweep, ImVec2(-1, 0), ui_text::loading.in(s.lang));
    inspect_last_item(ui_text::loading.in(s.lang));
}

bool draw_back_and_title(App& app, const char* title) {
    if (ImGui::Button(ui_text::back.in(app.state.lang))) {
        back_to_groups(app);
        return true;
    }
    same_line_if_fits(ImGui::CalcTextSize(title).x);
    wrapped_text(title);
    return false;
}

void draw_error_panel(App& app, const Error& error) {
    const Lang lang = app.state.lang;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.98f, 0.90f, 0.90f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.45f, 0.05f, 0.05f, 1));
    float height = ImGui::GetTextLineHeightWithSpacing() * 3 + ImGui::GetFrameHeightWithSpacing() +
                   ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("##error", ImVec2(0, height), true);
    wrapped_text(error_text(error.code).in(lang));
    wrapped_text(error_next_step(error.code).in(lang));
    ImGui::TextDisabled("%s: %s%s%s", ui_text::error_code_label.in(lang), error_code_name(error.code),
                        error.detail.empty() ? "" : " — ", error.detail.c_str());
    ImGui::PopStyleColor();
    if (ImGui::Button(ui_text::retry.in(lang))) retry(app);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void draw_app(App& app) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("GroupDesk", nullptr, flags);
    if (app.state.screen == Screen::sign_in) {
        draw_sign_in_bar(app);
        draw_sign_in_screen(app);
        ImGui::End();
        return;
    }
    if (app.state.compact.on) {   // amoCRM's right-hand panel: one view of its own, no top bar
        draw_compact_card_view(app);
        return ImGui::End();
    }
    draw_top_bar(app);
    // A banned, warned or disconnected number concerns every screen: say it first.
    const AppState& s = app.state;
    if (s.gateway.status == LoadStatus::loaded && connection_problem(s.gateway.data.connection.status) != ErrorCode::unknown)
        draw_error_panel(app, Error{connection_problem(s.gateway.data.connection.status), s.gateway.data.connection.phone});
    if (const Error* error = visible_error(app.state)) draw_error_panel(app, *error);
    if (app.state.screen == Screen::groups) draw_groups_screen(app);
    else if (app.state.screen == Screen::audit) draw_audit_screen(app);
    else if (is_admin_screen(app.state.screen)) {
        if (app.admin) app.admin->draw(app, app.state.screen);
    } else draw_participants_screen(app);
    ImGui::End();
}

} // namespace gd
