// Deactivating a leaver (a colleague chosen, the records counted, confirmed) and following the
// handovers that do it: the one started here and every one the proxy lists (another session's,
// or one that kept running through a restart), each unfinished one read again in turn.
#include "shared/routes.h"
#include "web/state/requests.h"
#include "web/state/secure_random.h"
#include "web/state/ui_text.h"
#include "web/state/users_admin.h"

#include <algorithm>

namespace gd {

namespace {

std::string user_path(const std::string& user_id, const char* what) {
    return std::string(routes::kCrmUsers) + "/" + routes::url_encode(user_id) + "/" + what;
}

std::string handover_path(const std::string& id) {
    return std::string(routes::kCrmHandovers) + "/" + routes::url_encode(id);
}

// 128 random bits in hex; "" when the source has none (the start then goes without a key).
std::string new_key(App& app) {
    static const char kHex[] = "0123456789abcdef";
    std::string key;
    for (int i = 0; i < 4; ++i) {
        uint32_t bits = 0;
        if (!app.random || !app.random->next(bits)) return {};
        for (int nibble = 0; nibble < 8; ++nibble, bits >>= 4) key += kHex[bits & 15];
    }
    return key;
}

void send_deactivation(App& app) {
    DeactivationForm& d = app.state.users.deactivation;
    HttpRequest request{"POST", user_path(d.leaver_id, "deactivate"), json_of(DeactivationRequest{d.to_user_id}).dump()};
    request.idempotency_key = d.key;
    request_into(app, d.start, std::move(request));
}

// Puts a fresher copy in place (or a new handover in), newest first. True when it just ended.
bool merge_handover(HandoverWatch& h, const Handover& fresh) {
    for (Handover& shown : h.shown)
        if (shown.id == fresh.id) {
            const bool ended = handover_unfinished(shown) && !handover_unfinished(fresh);
            shown = fresh;
            return ended;
        }
    // Newest first, after those of the same second already shown (the list is kept in that order).
    auto older = std::find_if(h.shown.begin(), h.shown.end(), [&](const Handover& shown) { return shown.created_at < fresh.created_at; });
    h.shown.insert(older, fresh);
    return false;
}

bool handovers_want_poll(const AppState& s) {
    if (s.session_token.empty() || s.screen != Screen::users || s.users.handovers.list.status == LoadStatus::idle) return false;
    return std::any_of(s.users.handovers.shown.begin(), s.users.handovers.shown.end(), handover_unfinished);
}

// The next unfinished handover after the last one read, in turn, so each moves on screen.
void follow_next(App& app) {
    HandoverWatch& h = app.state.users.handovers;
    h.next_poll_at = app.state.now + kJobPollSeconds;
    const size_t n = h.shown.size();
    for (size_t step = 0; step < n; ++step) {
        const size_t i = (h.next_to_follow + step) % n;
        if (!handover_unfinished(h.shown[i])) continue;
        h.next_to_follow = i + 1;
        get_into(app, h.followed, handover_path(h.shown[i].id));
        return;
    }
}

} // namespace

// --- Deactivating ----------------------------------------------------------------------------

const Text* why_not_deactivatable(const AppState& s, const CrmUser& user) {
    const CrmAdminAbilities& abilities = s.users.directory.data.abilities;
    if (!user.active) return &ui_text::users_already_inactive;
    // GroupDesk's own tokens belong to this user: deactivating them would cut GroupDesk off.
    if (user.is_integration) return &error_text(ErrorCode::crm_user_is_integration);
    if (!abilities.reassign && !abilities.deactivate) return &error_text(ErrorCode::crm_deactivate_unavailable);
    if (running_handover_of(s, user.id)) return &ui_text::users_handover_running;
    return nullptr;
}

void open_deactivation(App& app, const std::string& user_id) {
    AppState& s = app.state;
    const CrmUser* user = find_crm_user(s.users.directory.data, user_id);
    if (!user || why_not_deactivatable(s, *user)) return;
    DeactivationForm& d = s.users.deactivation;
    d = DeactivationForm{.leaver_id = user_id,
                         .counts = {.generation = d.counts.generation + 1},
                         .start = {.generation = d.start.generation + 1}};
    get_into(app, d.counts, user_path(user_id, "records"));
}

void cancel_deactivation(App& app) {
    DeactivationForm& d = app.state.users.deactivation;
    d = DeactivationForm{.counts = {.generation = d.counts.generation + 1}, .start = {.generation = d.start.generation + 1}};
}

std::vector<const CrmUser*> possible_receivers(const AppState& s) {
    std::vector<const CrmUser*> receivers;
    for (const CrmUser& user : s.users.directory.data.users)
        if (user.active && user.id != s.users.deactivation.leaver_id) receivers.push_back(&user);
    return receivers;
}

void choose_receiver(App& app, const std::string& user_id) {
    DeactivationForm& d = app.state.users.deactivation;
    for (const CrmUser* user : possible_receivers(app.state))
        if (user->id == user_id) {
            d.to_user_id = user_id;
            d.confirming = false;
            return;
        }
}

bool deactivation_ready(const AppState& s) {
    const DeactivationForm& d = s.users.deactivation;
    return !d.leaver_id.empty() && !d.to_user_id.empty() && d.counts.status == LoadStatus::loaded &&
           d.start.status != LoadStatus::loading;
}

void start_deactivation(App& app) {
    DeactivationForm& d = app.state.users.deactivation;
    if (!deactivation_ready(app.state) || !d.confirming) return;
    // A start whose answer was lost may have begun: only its own key may ask again.
    if (!deactivation_start_lost(app.state)) d.key = new_key(app);
    send_deactivation(app);
}

bool deactivation_start_lost(const AppState& s) {
    const DeactivationForm& d = s.users.deactivation;
    return d.start.status == LoadStatus::failed && !d.key.empty() &&
           (d.start.error.code == ErrorCode::proxy_unreachable || d.start.error.code == ErrorCode::proxy_timeout);
}

void resend_deactivation(App& app) {
    if (deactivation_start_lost(app.state)) send_deactivation(app);
}

int records_total(const RecordCounts& counts) {
    int total = 0;
    for (const RecordCount& c : counts.kinds) total += c.count;
    return total;
}

// --- Handovers -------------------------------------------------------------------------------

bool handover_unfinished(const Handover& h) { return h.state == JobState::queued || h.state == JobState::running; }

const Handover* running_handover_of(const AppState& s, const std::string& user_id) {
    for (const Handover& h : s.users.handovers.shown)
        if (h.from.id == user_id && handover_unfinished(h)) return &h;
    return nullptr;
}

int handover_moved(const Handover& h) {
    int n = 0;
    for (const HandoverKind& k : h.kinds) n += k.moved;
    return n;
}

int handover_total(const Handover& h) {
    int n = 0;
    for (const HandoverKind& k : h.kinds) n += k.total;
    return n;
}

int handover_refused(const Handover& h) {
    int n = 0;
    for (const HandoverKind& k : h.kinds) n += (int)k.refused.size();
    return n;
}

const Text& record_kind_text(RecordKind kind, const std::string& crm) {
    switch (kind) {
    case RecordKind::lead: return crm == "amocrm" ? ui_text::users_kind_amocrm_leads : ui_text::users_kind_leads;
    case RecordKind::deal: return ui_text::users_kind_deals;
    case RecordKind::contact: return ui_text::users_kind_contacts;
    case RecordKind::company: return ui_text::users_kind_companies;
    case RecordKind::task: return ui_text::users_kind_tasks;
    }
    return ui_text::users_kind_deals;
}

void tick_handovers(App& app) {
    AppState& s = app.state;
    UsersAdmin& u = s.users;
    HandoverWatch& h = u.handovers;
    DeactivationForm& d = u.deactivation;
    bool ended = false;
    if (h.list.status == LoadStatus::loaded && h.list_merged != h.list.generation) {
        h.list_merged = h.list.generation;
        for (const Handover& fresh : h.list.data.handovers) ended |= merge_handover(h, fresh);
    }
    if (h.followed.status == LoadStatus::loaded && h.followed_merged != h.followed.generation) {
        h.followed_merged = h.followed.generation;
        ended |= merge_handover(h, h.followed.data);
    }
    if (d.start.status == LoadStatus::loaded) {
        // Started: it shows among the handovers, followed from now on; the form is done.
        ended |= merge_handover(h, d.start.data);
        h.next_poll_at = s.now + kJobPollSeconds;
        cancel_deactivation(app);
    }
    // The leaver is inactive now (or the handover stopped): the list and the seats are read again.
    if (ended && u.directory.status != LoadStatus::loading) load_user_directory(app);
    if (h.followed.status != LoadStatus::loading && handovers_want_poll(s) && s.now >= h.next_poll_at) follow_next(app);
}

double seconds_until_users_poll(const AppState& s) {
    if (!handovers_want_poll(s)) return -1;
    return std::max(0.0, s.users.handovers.next_poll_at - s.now);
}

} // namespace gd
