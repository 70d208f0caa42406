// The licence seats as a bar: «Лицензии: занято N из M» (active users taking a seat against paid +
// technical), where M comes from (the CRM, an administrator, a refusal of the CRM), and a small
// form to enter M from the CRM's «Счёт и оплата» when it is unknown or has changed.
#include "web/inspect/ui_inspector.h"
#include "web/state/ui_text.h"
#include "web/state/users_admin.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <tuple>

namespace gd {

namespace {

const Text& seats_source_text(const SeatCount& seats) {
    if (seats.source == "crm") return ui_text::users_seats_from_crm;
    if (seats.source == "entered") return ui_text::users_seats_entered;
    if (seats.source == "learned") return ui_text::users_seats_learned;
    return ui_text::users_seats_unknown_hint;
}

void draw_seats_form(App& app) {
    AppState& s = app.state;
    UsersAdmin& u = s.users;
    const Lang lang = s.lang;
    ImGui::PushID("seats_form");   // its «Отмена» is not the add form's
    wrapped_text(ui_text::users_seats_form_hint.in(lang), &kMuted);
    const float field = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 8);
    for (auto [value, label, id] : {std::tuple{&u.paid_input, &ui_text::users_seats_paid, "##seats_paid"},
                                    std::tuple{&u.technical_input, &ui_text::users_seats_technical, "##seats_technical"}}) {
        wrapped_text(label->in(lang));
        ImGui::SetNextItemWidth(field);
        if (ImGui::InputInt(id, value, 0, 0)) *value = std::max(0, *value);
    }
    const bool valid = u.paid_input + u.technical_input >= 1;
    if (!valid) wrapped_text(ui_text::users_seats_need_one.in(lang), &kBad);
    ImGui::BeginDisabled(!valid || u.seats_saved.status == LoadStatus::loading);
    if (ImGui::Button(ui_text::save.in(lang))) save_seats(app);
    ImGui::EndDisabled();
    same_line_if_fits(button_width(ui_text::cancel.in(lang)));
    if (ImGui::Button(ui_text::cancel.in(lang))) u.seats_form_open = false;
    if (u.seats_saved.status == LoadStatus::loading) draw_progress(s, u.seats_saved.started_at);
    if (u.seats_saved.status == LoadStatus::failed) {
        wrapped_text(error_text(u.seats_saved.error.code).in(lang), &kBad);
        wrapped_text(error_next_step(u.seats_saved.error.code).in(lang), &kMuted);
    }
    ImGui::PopID();
}

} // namespace

void draw_seats_panel(App& app) {
    AppState& s = app.state;
    UsersAdmin& u = s.users;
    const Lang lang = s.lang;
    const SeatCount& seats = u.directory.data.seats;
    const int licences = seats.paid + seats.technical;
    if (seats.known()) {
        wrapped_text(formatted(ui_text::users_seats_used.in(lang), seats.active, licences).c_str());
        const float fraction = licences > 0 ? std::min(1.0f, (float)seats.active / (float)licences) : 1.0f;
        const std::string free = formatted(ui_text::users_seats_free.in(lang), std::max(0, seats.free()));
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, seats.free() > 0 ? kGood : kBad);
        ImGui::ProgressBar(fraction, ImVec2(-1, 0), free.c_str());
        ImGui::PopStyleColor();
        inspect_last_item(free.c_str());
    } else {
        wrapped_text(formatted(ui_text::users_seats_used_unknown.in(lang), seats.active).c_str());
    }
    wrapped_text(seats_source_text(seats).in(lang), &kMuted);
    // The CRM's own count is not ours to change; anything else the administrator may correct.
    if (u.seats_form_open) draw_seats_form(app);
    else if (seats.source != "crm" && ImGui::Button((seats.known() ? ui_text::users_seats_change : ui_text::users_seats_enter).in(lang)))
        open_seats_form(app);
    ImGui::Separator();
}

} // namespace gd
