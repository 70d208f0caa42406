#include "web/views/app_view.h"

#include "web/state/app_actions.h"
#include "web/state/jobs_list.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/users_admin.h"
#include "web/inspect/ui_inspector.h"
#include "shared/outcomes.h"
#include "web/state/ui_text.h"
#include "web/views/widgets.h"

#include <imgui.h>

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

void draw_top_bar(App& app) {
    AppState& s = app.state;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ui_text::app_title.in(s.lang));
    const char* subtitle = s.screen == Screen::groups     ? ui_text::groups_title.in(s.lang)
                           : s.screen == Screen::audit    ? ui_text::audit_title.in(s.lang)
                           : s.screen == Screen::robots   ? ui_text::robots_title.in(s.lang)
                           : s.screen == Screen::pipeline ? ui_text::pipeline_title.in(s.lang)
                           : s.screen == Screen::users    ? ui_text::users_title.in(s.lang)
                                                          : s.participants.data.group.name.c_str();
    same_line_if_fits(ImGui::CalcTextSize(subtitle).x);
    wrapped_text(subtitle, &kMuted);

    // Right-aligned beside the title when they fit; in a narrow panel (amoCRM's right-hand one)
    // they go below it and wrap: who is signed in, log, robots, users, pipeline, language switch,
    // refresh, sign out.
    const ImGuiStyle& style = ImGui::GetStyle();
    // The log and the robots' runs show everyone's actions: the proxy serves them to
    // administrators only. The demo pipeline exists in the sandbox only.
    const bool show_audit = s.user.is_admin;
    const bool show_robots = robots_screen_allowed(s);
    const bool show_users = users_screen_allowed(s);   // CRM administrators only
    const bool show_pipeline = pipeline_screen_allowed(s);
    const char* audit_label = ui_text::audit_open.in(s.lang);
    const char* robots_label = ui_text::robots_open.in(s.lang);
    const char* users_label = ui_text::users_open.in(s.lang);
    const char* pipeline_label = ui_text::pipeline_open.in(s.lang);
    const char* lang_label = ui_text::language_switch.in(s.lang);
    const char* refresh_label = ui_text::refresh.in(s.lang);
    const char* sign_out_label = ui_text::sign_out.in(s.lang);
    float width = ImGui::CalcTextSize(s.user.name.c_str()).x;
    for (const char* label : {show_audit ? audit_label : nullptr, show_robots ? robots_label : nullptr,
                              show_users ? users_label : nullptr,
                              show_pipeline ? pipeline_label : nullptr, lang_label, refresh_label, sign_out_label})
        if (label) width += button_width(label) + style.ItemSpacing.x;
    const float right = ImGui::GetContentRegionMax().x;
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + style.ItemSpacing.x + width <= right) ImGui::SameLine(right - width);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", s.user.name.c_str());
    inspect_last_item(s.user.name.c_str());
    if (show_audit) {
        same_line_if_fits(button_width(audit_label));
        if (ImGui::Button(audit_label)) open_audit(app);
    }
    if (show_robots) {
        same_line_if_fits(button_width(robots_label));
        if (ImGui::Button(robots_label)) open_robot_runs(app);
    }
    if (show_users) {
        same_line_if_fits(button_width(users_label));
        if (ImGui::Button(users_label)) open_users(app);
    }
    if (show_pipeline) {
        same_line_if_fits(button_width(pipeline_label));
        if (ImGui::Button(pipeline_label)) open_pipeline(app);
    }
    same_line_if_fits(button_width(lang_label));
    if (ImGui::Button(lang_label)) set_language(app, s.lang == Lang::ru ? Lang::en : Lang::ru);
    same_line_if_fits(button_width(refresh_label));
    ImGui::BeginDisabled(any_request_in_flight(s));
    if (ImGui::Button(refresh_label)) {
        load_gateway_status(app);
        load_running_jobs(app);
        if (s.screen == Screen::groups) load_groups(app);
        else if (s.screen == Screen::audit) open_audit(app);
        else if (s.screen == Screen::robots) load_robot_runs(app);
        else if (s.screen == Screen::users) load_users(app);
        else if (s.screen == Screen::pipeline) load_pipeline(app);
        else {
            reload_participants(app);
            load_group_jobs(app);
        }
    }
    ImGui::EndDisabled();
    same_line_if_fits(button_width(sign_out_label));
    if (ImGui::Button(sign_out_label)) sign_out(app);
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
    else if (app.state.screen == Screen::robots) draw_robots_screen(app);
    else if (app.state.screen == Screen::pipeline) draw_pipeline_screen(app);
    else if (app.state.screen == Screen::users) draw_users_screen(app);
    else draw_participants_screen(app);
    ImGui::End();
}

} // namespace gd
