#include "proxy/connectors/amocrm/amo_crm.h"

#include "proxy/connectors/amocrm/amo_records.h"
#include "shared/routes.h"

#include <algorithm>
#include <map>

namespace gd {

// Index
// - Cards: a lead with its contacts, a contact card
// - Search and users
// - User administration (not built for amoCRM yet)

namespace {

constexpr int kMaxPage = 250;          // amoCRM's list limit (research §3.1)
constexpr int kMaxUserPages = 40;      // 10,000 users: beyond any account; stops a "next" that never ends
constexpr size_t kContactsPerRequest = 50;

Error not_an_id(const std::string& id) {
    return {ErrorCode::invalid_card, "not an amoCRM id: \"" + id.substr(0, 40) + "\""};
}

Error not_built(const char* what) {
    return {ErrorCode::not_supported, std::string(what) +
                                          " for amoCRM is not built yet: user administration comes in a later version"};
}

} // namespace

AmoCrm::AmoCrm(CrmTokenKeeper& keeper, std::string account_id, AmoIntegration integration, Clock& clock,
               UpstreamPolicy policy)
    : api_(keeper, std::move(account_id), std::move(integration), clock, policy) {}

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

Result<EntityContext> AmoCrm::entity(const EntityRef& ref) {
    if (!is_amo_id(ref.id)) return not_an_id(ref.id);
    if (ref.kind == EntityKind::contact) return contact_card(ref);
    return lead(ref);
}

Result<EntityContext> AmoCrm::lead(const EntityRef& ref) {
    const std::string op = "getLead";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/leads/" + ref.id + "?with=contacts", op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::card_not_found, "amoCRM has no lead " + ref.id};   // 204
    Result<AmoLead> lead = read_lead(*answer.value(), op);
    if (!lead) return lead.error();

    EntityContext context{ref, lead->name, lead->responsible_user_id, {}};
    Result<std::vector<CrmContact>> people = contacts(lead->contact_ids);
    if (!people) return people.error();
    context.contacts = std::move(people.value());
    return context;
}

Result<EntityContext> AmoCrm::contact_card(const EntityRef& ref) {
    const std::string op = "getContact";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/contacts/" + ref.id, op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::card_not_found, "amoCRM has no contact " + ref.id};
    Result<CrmContact> person = read_contact(*answer.value(), op);
    if (!person) return person.error();
    return EntityContext{ref, person->name, amo_id(answer.value()->value("responsible_user_id", nlohmann::json())),
                         {person.value()}};
}

// One list request per 50 contacts: GET /api/v4/contacts?filter[id][]=... An account without
// amoCRM's API filtering may ignore the filter and answer with other contacts (research §3.1:
// I#71, I#211), so only the asked-for ids are kept and any that did not come back are read one
// by one; one that is gone meanwhile (204) is left out.
Result<std::vector<CrmContact>> AmoCrm::contacts(const std::vector<std::string>& ids) {
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
            if (std::find(ids.begin() + start, ids.begin() + end, person->id) != ids.begin() + end)
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
        people.push_back(std::move(person.value()));
    }
    return people;
}

// ---------------------------------------------------------------------------------------------
// Search and users
// ---------------------------------------------------------------------------------------------

Result<std::vector<EntityContext>> AmoCrm::find_entities(const std::string& text, int limit) {
    const std::string op = "searchLeads";
    limit = std::clamp(limit, 1, kMaxPage);
    std::string path = "/api/v4/leads?limit=" + std::to_string(limit);
    if (!text.empty()) path += "&query=" + routes::url_encode(text)   /* byte by byte: UTF-8 for Cyrillic */;
    Result<std::optional<nlohmann::json>> answer = api_.get(path, op);
    if (!answer) return answer.error();
    std::vector<EntityContext> found;
    if (!answer.value()) return found;   // 204: nothing matches
    Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "leads", op);
    if (!list) return list.error();
    for (const nlohmann::json& item : list.value()) {
        Result<AmoLead> lead = read_lead(item, op);
        if (!lead) return lead.error();
        found.push_back({{EntityKind::lead, lead->id}, lead->name, lead->responsible_user_id, {}});
        if ((int)found.size() == limit) break;
    }
    return found;
}

// Admin only (403 otherwise). Pages are counted here rather than followed through _links.next,
// whose absolute URL we would have to trust.
Result<std::vector<CrmUser>> AmoCrm::users() {
    const std::string op = "listUsers";
    std::vector<CrmUser> users;
    for (int page = 1; page <= kMaxUserPages; ++page) {
        Result<std::optional<nlohmann::json>> answer = api_.get(
            "/api/v4/users?with=role,group&limit=" + std::to_string(kMaxPage) + "&page=" + std::to_string(page), op);
        if (!answer) return answer.error();
        if (!answer.value()) break;   // 204: past the last page
        Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "users", op);
        if (!list) return list.error();
        for (const nlohmann::json& item : list.value()) {
            Result<CrmUser> user = read_user(item, op);
            if (!user) return user.error();
            users.push_back(std::move(user.value()));
        }
        if (!has_next_page(*answer.value())) break;
    }
    return users;
}

// ---------------------------------------------------------------------------------------------
// User administration (not built for amoCRM yet)
// ---------------------------------------------------------------------------------------------
// API v4 has no seat count at all (research §2.6), adding users stops at 100 users per account
// (§2.2), (de)activation is newer than the documentation (§2.3), and reassignment is a bulk job
// over four lists (§3). Each needs its own design; until then the widget is told plainly.

Result<SeatCount> AmoCrm::seats() { return not_built("Licence seats"); }

Result<CrmUser> AmoCrm::add_user(const NewUser&) { return not_built("Adding users"); }

Result<Done> AmoCrm::deactivate_user(const std::string&) { return not_built("Deactivating users"); }

Result<int> AmoCrm::reassign(const Reassignment&, int) { return not_built("Reassigning a leaver's work"); }

} // namespace gd
