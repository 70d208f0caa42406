#include "proxy/connectors/bitrix24/bitrix24_crm.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"

#include <algorithm>
#include <map>

namespace gd {

// Index
// - Cards: a lead, deal or contact with its people (entity)
// - Search by title (find_entities)
// - User administration (delegated)
// - A card user's view (their own token)

namespace {

const char* kind_name(EntityKind kind) {
    switch (kind) {
    case EntityKind::lead: return "lead";
    case EntityKind::deal: return "deal";
    case EntityKind::contact: return "contact";
    }
    return "deal";
}

std::string card(const EntityRef& ref) { return std::string(kind_name(ref.kind)) + " " + ref.id; }


// §3: "*" leaves multifields out of crm.contact.list, so PHONE is asked for by name.
const nlohmann::json kPersonFields = {"ID", "NAME", "LAST_NAME", "PHONE"};
constexpr int kListPageSize = 50;     // §3: crm.*.list pages are fixed at 50 rows

} // namespace

Bitrix24Crm::Bitrix24Crm(CrmTokenKeeper& keeper, std::string member_id, Bitrix24App app, Clock& clock,
                         UpstreamPolicy policy, TokenOwner owner)
    : rest_(keeper, std::move(member_id), std::move(app), clock, policy, owner), handover_(rest_, clock) {}

// A card's refusal, naming the card (ids are not secrets); "Not found" there means the card
// itself. With a user's token "Access denied" is that user's CRM rights (crm.deal.get answers
// 400 "Access denied." for a deal the user may not read: apidocs.bitrix24.com
// api-reference/crm/deals/crm-deal-get.html): for them the card is not there.
Error Bitrix24Crm::about(const EntityRef& ref, Error error) const {
    if (error.code == ErrorCode::not_found) error.code = ErrorCode::card_not_found;
    if (error.code == ErrorCode::crm_not_authorized && rest_.owner() == TokenOwner::user) {
        error.code = ErrorCode::card_not_found;
        error.detail = "Bitrix24 does not let this user see it (" + error.detail + ")";
    }
    error.detail = card(ref) + ": " + error.detail;
    return error;
}

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

Result<EntityContext> Bitrix24Crm::entity(const EntityRef& ref) {
    if (!is_bitrix24_id(ref.id)) return Error{ErrorCode::invalid_card, "a Bitrix24 card id is a number"};
    const std::string kind = kind_name(ref.kind);

    if (ref.kind == EntityKind::contact) {
        // Opened from a contact card: the people to act on are that contact alone.
        Result<nlohmann::json> record = rest_.call("crm.contact.get", {{"id", ref.id}});
        if (!record) return about(ref, record.error());
        Result<EntityContext> ctx = read_entity(*record, ref);
        if (!ctx) return about(ref, ctx.error());
        CrmContact self = read_person(*record);
        self.id = ref.id;
        ctx->contacts.push_back(std::move(self));
        return ctx;
    }

    // The card and its contact links in one request (§3: crm.deal.contact.items.get,
    // crm.lead.contact.items.get; a lead's single CONTACT_ID is deprecated in favour of these).
    Result<BatchAnswers> first = rest_.batch({
        {"entity", "crm." + kind + ".get", {{"id", ref.id}}},
        {"links", "crm." + kind + ".contact.items.get", {{"id", ref.id}}},
    });
    if (!first) return about(ref, first.error());
    for (const char* key : {"entity", "links"})
        if (auto e = first->errors.find(key); e != first->errors.end()) return about(ref, e->second);
    const nlohmann::json& record = first->results["entity"];
    Result<EntityContext> ctx = read_entity(record, ref);
    if (!ctx) return about(ref, ctx.error());
    Result<std::vector<std::string>> ids = read_contact_links(first->results["links"], "crm." + kind + ".contact.items.get");
    if (!ids) return about(ref, ids.error());

    Result<std::vector<CrmContact>> people = contacts(*ids);
    if (!people) return about(ref, people.error());
    ctx->contacts = std::move(*people);

    // A lead is often just a name and a phone, with no contact yet (RD crm-lead-get.md: its own
    // PHONE multifield). Then the lead itself is the person; it has no contact id.
    if (ref.kind == EntityKind::lead && ctx->contacts.empty()) {
        CrmContact own = read_person(record);
        if (!own.phones.empty()) {
            own.id.clear();
            if (own.name.empty()) own.name = ctx->title;
            ctx->contacts.push_back(std::move(own));
        }
    }
    return ctx;
}

// The contacts with these ids, in this order: crm.contact.list filtered by ID, 50 ids a command
// and up to 50 commands a batch (§3), so a card's people usually cost one request.
Result<std::vector<CrmContact>> Bitrix24Crm::contacts(const std::vector<std::string>& ids) {
    std::map<std::string, CrmContact> found;
    std::vector<BatchCommand> commands;
    auto run = [&]() -> Result<Done> {
        if (commands.empty()) return Done{};
        Result<BatchAnswers> answers = rest_.batch(commands);
        if (!answers) return answers.error();
        if (!answers->errors.empty()) return answers->errors.begin()->second;
        for (auto& [key, rows] : answers->results) {
            if (!rows.is_array()) return Error{ErrorCode::crm_bad_response, "crm.contact.list: not a list"};
            for (const nlohmann::json& row : rows) {
                CrmContact person = read_person(row);
                if (!person.id.empty()) found[person.id] = std::move(person);
            }
        }
        commands.clear();
        return Done{};
    };
    for (size_t at = 0; at < ids.size(); at += kListPageSize) {
        nlohmann::json chunk = nlohmann::json::array();
        for (size_t i = at; i < ids.size() && i < at + kListPageSize; ++i) chunk.push_back(ids[i]);
        commands.push_back({"c" + std::to_string(commands.size()), "crm.contact.list",
                            {{"filter", {{"ID", chunk}}}, {"select", kPersonFields}}});
        if ((int)commands.size() == kBatchMaxCommands)
            if (Result<Done> done = run(); !done) return done.error();
    }
    if (Result<Done> done = run(); !done) return done.error();

    // Only the asked ids, in the card's order: a filter the portal ignored must not bring strangers.
    std::vector<CrmContact> people;
    for (const std::string& id : ids)
        if (auto it = found.find(id); it != found.end()) people.push_back(std::move(it->second));
    return people;
}

// ---------------------------------------------------------------------------------------------
// Search by title
// ---------------------------------------------------------------------------------------------

Result<std::vector<EntityContext>> Bitrix24Crm::find_entities(const std::string& text, int limit) {
    if (limit <= 0) return std::vector<EntityContext>{};
    std::vector<BatchCommand> commands;
    for (EntityKind kind : {EntityKind::deal, EntityKind::lead}) {
        nlohmann::json params = {{"order", {{"DATE_CREATE", "DESC"}, {"ID", "DESC"}}},
                                 {"select", {"ID", "TITLE", "ASSIGNED_BY_ID", "DATE_CREATE"}}};
        // §3: "%" is the filter's "contains"; no text means every card, newest first.
        params["filter"] = text.empty() ? nlohmann::json::object() : nlohmann::json{{"%TITLE", text}};
        commands.push_back({kind_name(kind), std::string("crm.") + kind_name(kind) + ".list", params});
    }
    Result<BatchAnswers> answers = rest_.batch(commands);
    if (!answers) return answers.error();
    if (!answers->errors.empty()) return answers->errors.begin()->second;

    struct Found {
        std::string created;   // ISO 8601 in the portal's time zone: one zone, so text order is time order
        long long id = 0;
        EntityContext ctx;
    };
    std::vector<Found> found;
    for (EntityKind kind : {EntityKind::deal, EntityKind::lead}) {
        const nlohmann::json& list = answers->results[kind_name(kind)];
        if (!list.is_array()) return Error{ErrorCode::crm_bad_response, std::string("crm.") + kind_name(kind) + ".list: not a list"};
        for (const nlohmann::json& row : list) {
            EntityRef ref{kind, row.is_object() ? id_text(row.value("ID", nlohmann::json())) : ""};
            if (!is_bitrix24_id(ref.id)) continue;
            Result<EntityContext> ctx = read_entity(row, ref);
            if (!ctx) continue;
            found.push_back({row.value("DATE_CREATE", ""), std::stoll(ref.id), std::move(*ctx)});
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        return a.created != b.created ? a.created > b.created : a.id > b.id;
    });
    std::vector<EntityContext> result;
    for (size_t i = 0; i < found.size() && (int)i < limit; ++i) result.push_back(std::move(found[i].ctx));
    return result;
}

// ---------------------------------------------------------------------------------------------
// User administration: bitrix24_users.cpp and bitrix24_handover.cpp
// ---------------------------------------------------------------------------------------------

CrmAdminAbilities Bitrix24Crm::abilities() { return bitrix24_admin_abilities(); }

Result<std::vector<CrmUser>> Bitrix24Crm::users() { return users_.users(); }

Result<std::vector<CrmGroup>> Bitrix24Crm::groups() { return users_.departments(); }

Result<std::vector<CrmGroup>> Bitrix24Crm::roles() { return std::vector<CrmGroup>{}; }   // no roles through REST

Result<SeatCount> Bitrix24Crm::seats() { return users_.seats(); }

Result<CrmUser> Bitrix24Crm::add_user(const NewUser& user) { return users_.add(user); }

Result<Done> Bitrix24Crm::deactivate_user(const std::string& user_id) { return users_.deactivate(user_id); }

Result<int> Bitrix24Crm::count_records(const std::string& user_id, RecordKind kind) {
    return handover_.count(user_id, kind);
}

Result<HandoverBatch> Bitrix24Crm::reassign(const Reassignment& reassignment, RecordKind kind, const std::string& cursor) {
    return handover_.step(reassignment, kind, cursor);
}

// ---------------------------------------------------------------------------------------------
// A card user's view
// ---------------------------------------------------------------------------------------------

Result<std::shared_ptr<CardSource>> bitrix24_user_cards(CrmTokenKeeper& user_keeper, const std::string& session_key,
                                                        const Bitrix24App& app, Clock& clock, UpstreamPolicy policy) {
    Result<CrmAccount> pair = user_keeper.current(session_key);
    // Never the portal's pair instead: that would show the user what only the admin may see.
    if (!pair) return Error{ErrorCode::crm_token_rejected, "this session keeps no Bitrix24 token of its user"};
    return std::shared_ptr<CardSource>(
        std::make_shared<Bitrix24Crm>(user_keeper, session_key, app, clock, policy, TokenOwner::user));
}

} // namespace gd
