// «Новый пользователь»: «Имя Фамилия» in one field, the e-mail (the login), a generated password
// (or the CRM's own invitation), the group or department, the role; each checked as typed, and
// the CRM's refusal shown under the field it names. An e-mail with an account elsewhere offers
// «Добавить существующий аккаунт». Then the login handed over once, with copy buttons.
#include "web/inspect/ui_inspector.h"
#include "web/state/ui_text.h"
#include "web/state/users_admin.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace gd {

namespace {

void draw_problem(const AppState& s, const char* field) {
    const std::string problem = add_field_problem(s, field);
    if (!problem.empty()) wrapped_text(problem.c_str(), &kBad);
}

// A text field across the panel, its caption above it (a hint inside would vanish as one types).
void draw_field(App& app, const char* caption, const char* id, std::string& value, const char* field,
                ImGuiInputTextFlags flags = 0) {
    wrapped_text(caption);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputText(id, &value, flags)) edit_add_field(app, field);
    draw_problem(app.state, field);
}

// A choice among the CRM's groups (departments) or roles; `none` names the empty choice, or
// nullptr when one must be made.
void draw_choice(App& app, const char* caption, const char* id, const std::vector<CrmGroup>& options, std::string& chosen,
                 const char* none, const char* field) {
    const Lang lang = app.state.lang;
    wrapped_text(caption);
    std::string preview = none ? none : ui_text::users_not_chosen.in(lang);
    for (const CrmGroup& option : options)
        if (option.id == chosen) preview = option.name;
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo(id, preview.c_str())) {
        if (none && ImGui::Selectable(none, chosen.empty())) chosen.clear(), edit_add_field(app, field);
        for (const CrmGroup& option : options) {
            ImGui::PushID(option.id.c_str());
            if (ImGui::Selectable(option.name.c_str(), option.id == chosen)) chosen = option.id, edit_add_field(app, field);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    inspect_last_item(visible_label(id).c_str());
    draw_problem(app.state, field);
}

void draw_password(App& app) {
    AppState& s = app.state;
    AddUserForm& form = s.users.add;
    const Lang lang = s.lang;
    draw_field(app, ui_text::users_password_label.in(lang), "##new_user_password", form.password, "password",
               ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::Button(ui_text::users_generate.in(lang))) generate_new_password(app);
    if (form.random_failed) wrapped_text(ui_text::users_no_random.in(lang), &kBad);
}

// A refusal that names no field: the form as a whole, with what to do.
void draw_form_error(App& app) {
    const AddUserForm& form = app.state.users.add;
    const Lang lang = app.state.lang;
    if (form.sent.status != LoadStatus::failed || !form_field_of(form.sent.error).empty()) return;
    const Error& error = form.sent.error;
    // No seat: said above the form already, with the ways to free or buy one.
    if (error.code == ErrorCode::crm_no_free_seat && why_no_add(app.state) == ErrorCode::crm_no_free_seat) return;
    wrapped_text(error_text(error.code).in(lang), &kBad);
    wrapped_text(error_next_step(error.code).in(lang), &kMuted);
    if (!error.detail.empty()) wrapped_text(error.detail.c_str(), &kMuted);
}

} // namespace

void draw_add_user_form(App& app) {
    AppState& s = app.state;
    AddUserForm& form = s.users.add;
    const UserDirectory& d = s.users.directory.data;
    const Lang lang = s.lang;
    if (!form.open) return;
    ImGui::PushID("add_form");
    wrapped_text(ui_text::users_new_title.in(lang));
    const bool busy = add_in_flight(s);
    ImGui::BeginDisabled(busy);
    if (form.existing_account) {
        wrapped_text(formatted(ui_text::users_existing_note.in(lang), form.email.c_str()).c_str(), &kMuted);
    } else {
        draw_field(app, ui_text::users_name_label.in(lang), "##new_user_name", form.full_name, "name");
        wrapped_text(ui_text::users_name_hint.in(lang), &kMuted);
    }
    draw_field(app, ui_text::users_email_label.in(lang), "##new_user_email", form.email, "email", ImGuiInputTextFlags_CharsNoBlank);
    if (existing_account_offered(s)) {
        wrapped_text(error_next_step(ErrorCode::crm_email_has_account).in(lang), &kMuted);
        if (ImGui::Button(ui_text::users_existing_account.in(lang))) add_existing_account(app);
    } else if (form.sent.status == LoadStatus::failed && form.sent.error.code == ErrorCode::crm_email_in_account) {
        wrapped_text(error_next_step(ErrorCode::crm_email_in_account).in(lang), &kMuted);
    }
    if (!form.existing_account) {
        if (d.abilities.sets_password) draw_password(app);
        else wrapped_text((d.crm == "bitrix24" ? ui_text::users_invitation_bitrix24 : ui_text::users_invitation_other).in(lang), &kMuted);
    }
    const bool bitrix24 = d.crm == "bitrix24";
    if (!d.groups.empty() || d.abilities.group_required)
        draw_choice(app, (bitrix24 ? ui_text::users_department_label : ui_text::users_group_label).in(lang), "##new_user_group",
                    d.groups, form.group_id, d.abilities.group_required ? nullptr : ui_text::users_not_chosen.in(lang), "group_id");
    if (d.abilities.has_roles)
        draw_choice(app, ui_text::users_role_label.in(lang), "##new_user_role", d.roles, form.role_id,
                    ui_text::users_no_role.in(lang), "role_id");
    draw_form_error(app);
    ImGui::BeginDisabled(why_no_add(s) != ErrorCode::unknown);
    if (ImGui::Button(ui_text::users_send.in(lang))) send_new_user(app);
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    same_line_if_fits(button_width(ui_text::cancel.in(lang)));
    if (ImGui::Button(ui_text::cancel.in(lang))) close_add_form(app);
    if (busy) draw_progress(s, form.sent.started_at);
    ImGui::Separator();
    ImGui::PopID();
}

void draw_new_credentials(App& app) {
    AppState& s = app.state;
    const NewCredentials& c = s.users.credentials;
    const Lang lang = s.lang;
    if (!c.shown) return;
    if (c.existing_account) wrapped_text(formatted(ui_text::users_added_existing.in(lang), c.login.c_str()).c_str(), &kGood);
    else wrapped_text(formatted(ui_text::users_added.in(lang), c.name.c_str()).c_str(), &kGood);
    wrapped_text(formatted(ui_text::users_login_line.in(lang), c.login.c_str()).c_str());
    if (ImGui::Button(ui_text::users_copy_login.in(lang))) ImGui::SetClipboardText(c.login.c_str());
    if (!c.password.empty()) {
        wrapped_text(formatted(ui_text::users_password_line.in(lang), c.password.c_str()).c_str());
        if (ImGui::Button(ui_text::users_copy_password.in(lang))) ImGui::SetClipboardText(c.password.c_str());
    }
    wrapped_text(ui_text::users_message_title.in(lang), &kMuted);
    const std::string message = credentials_message(c, lang);
    wrapped_text(message.c_str());
    if (ImGui::Button(ui_text::users_copy_message.in(lang))) ImGui::SetClipboardText(message.c_str());
    if (!c.password.empty()) wrapped_text(ui_text::users_password_once.in(lang), &kMuted);
    if (ImGui::Button(ui_text::close_panel.in(lang))) close_credentials(app);
    ImGui::Separator();
}

} // namespace gd
