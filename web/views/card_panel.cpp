// The CRM card the widget works on: its title and people, a search for one on the standalone page,
// and, on a group's screen, the card against the group with one click to add the missing people.
#include "web/state/card_actions.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/app_view.h"
#include "web/views/phone_text.h"
#include "web/views/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>
#include <string>

namespace gd {

namespace {

const char* kind_text(EntityKind kind, Lang lang) { return card_kind_text(kind).in(lang); }

int people_with_numbers(const Card& card) {
    int n = 0;
    for (const CardPerson& p : card.people) n += p.phone.empty() ? 0 : 1;
    return n;
}

const char* state_text(CardPersonState state, Lang lang) { return card_person_state_text(state).in(lang); }

// The number as people read it (copied as E.164), or as the CRM holds it when it is not a number.
void person_phone(const CardPerson& person, Lang lang, const ImVec4* color) {
    if (person.phone.empty()) ellipsis_text(person.phone_as_stored.c_str(), color, 0, "");
    else phone_text(person.phone, person.phone_display, lang, true, color);
}

const ImVec4& state_color(CardPersonState state) {
    if (state == CardPersonState::in_group) return kGood;
    if (state == CardPersonState::missing) return kMuted;
    return kBad;
}

// "2026-11-23" (UTC): when WhatsApp last said a number has no account.
std::string check_date(int64_t unix_seconds) {
    const std::time_t t = (std::time_t)unix_seconds;
    std::tm utc{};
    if (!gmtime_r(&t, &utc)) return "";
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
    return date;
}

// A card's failure in place: the message and what to do, without hiding the groups below.
void draw_card_error(const Error& error, Lang lang) {
    wrapped_text(error_text(error.code).in(lang), &kBad);
    wrapped_text(error_next_step(error.code).in(lang), &kMuted);
}

void draw_card_search(App& app) {
    AppState& s = app.state;
    CardContext& c = s.card;
    const Lang lang = s.lang;
    const char* find_label = ui_text::card_search.in(lang);
    ImGui::SetNextItemWidth(-(ImGui::CalcTextSize(find_label).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x));
    bool submitted = ImGui::InputTextWithHint("##card_search", ui_text::card_search_hint.in(lang), &c.search_text,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
    inspect_last_item("card search");
    ImGui::SameLine();
    if (ImGui::Button(find_label) || submitted) search_cards(app);
    if (c.search.status == LoadStatus::loading) draw_progress(s, c.search.started_at);
    if (c.search.status == LoadStatus::failed) draw_card_error(c.search.error, lang);
    if (c.search.status != LoadStatus::loaded) {
        wrapped_text(ui_text::card_choose_hint.in(lang), &kMuted);
        return;
    }
    if (c.search.data.cards.empty()) {
        wrapped_text(ui_text::card_search_none.in(lang), &kMuted);
        return;
    }
    const float row = ImGui::GetTextLineHeightWithSpacing();
    const int shown = (int)c.search.data.cards.size() < 6 ? (int)c.search.data.cards.size() : 6;
    ImGui::BeginChild("##card_results", ImVec2(0, row * shown + ImGui::GetStyle().WindowPadding.y), false);
    for (const Card& card : c.search.data.cards) {
        std::string label = std::string(kind_text(card.entity.kind, lang)) + " " + card.entity.id + " · " + card.title;
        ImGui::PushID((card.entity.id + entity_kind_name(card.entity.kind)).c_str());
        if (ellipsis_selectable(label.c_str(), false, nullptr, ("card " + card.title).c_str())) open_card(app, card.entity);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

} // namespace

void draw_card_chooser(App& app) {
    AppState& s = app.state;
    CardContext& c = s.card;
    const Lang lang = s.lang;
    if (c.ref.id.empty()) {
        if (!c.from_crm) draw_card_search(app);
        ImGui::Separator();
        return;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", ui_text::card_label.in(lang));
    ImGui::SameLine();
    // The title takes the rest of the line, cut with "…" when longer (the whole on hover or tap);
    // the count and «Сменить» follow it, on the next line in a narrow panel.
    const char* change = ui_text::card_change.in(lang);
    if (c.card.status == LoadStatus::loaded) {
        const std::string title = formatted("%s %s · %s", kind_text(c.card.data.entity.kind, lang), c.card.data.entity.id.c_str(),
                                            c.card.data.title.c_str());
        const std::string people = formatted(ui_text::card_people.in(lang), people_with_numbers(c.card.data));
        ellipsis_text(title.c_str(), nullptr, 0, "card title");
        same_line_if_fits(ImGui::CalcTextSize(people.c_str()).x);
        ImGui::TextDisabled("%s", people.c_str());
    } else {
        ImGui::Text("%s %s", kind_text(c.ref.kind, lang), c.ref.id.c_str());
    }
    if (!c.from_crm) {
        same_line_if_fits(button_width(change));
        if (ImGui::SmallButton(change)) leave_card(app);
    }
    if (c.card.status == LoadStatus::loading) draw_progress(s, c.card.started_at);
    if (c.card.status == LoadStatus::failed) {
        draw_card_error(c.card.error, lang);
        if (ImGui::SmallButton(ui_text::retry.in(lang))) open_card(app, c.ref);
    }
    ImGui::Separator();
}

void draw_card_membership(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (s.card.card.status != LoadStatus::loaded || s.participants.status != LoadStatus::loaded) return;
    const CardMembership& membership = open_card_membership(s);   // kept in the state: nothing below remakes it mid-loop
    char header[512];
    snprintf(header, sizeof header, ui_text::card_vs_group.in(lang), s.card.card.data.title.c_str(), membership.in_group,
             (int)membership.rows.size());
    // The header cuts a long title with "…" (ImGui would clip it mid-letter): the whole on hover.
    const float header_room = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() - ImGui::GetStyle().FramePadding.x * 4;
    const std::string shown = fit_with_ellipsis(header, header_room);
    const bool header_cut = shown != header;
    const bool open = ImGui::CollapsingHeader((shown + "###card").c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    inspect_last_item("card membership", header_cut ? header : nullptr);
    if (header_cut) whole_text_on_hover_or_tap(header, false);
    if (!open) return;

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    // A narrow panel drops «Телефон» and shows the number under the name; the state wraps.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float cell_padding = ImGui::GetStyle().CellPadding.x * 2;
    // The state column holds a privacy row's «Отправить ссылку»: never narrower than that button.
    const float state_min = std::max(ImGui::GetFontSize() * 6, button_width(ui_text::send_link.in(lang)));
    std::vector<TableColumn> columns = {
        {ui_text::column_name.in(lang), ImGuiTableColumnFlags_WidthStretch, ImGui::GetFontSize() * 6, 3.0f},
        {ui_text::column_phone.in(lang), ImGuiTableColumnFlags_WidthFixed, column_width(ui_text::column_phone.in(lang), {"+7 916 123-45-67"}), 0, 1},
        {"##state", ImGuiTableColumnFlags_WidthStretch, state_min, 2.5f},
    };
    const std::vector<bool> shown_columns = columns_that_fit(columns, avail);
    // Stretch columns share by weight alone: where the state's share is less than it needs, it
    // takes a fixed width and the name the rest.
    const float phone_width = shown_columns[1] ? columns[1].min_width + cell_padding : 0;
    if ((avail - phone_width - cell_padding * 2) * 2.5f / 5.5f < state_min) columns[2].flags = ImGuiTableColumnFlags_WidthFixed;
    if (ImGui::BeginTable("##card_people", 3, flags)) {
        setup_columns(columns, shown_columns);
        for (const CardRow& row : membership.rows) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID((int)(&row - membership.rows.data()));   // by place, not address: stable while the kept rows are remade
            ellipsis_text(row.person.name.empty() ? ui_text::unnamed.in(lang) : row.person.name.c_str(), nullptr, 0, "");
            if (!shown_columns[1] && !(row.person.phone.empty() && row.person.phone_as_stored.empty())) person_phone(row.person, lang, &kMuted);
            if (ImGui::TableSetColumnIndex(1)) person_phone(row.person, lang, nullptr);
            ImGui::TableSetColumnIndex(2);
            ImGui::PushStyleColor(ImGuiCol_Text, state_color(row.state));
            ImGui::TextWrapped("%s", state_text(row.state, lang));
            ImGui::PopStyleColor();
            inspect_last_item(("card " + row.person.name + " " + state_text(row.state, Lang::en)).c_str());
            if (row.state == CardPersonState::not_on_whatsapp && row.person.whatsapp_checked_at > 0) {
                char checked[64];
                snprintf(checked, sizeof checked, ui_text::card_checked_on.in(lang), check_date(row.person.whatsapp_checked_at).c_str());
                same_line_if_fits(ImGui::CalcTextSize(checked).x);
                wrapped_text(checked, &ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
            }
            if (row.state == CardPersonState::privacy_blocked) {
                // Only an invitation gets them in; «Повторить» offers the add again.
                ImGui::PushID(row.person.phone.c_str());
                if (ImGui::SmallButton(ui_text::send_link.in(lang))) send_invite_link(app, row.person.phone);
                inspect_last_item(("invite " + row.person.phone).c_str());
                same_line_if_fits(button_width(ui_text::retry.in(lang)));
                if (ImGui::SmallButton(ui_text::retry.in(lang))) retry_after_privacy_refusal(app, row.person.phone);
                inspect_last_item(("retry " + row.person.phone).c_str());
                ImGui::PopID();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (membership.not_on_whatsapp > 0) {
        char hint[512];
        snprintf(hint, sizeof hint, ui_text::card_not_on_whatsapp_hint.in(lang), membership.not_on_whatsapp);
        wrapped_text(hint, &kMuted);
    }
    if (membership.privacy_blocked > 0) {
        char hint[512];
        snprintf(hint, sizeof hint, ui_text::card_privacy_hint.in(lang), membership.privacy_blocked);
        wrapped_text(hint, &kMuted);
    }
    if (s.card.privacy_retry.status == LoadStatus::failed) wrapped_text(error_text(s.card.privacy_retry.error.code).in(lang), &kBad);
    if (membership.others_in_group > 0) ImGui::TextDisabled(ui_text::card_others.in(lang), membership.others_in_group);
    if (membership.unmatched_members > 0) ImGui::TextDisabled(ui_text::card_unmatched.in(lang), membership.unmatched_members);

    char add_label[128];
    snprintf(add_label, sizeof add_label, ui_text::card_add_missing.in(lang), membership.missing);
    const Text* why_not = why_cannot_add_missing(s);
    ImGui::BeginDisabled(why_not != nullptr);
    if (ImGui::Button((std::string(add_label) + "###add_missing").c_str())) add_missing_people(app);
    inspect_last_item("add missing");
    ImGui::EndDisabled();
    if (why_not) wrapped_text(why_not->in(lang), &kMuted);
    ImGui::Separator();
}

} // namespace gd
