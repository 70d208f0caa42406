// The group's invite link: get it, copy it, revoke it (administrators only, after a confirmation:
// every link already sent stops working). Sending it to one person is offered next to that person's result.
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace gd {

void draw_invite_link_panel(App& app) {
    AppState& s = app.state;
    MemberActions& m = s.members;
    const Lang lang = s.lang;
    if (!ImGui::CollapsingHeader(ui_text::invite_link.in(lang))) return;
    inspect_last_item(ui_text::invite_link.in(lang));
    const ImVec4 muted(0.40f, 0.45f, 0.50f, 1);
    wrapped_text(ui_text::invite_link_hint.in(lang), &muted);

    const bool admin = s.participants.data.group.we_are_admin;
    if (m.invite_link.status == LoadStatus::failed) draw_error_panel(app, m.invite_link.error);
    if (m.invite_link.status == LoadStatus::loading) draw_progress(s, m.invite_link.started_at);

    if (m.invite_link.status != LoadStatus::loaded || m.invite_link.data.url.empty()) {
        ImGui::BeginDisabled(!admin || m.invite_link.status == LoadStatus::loading);
        if (ImGui::Button(ui_text::get_link.in(lang))) fetch_invite_link(app);
        ImGui::EndDisabled();
        return;
    }

    std::string url = m.invite_link.data.url;   // read-only field: selectable, copyable by hand too
    // 22 characters wide, the panel's width in a narrower one; the buttons then go below it.
    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 22, ImGui::GetContentRegionAvail().x));
    ImGui::InputText("##invite_url", &url, ImGuiInputTextFlags_ReadOnly);
    inspect_last_item(m.invite_link.data.url.c_str());
    same_line_if_fits(button_width(ui_text::copy.in(lang)));
    if (ImGui::Button(ui_text::copy.in(lang))) ImGui::SetClipboardText(m.invite_link.data.url.c_str());
    same_line_if_fits(button_width(ui_text::revoke_link.in(lang)));
    if (!s.user.is_admin) {
        // Revoking breaks every link already sent: the proxy leaves it to administrators.
        ImGui::BeginDisabled();
        ImGui::Button(ui_text::revoke_link.in(lang));
        ImGui::EndDisabled();
        wrapped_text(ui_text::revoke_admins_only.in(lang), &muted);
        return;
    }
    if (!m.confirm_revoke) {
        if (ImGui::Button(ui_text::revoke_link.in(lang))) m.confirm_revoke = true;
        return;
    }
    const ImVec4 warning(0.62f, 0.10f, 0.10f, 1);
    wrapped_text(ui_text::revoke_confirm.in(lang), &warning);
    if (ImGui::Button(ui_text::revoke_yes.in(lang))) revoke_invite_link(app);
    same_line_if_fits(button_width(ui_text::cancel.in(lang)));
    if (ImGui::Button(ui_text::cancel.in(lang))) m.confirm_revoke = false;
}

} // namespace gd
