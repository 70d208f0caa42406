// amoCRM's right-hand card panel (about 300 px): the card, one group chosen from a list, the
// card's people against it, «Добавить недостающих», the last job's result and «Открыть
// полностью». Every line fits the panel's width: long names end in «…» and show whole on hover.
#include "shared/outcomes.h"
#include "web/state/card_actions.h"
#include "web/state/compact_card.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/inspect/ui_inspector.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>

namespace gd {

namespace {

const ImVec4* state_color(CardPersonState state) {
    if (state == CardPersonState::in_group) return &kGood;
    if (state == CardPersonState::missing) return &kMuted;
    return &kBad;
}

void draw_card_line(AppState& s) {
    const CardContext& c = s.card;
    const Lang lang = s.lang;
    const EntityRef& ref = c.card.status == LoadStatus::loaded ? c.card.data.entity : c.ref;
    std::string line = std::string(card_kind_text(ref.kind).in(lang)) + " " + ref.id;
    if (c.card.status == LoadStatus::loaded) line += " · " + c.card.data.title;
    ellipsis_text(line.c_str(), nullptr, 0, "card title");
    if (c.card.status == LoadStatus::loading) draw_progress(s, c.card.started_at);
    if (c.card.status == LoadStatus::failed) {
        wrapped_text(error_text(c.card.error.code).in(lang), &kBad);
        wrapped_text(error_next_step(c.card.error.code).in(lang), &kMuted);
    }
}

void draw_group_choice(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    ImGui::TextDisabled("%s", ui_text::compact_group_label.in(lang));
    const std::string& open_name = s.participants.data.group.name;
    const char* preview = s.open_group_id.empty() ? ui_text::compact_choose_group.in(lang) : open_name.c_str();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##compact_group", preview)) {
        for (const Group& g : s.groups.data) {
            ImGui::PushID(g.id.c_str());
            if (ImGui::Selectable(g.name.c_str(), g.id == s.open_group_id)) choose_compact_group(app, g.id);
            inspect_last_item(("choose " + g.name).c_str());
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    inspect_last_item("compact group");
    if (s.groups.status == LoadStatus::loading) draw_progress(s, s.groups.started_at);
}

void draw_people(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    const CardMembership& membership = open_card_membership(s);   // kept in the state: nothing below remakes it mid-loop
    ImGui::Text(ui_text::compact_in_group.in(lang), membership.in_group, (int)membership.rows.size());
    inspect_last_item("card membership");
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    for (const CardRow& row : membership.rows) {
        const std::string name = row.person.name.empty() ? ui_text::unnamed.in(lang) : row.person.name;
        const std::string state = card_person_state_text(row.state).in(lang);
        // The state is what the row is for: it keeps its room (up to half the panel), the name
        // gets the rest.
        const float avail = ImGui::GetContentRegionAvail().x;
        const float state_width = std::min(ImGui::CalcTextSize(state.c_str()).x, avail * 0.5f);
        const float row_x = ImGui::GetCursorPosX();
        ImGui::PushID((int)(&row - membership.rows.data()));   // by place, not address: stable while the kept rows are remade
        ellipsis_text(name.c_str(), nullptr, avail - state_width - spacing, ("name " + name).c_str());
        ImGui::SameLine(row_x + avail - state_width);
        ellipsis_text(state.c_str(), state_color(row.state), state_width,
                      ("card " + row.person.name + " " + card_person_state_text(row.state).in(Lang::en)).c_str());
        ImGui::PopID();
    }

    char add_label[128];
    snprintf(add_label, sizeof add_label, ui_text::card_add_missing.in(lang), membership.missing);
    const Text* why_not = why_cannot_add_missing(s);
    ImGui::BeginDisabled(why_not != nullptr);
    if (ImGui::Button((std::string(add_label) + "###add_missing").c_str(), ImVec2(-FLT_MIN, 0))) add_missing_people(app);
    inspect_last_item("add missing");
    ImGui::EndDisabled();
    if (why_not) wrapped_text(why_not->in(lang), &kMuted);
}

void draw_last_job(const AppState& s) {
    const LastJobSummary job = last_job_summary(s);
    if (!job.shown) return;
    const Lang lang = s.lang;
    ImGui::Separator();
    if (job.active) {
        const std::string progress = formatted(ui_text::compact_job_running.in(lang), job.finished, job.total);
        ImGui::ProgressBar(job.total > 0 ? (float)job.finished / (float)job.total : 0.0f, ImVec2(-FLT_MIN, 0), progress.c_str());
        inspect_last_item("last job progress");
        return;
    }
    if (job.state == JobState::stopped) wrapped_text(ui_text::job_state_stopped.in(lang), &kBad);
    if (job.state == JobState::cancelled) wrapped_text(ui_text::job_state_cancelled.in(lang), &kMuted);
    const std::string added = formatted(ui_text::compact_job_added.in(lang), job.added, job.total);
    wrapped_text(added.c_str(), job.added == job.total ? &kGood : nullptr);
    if (job.invited > 0) wrapped_text(formatted(ui_text::compact_job_invited.in(lang), job.invited).c_str(), &kMuted);
    if (job.not_added > 0) wrapped_text(formatted(ui_text::compact_job_not_added.in(lang), job.not_added).c_str(), &kBad);
}

} // namespace

void draw_compact_card_view(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (s.gateway.status == LoadStatus::loaded && connection_problem(s.gateway.data.connection.status) != ErrorCode::unknown)
        draw_error_panel(app, Error{connection_problem(s.gateway.data.connection.status), s.gateway.data.connection.phone});
    if (const Error* error = visible_error(s)) draw_error_panel(app, *error);

    draw_card_line(s);
    draw_group_choice(app);
    if (s.open_group_id.empty()) {
        if (s.groups.status == LoadStatus::loaded) wrapped_text(ui_text::compact_choose_hint.in(lang), &kMuted);
    } else if (s.participants.status == LoadStatus::loading) {
        draw_progress(s, s.participants.started_at);
    } else if (s.participants.status == LoadStatus::loaded && s.card.card.status == LoadStatus::loaded) {
        draw_people(app);
    }
    draw_last_job(s);

    if (app.host) {
        ImGui::Separator();
        if (ImGui::Button(ui_text::compact_open_full.in(lang), ImVec2(-FLT_MIN, 0))) open_full_view(app);
        inspect_last_item("open full");
    }
}

} // namespace gd
