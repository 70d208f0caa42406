// Deactivating a leaver: the colleague who receives the records (active users only, not the
// leaver), how many of each kind will move, a confirmation; then every handover as it runs: a bar
// per kind and one in all, and its end: «деактивирован», or what to do by hand in the CRM, with
// the records the CRM refused to move listed.
#include "web/inspect/ui_inspector.h"
#include "web/state/ui_text.h"
#include "web/state/users_admin.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace gd {

namespace {

void draw_error(const Error& error, Lang lang) {
    wrapped_text(error_text(error.code).in(lang), &kBad);
    wrapped_text(error_next_step(error.code).in(lang), &kMuted);
}

void draw_receiver_choice(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    const std::vector<const CrmUser*> receivers = possible_receivers(s);
    wrapped_text(ui_text::users_receiver_label.in(lang));
    if (receivers.empty()) {
        wrapped_text(ui_text::users_no_receiver.in(lang), &kBad);
        return;
    }
    const CrmUser* chosen = find_crm_user(s.users.directory.data, s.users.deactivation.to_user_id);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##receiver", chosen ? chosen->name.c_str() : ui_text::users_receiver_none.in(lang))) {
        for (const CrmUser* user : receivers) {
            ImGui::PushID(user->id.c_str());
            if (ImGui::Selectable(user->name.c_str(), chosen == user)) choose_receiver(app, user->id);
            inspect_last_item((std::string("receiver ") + user->id).c_str());
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    inspect_last_item("receiver");
}

void draw_counts(App& app) {
    AppState& s = app.state;
    DeactivationForm& d = s.users.deactivation;
    const Lang lang = s.lang;
    if (d.counts.status == LoadStatus::loading) draw_progress(s, d.counts.started_at);
    if (d.counts.status == LoadStatus::failed) {
        draw_error(d.counts.error, lang);
        if (ImGui::Button(ui_text::retry.in(lang))) open_deactivation(app, d.leaver_id);
        return;
    }
    if (d.counts.status != LoadStatus::loaded) return;
    if (records_total(d.counts.data) == 0) {
        wrapped_text(ui_text::users_nothing_to_move.in(lang), &kMuted);
        return;
    }
    wrapped_text(ui_text::users_will_move.in(lang));
    const std::string& crm = s.users.directory.data.crm;
    for (const RecordCount& c : d.counts.data.kinds)
        wrapped_text(formatted(ui_text::users_kind_count.in(lang), record_kind_text(c.kind, crm).in(lang), c.count).c_str());
}

void draw_confirmation(App& app, const CrmUser& leaver) {
    AppState& s = app.state;
    DeactivationForm& d = s.users.deactivation;
    const Lang lang = s.lang;
    const bool sending = d.start.status == LoadStatus::loading;
    if (!d.confirming) {
        ImGui::BeginDisabled(!deactivation_ready(s));
        if (ImGui::Button(ui_text::users_hand_over.in(lang))) d.confirming = true;
        ImGui::EndDisabled();
    } else {
        const CrmUser* to = find_crm_user(s.users.directory.data, d.to_user_id);
        wrapped_text(formatted(ui_text::users_confirm.in(lang), records_total(d.counts.data), leaver.name.c_str(),
                               to ? to->name.c_str() : "", leaver.name.c_str()).c_str(), &kBad);
        ImGui::BeginDisabled(sending || !deactivation_ready(s));
        if (ImGui::Button(ui_text::users_confirm_yes.in(lang))) start_deactivation(app);
        ImGui::EndDisabled();
    }
    same_line_if_fits(button_width(ui_text::cancel.in(lang)));
    ImGui::BeginDisabled(sending);
    if (ImGui::Button(ui_text::cancel.in(lang))) cancel_deactivation(app);
    ImGui::EndDisabled();
    if (sending) draw_progress(s, d.start.started_at);
    if (d.start.status == LoadStatus::failed) {
        draw_error(d.start.error, lang);
        // A start that got no answer goes again with its key: it never runs twice.
        if (deactivation_start_lost(s) && ImGui::Button(ui_text::retry.in(lang))) resend_deactivation(app);
    }
}

// A kind with nothing to move is full once it is finished, and empty while still being counted.
void draw_bar(int done, int total, bool finished, const std::string& caption) {
    wrapped_text(caption.c_str());
    const float fraction = total > 0 ? std::min(1.0f, (float)done / (float)total) : finished ? 1.0f : 0.0f;
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), "");
}

