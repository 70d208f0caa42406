#pragma once
// What the proxy needs from a CRM. One implementation per upstream (sandbox, bitrix24, amocrm),
// each in its own folder; the domain sees only this.
#include "shared/result.h"
#include "shared/types.h"

#include <memory>
#include <string>
#include <vector>

namespace gd {

// A manager's card reads: what the widget shows inside a card and in its search.
class CardSource {
public:
    virtual ~CardSource() = default;

    // The lead/deal card with its contacts and their phones.
    virtual Result<EntityContext> entity(const EntityRef& ref) = 0;
    // Leads and deals whose title contains the text (the standalone page's search).
    virtual Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) = 0;
};

// One step of a handover of one kind of record: what moved, what the CRM refused, where to go on.
struct HandoverBatch {
    int moved = 0;
    std::vector<std::string> refused;   // record ids the CRM would not move: reported, never retried
    std::string cursor;                 // the connector's own bookmark; the next call starts there
    bool finished = false;              // no record of this kind is left to look at
};

// What a CRM administrator does through GroupDesk: users, their groups and roles, licence seats,
// adding, deactivating, and handing a leaver's records to a colleague. The installation's token
// must be an administrator's; a manager never reaches these (the routes are admin-only).
class CrmAdmin {
public:
    virtual ~CrmAdmin() = default;

    // Which CRM this is, as the widget names it: "sandbox", "amocrm" or "bitrix24". The connector
    // says it, not the tenant: the standalone page may be served by any of them.
    virtual const char* kind() const = 0;
    // What this CRM allows through its API (constant for a connector, or read once from the CRM).
    virtual CrmAdminAbilities abilities() = 0;
    // Every user, active or not, marking the one GroupDesk's tokens belong to (is_integration).
    virtual Result<std::vector<CrmUser>> users() = 0;
    // User groups (amoCRM) or departments (Bitrix24).
    virtual Result<std::vector<CrmGroup>> groups() = 0;
    // amoCRM roles; empty where the CRM has none.
    virtual Result<std::vector<CrmGroup>> roles() = 0;
    // Active users taking a seat, and the licences when the CRM says them (source "crm"); else
    // source "unknown" and the proxy adds what the admin entered or what it learned.
    virtual Result<SeatCount> seats() = 0;
    // Errors: crm_user_invalid (with field), crm_email_in_account, crm_email_has_account,
    // crm_no_free_seat, crm_add_unavailable, crm_not_authorized, the usual crm_* transport ones.
    virtual Result<CrmUser> add_user(const NewUser& user) = 0;
    // Errors: crm_deactivate_unavailable, crm_user_is_admin, crm_user_is_integration (checked by
    // the connector itself: it never deactivates its own token's user), crm_user_not_found.
    virtual Result<Done> deactivate_user(const std::string& user_id) = 0;

    // How many records of this kind the user is responsible for.
    virtual Result<int> count_records(const std::string& user_id, RecordKind kind) = 0;
    // Moves the next batch of the leaver's records of one kind to the colleague, at the CRM's pace
    // (never faster than its documented rate), starting from `cursor` ("" first). Only records whose
    // responsible user is the leaver move, even where the CRM ignores the filter. Call again with
    // the returned cursor until finished; after a crash, the last saved cursor is safe to resume
    // from: a record already moved is no longer the leaver's and is not moved again.
    virtual Result<HandoverBatch> reassign(const Reassignment& reassignment, RecordKind kind,
                                           const std::string& cursor) = 0;
};

// A CRM account as its installation's token sees it: every card, and user administration.
class Crm : public CardSource, public CrmAdmin {};

// Who reads cards: a session's user in their tenant.
struct CrmReader {
    std::string tenant;        // SessionUser::tenant
    std::string user_id;       // the CRM's user id (the login on the standalone page)
    std::string session_key;   // where the session's own CRM token is kept, when the CRM gave one
};

// Which CRM a session works on. Its tenant names it: "standalone" (the proxy's own logins, on the
// CRM the proxy is configured with), "bitrix24:<member_id>", "amocrm:<account_id>".
class CrmDirectory {
public:
    virtual ~CrmDirectory() = default;
    // crm_not_connected when no CRM serves that tenant.
    virtual Result<Crm*> crm_for(const std::string& tenant) = 0;
    // The cards this reader may see, never more: read with the user's own token where the CRM
    // gave one (Bitrix24), or checked against the user's rights where it did not (amoCRM).
    virtual Result<std::shared_ptr<CardSource>> cards_for(const CrmReader& reader) = 0;
};

} // namespace gd
