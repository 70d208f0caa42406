#include "proxy/connectors/amocrm/amo_crm.h"

#include "proxy/connectors/amocrm/amo_records.h"
#include "shared/routes.h"

#include <algorithm>
#include <map>

namespace gd {

// Index
// - Cards: a lead with its contacts, a contact card
// - Search
// - A user's view: their rights, checked before an answer
// (users and their administration: amo_users.cpp; handovers: amo_handover.cpp)

namespace {

constexpr int kMaxPage = 250;          // amoCRM's list limit (research §3.1)
constexpr size_t kContactsPerRequest = 50;
// How long a user's rights are trusted: an administrator's change applies within a minute.
constexpr Clock::Duration kRightsKeptFor = std::chrono::minutes(1);

Error not_an_id(const std::string& id) {
    return {ErrorCode::invalid_card, "not an amoCRM id: \"" + id.substr(0, 40) + "\""};
}

} // namespace

AmoCrm::AmoCrm(CrmTokenKeeper& keeper, std::string account_id, AmoIntegration integration, Clock& clock,
               UpstreamPolicy policy)
    : api_(keeper, std::move(account_id), std::move(integration), clock, policy), clock_(clock) {}

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

Result<EntityContext> AmoCrm::entity(const EntityRef& ref) {
    if (!is_amo_id(ref.id)) return not_an_id(ref.id);
    if (ref.kind == EntityKind::contact) return contact_card(ref, nullptr);
    return lead(ref, nullptr);
}

Result<EntityContext> AmoCrm::lead(const EntityRef& ref, const AmoRights* viewer) {
    const std::string op = "getLead";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/leads/" + ref.id + "?with=contacts", op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::card_not_found, "amoCRM has no lead " + ref.id};   // 204
    Result<AmoLead> lead = read_lead(*answer.value(), op);
    if (!lead) return lead.error();
    if (viewer) {
        Result<bool> may = may_view_lead(*viewer, *lead);
        if (!may) return may.error();
        if (!*may) return Error{ErrorCode::card_not_found, "lead " + ref.id + ": this user's amoCRM rights do not show it"};
    }

    EntityContext context{ref, lead->name, lead->responsible_user_id, {}};
    Owners owners;
    Result<std::vector<CrmContact>> people = contacts(lead->contact_ids, &owners);
    if (!people) return people.error();
    for (CrmContact& person : people.value()) {
        if (viewer) {
            Result<bool> may = may_view(*viewer, viewer->contacts_view, owners[person.id]);
            if (!may) return may.error();
            if (!*may) continue;   // the lead is theirs to see, this contact is not
        }
        context.contacts.push_back(std::move(person));
    }
    return context;
}

Result<AmoLead> AmoCrm::lead_record(const std::string& lead_id) {
    if (!is_amo_id(lead_id)) return not_an_id(lead_id);
    const std::string op = "getLead";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/leads/" + lead_id, op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::card_not_found, "amoCRM has no lead " + lead_id};   // 204
    return read_lead(*answer.value(), op);
}

Result<EntityContext> AmoCrm::contact_card(const EntityRef& ref, const AmoRights* viewer) {
    const std::string op = "getContact";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/contacts/" + ref.id, op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::card_not_found, "amoCRM has no contact " + ref.id};
    Result<CrmContact> person = read_contact(*answer.value(), op);
    if (!person) return person.error();
    const std::string responsible = amo_id(answer.value()->value("responsible_user_id", nlohmann::json()));
    if (viewer) {
        Result<bool> may = may_view(*viewer, viewer->contacts_view, responsible);
        if (!may) return may.error();
        if (!*may) return Error{ErrorCode::card_not_found, "contact " + ref.id + ": this user's amoCRM rights do not show it"};
    }
    return EntityContext{ref, person->name, responsible, {person.value()}};
}

// One list request per 50 contacts: GET /api/v4/contacts?filter[id][]=... An account without
// amoCRM's API filtering may ignore the filter and answer with other contacts (research §3.1:
// I#71, I#211), so only the asked-for ids are kept and any that did not come back are read one
// by one; one that is gone meanwhile (204) is left out.
Result<std::vector<CrmContact>> AmoCrm::contacts(const std::vector<std::string>& ids, Owners* owners) {
    std::map<std::string, CrmContact> found;
    for (size_t start = 0; start < ids.size(); start += kContactsPerRequest) {
        const std::string op = "listContacts";
        size_t end = std::min(ids.size(), start + kContactsPerRequest);
        std::string path = "/api/v4/contacts?limit=" + std::to_string(kMaxPage);
        for (size_t i = start; i < end; ++i) path += "&filter%5Bid%5D%5B%5D=" + ids[i];
        Result<std::optional<nlohmann::json>> answer = api_.get(path, op);
        if (!answer) return answer.error();
        if (!answer.value()) continue;
        Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "contacts", op);
        if (!list) return list.error();
        for (const nlohmann::json& item : list.value()) {
            Result<CrmContact> person = read_contact(item, op);
            if (!person) return person.error();
            if (std::find(ids.begin() + start, ids.begin() + end, person->id) == ids.begin() + end) continue;
            if (owners) (*owners)[person->id] = amo_id(item.value("responsible_user_id", nlohmann::json()));
            found[person->id] = std::move(person.value());
        }
    }

