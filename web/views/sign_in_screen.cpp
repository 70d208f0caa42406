// Signing in on the standalone page: login, password, «Войти». The sandbox says its demo login
// and offers to enter with it in one click. Enter in either field signs in.
#include "web/state/app_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace gd {

namespace {

// Why signing in is needed or failed, and what to do: inline, as the form is the retry.
void draw_reason(const Error& error, Lang lang) {
    wrapped_text(error_text(error.code).in(lang), &kBad);
    wrapped_text(error_next_step(error.code).in(lang), &kMuted);
}

} // namespace

void draw_sign_in_screen(App& app) {
    AppState& s = app.state;
    SignIn& si = s.sign_in;
    const Lang lang = s.lang;
    const bool busy = si.session.status == LoadStatus::loading;

    // A narrow column reads better than fields across a wide card.
    const float column = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 26);
    ImGui::Spacing();
    // Opened by a CRM card: its user has no GroupDesk password; only the card can open a session.
    if (s.card.from_crm) {
        wrapped_text(ui_text::card_crm_session_ended.in(lang), &kBad);
        return;
    }
    ImGui::TextUnformatted(ui_text::sign_in_title.in(lang));
    ImGui::Spacing();
    if (si.reason.code != ErrorCode::unknown) draw_reason(si.reason, lang);

    bool submit = false;
    ImGui::BeginDisabled(busy);
    ImGui::SetNextItemWidth(column);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    submit |= ImGui::InputTextWithHint("##login", ui_text::login_label.in(lang), &si.login,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SetNextItemWidth(column);
    submit |= ImGui::InputTextWithHint("##password", ui_text::password_label.in(lang), &si.password,
                                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::BeginDisabled(si.login.empty());
    submit |= ImGui::Button(ui_text::sign_in.in(lang));
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (submit) sign_in(app);

    if (busy) draw_progress(s, si.session.started_at);
    if (si.session.status == LoadStatus::failed) draw_reason(si.session.error, lang);
    ImGui::Spacing();
    wrapped_text(ui_text::sign_in_hint.in(lang), &kMuted);
    if (s.health.status == LoadStatus::loaded && !s.health.data.demo_login.empty()) {
        ImGui::Spacing();
        wrapped_text(ui_text::sandbox_hint.in(lang), &kMuted);
        ImGui::BeginDisabled(busy);
        if (ImGui::Button(ui_text::sandbox_sign_in.in(lang))) {
            si.login = s.health.data.demo_login;
            si.password = kSandboxDemoPassword;
            sign_in(app);
        }
        ImGui::EndDisabled();
    }
}

} // namespace gd