const Text* phase_text(const Handover& h) {
    if (!handover_unfinished(h)) return nullptr;
    if (h.phase == "counting") return &ui_text::users_phase_counting;
    if (h.phase == "deactivating") return &ui_text::users_phase_deactivating;
    return &ui_text::users_phase_moving;
}

void draw_refused(const Handover& h, const std::string& crm, Lang lang) {
    const int refused = handover_refused(h);
    if (refused == 0) return;
    wrapped_text(formatted(ui_text::users_refused.in(lang), refused).c_str(), &kBad);
    for (const HandoverKind& k : h.kinds) {
        if (k.refused.empty()) continue;
        std::string ids;
        for (const std::string& id : k.refused) ids += (ids.empty() ? "" : ", ") + id;
        wrapped_text(formatted(ui_text::users_refused_ids.in(lang), record_kind_text(k.kind, crm).in(lang), ids.c_str()).c_str(), &kMuted);
    }
}

void draw_end(const Handover& h, Lang lang) {
    if (h.state == JobState::cancelled) wrapped_text(ui_text::users_handover_cancelled.in(lang), &kMuted);
    if (h.state == JobState::stopped) {
        wrapped_text(ui_text::users_handover_stopped.in(lang), &kBad);
        draw_error(Error{error_code_from_name(h.stop_reason)}, lang);
    }
    if (h.deactivation == "deactivated")
        wrapped_text(formatted(ui_text::users_deactivated.in(lang), h.from.name.c_str(), h.to.name.c_str()).c_str(), &kGood);
    if (h.deactivation == "by_hand") {
        wrapped_text(ui_text::users_by_hand.in(lang), &kBad);
        draw_error(Error{error_code_from_name(h.deactivation_error)}, lang);
    }
}

void draw_handover(App& app, const Handover& h) {
    const Lang lang = app.state.lang;
    const std::string& crm = app.state.users.directory.data.crm;
    ImGui::PushID(h.id.c_str());
    wrapped_text(formatted(ui_text::users_handover_who.in(lang), h.from.name.c_str(), h.to.name.c_str()).c_str());
    if (const Text* phase = phase_text(h)) wrapped_text(phase->in(lang), &kMuted);
    for (const HandoverKind& k : h.kinds)
        draw_bar(k.moved, k.total, k.finished, formatted(ui_text::users_kind_progress.in(lang), record_kind_text(k.kind, crm).in(lang), k.moved, k.total));
    draw_bar(handover_moved(h), handover_total(h), !handover_unfinished(h), formatted(ui_text::users_total_progress.in(lang), handover_moved(h), handover_total(h)));
    if (handover_unfinished(h) && h.next_in_seconds > 0)
        wrapped_text(formatted(ui_text::users_next_batch.in(lang), h.next_in_seconds).c_str(), &kMuted);
    draw_refused(h, crm, lang);
    draw_end(h, lang);
    ImGui::Separator();
    ImGui::PopID();
}

} // namespace

void draw_deactivation_form(App& app) {
    AppState& s = app.state;
    const DeactivationForm& d = s.users.deactivation;
    const Lang lang = s.lang;
    if (d.leaver_id.empty()) return;
    const CrmUser* leaver = find_crm_user(s.users.directory.data, d.leaver_id);
    if (!leaver) return;
    ImGui::PushID("deactivation");
    wrapped_text(formatted(ui_text::users_deactivate_title.in(lang), leaver->name.c_str()).c_str());
    const CrmAdminAbilities& abilities = s.users.directory.data.abilities;
    // Said before the records move: the CRM will not deactivate this one, so it is by hand after.
    if (!abilities.deactivate) draw_error(Error{ErrorCode::crm_deactivate_unavailable}, lang);
    else if (leaver->is_admin) draw_error(Error{ErrorCode::crm_user_is_admin}, lang);
    draw_receiver_choice(app);
    draw_counts(app);
    draw_confirmation(app, *leaver);
    ImGui::Separator();
    ImGui::PopID();
}

void draw_handovers(App& app) {
    AppState& s = app.state;
    const std::vector<Handover>& shown = s.users.handovers.shown;
    if (shown.empty()) return;
    wrapped_text(ui_text::users_handovers_title.in(s.lang));
    int drawn = 0;
    for (const Handover& h : shown) {
        // Every running one; of the finished, the newest few.
        if (!handover_unfinished(h) && drawn >= kHandoversShown) continue;
        draw_handover(app, h);
        ++drawn;
    }
}

} // namespace gd