    std::vector<CrmContact> people;
    for (const std::string& id : ids) {
        auto it = found.find(id);
        if (it != found.end()) {
            people.push_back(it->second);
            continue;
        }
        const std::string op = "getContact";
        Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/contacts/" + id, op);
        if (!answer) return answer.error();
        if (!answer.value()) continue;
        Result<CrmContact> person = read_contact(*answer.value(), op);
        if (!person) return person.error();
        if (owners) (*owners)[person->id] = amo_id(answer.value()->value("responsible_user_id", nlohmann::json()));
        people.push_back(std::move(person.value()));
    }
    return people;
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

Result<std::vector<AmoLead>> AmoCrm::search_leads(const std::string& text, int limit) {
    const std::string op = "searchLeads";
    limit = std::clamp(limit, 1, kMaxPage);
    std::string path = "/api/v4/leads?limit=" + std::to_string(limit);
    if (!text.empty()) path += "&query=" + routes::url_encode(text)   /* byte by byte: UTF-8 for Cyrillic */;
    Result<std::optional<nlohmann::json>> answer = api_.get(path, op);
    if (!answer) return answer.error();
    std::vector<AmoLead> found;
    if (!answer.value()) return found;   // 204: nothing matches
    Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "leads", op);
    if (!list) return list.error();
    for (const nlohmann::json& item : list.value()) {
        Result<AmoLead> lead = read_lead(item, op);
        if (!lead) return lead.error();
        found.push_back(std::move(lead.value()));
        if ((int)found.size() == limit) break;
    }
    return found;
}

Result<std::vector<EntityContext>> AmoCrm::find_entities(const std::string& text, int limit) {
    Result<std::vector<AmoLead>> leads = search_leads(text, limit);
    if (!leads) return leads.error();
    std::vector<EntityContext> found;
    for (const AmoLead& lead : leads.value())
        found.push_back({{EntityKind::lead, lead.id}, lead.name, lead.responsible_user_id, {}});
    return found;
}

// ---------------------------------------------------------------------------------------------
// A user's view: their rights, checked before an answer
// ---------------------------------------------------------------------------------------------

Result<AmoRights> AmoCrm::rights_of(const std::string& user_id) {
    if (!is_amo_id(user_id)) return Error{ErrorCode::crm_not_authorized, "not an amoCRM user id"};
    {
        std::lock_guard lock(rights_mutex_);
        auto kept = rights_.find(user_id);
        if (kept != rights_.end() && clock_.now() - kept->second.read_at < kRightsKeptFor) return kept->second.rights;
    }
    const std::string op = "getUser";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/users/" + user_id + "?with=role,group", op);
    if (!answer) return answer.error();
    // A user the account does not know (removed meanwhile) may see nothing.
    Result<AmoRights> rights = answer.value() ? read_rights(*answer.value(), op) : Result<AmoRights>(AmoRights{user_id});
    if (!rights) return rights.error();
    std::lock_guard lock(rights_mutex_);
    rights_[user_id] = {rights.value(), clock_.now()};
    return rights;
}

Result<bool> AmoCrm::may_view(const AmoRights& viewer, const std::string& right, const std::string& responsible_user_id) {
    if (viewer.is_admin || right == "A") return true;
    if (right != "G" && right != "M") return false;   // D
    if (!responsible_user_id.empty() && responsible_user_id == viewer.user_id) return true;   // M and G: their own
    if (right == "M" || responsible_user_id.empty()) return false;
    Result<AmoRights> owner = rights_of(responsible_user_id);
    if (!owner) return owner.error();
    return owner->group_id == viewer.group_id;
}

Result<bool> AmoCrm::may_view_lead(const AmoRights& viewer, const AmoLead& lead) {
    std::string right = viewer.leads_view;
    for (const AmoStageRight& stage : viewer.stage_rights)
        if (stage.pipeline_id == lead.pipeline_id && stage.status_id == lead.status_id) right = stage.view;
    return may_view(viewer, right, lead.responsible_user_id);
}

Result<EntityContext> AmoCrm::entity_seen_by(const std::string& user_id, const EntityRef& ref) {
    if (!is_amo_id(ref.id)) return not_an_id(ref.id);
    Result<AmoRights> viewer = rights_of(user_id);
    if (!viewer) return viewer.error();
    if (ref.kind == EntityKind::contact) return contact_card(ref, &viewer.value());
    return lead(ref, &viewer.value());
}

Result<std::vector<EntityContext>> AmoCrm::find_entities_seen_by(const std::string& user_id, const std::string& text,
                                                                 int limit) {
    Result<AmoRights> viewer = rights_of(user_id);
    if (!viewer) return viewer.error();
    // Some of a page may be hidden from this user: read a whole one, keep what they may see.
    Result<std::vector<AmoLead>> leads = search_leads(text, kMaxPage);
    if (!leads) return leads.error();
    std::vector<EntityContext> found;
    for (const AmoLead& lead : leads.value()) {
        if ((int)found.size() >= limit) break;
        Result<bool> may = may_view_lead(*viewer, lead);
        if (!may) return may.error();
        if (*may) found.push_back({{EntityKind::lead, lead.id}, lead.name, lead.responsible_user_id, {}});
    }
    return found;
}

namespace {

struct AmoUserCards final : CardSource {
    AmoUserCards(AmoCrm& account, std::string user_id) : account(account), user_id(std::move(user_id)) {}
    Result<EntityContext> entity(const EntityRef& ref) override { return account.entity_seen_by(user_id, ref); }
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override {
        return account.find_entities_seen_by(user_id, text, limit);
    }
    AmoCrm& account;
    std::string user_id;
};

} // namespace

std::shared_ptr<CardSource> amocrm_user_cards(AmoCrm& account, const std::string& user_id) {
    return std::make_shared<AmoUserCards>(account, user_id);
}

} // namespace gd
