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

// A CRM account as its installation's token sees it: every card, and user administration.
class Crm : public CardSource {
public:
    virtual Result<std::vector<CrmUser>> users() = 0;
    virtual Result<SeatCount> seats() = 0;
    virtual Result<CrmUser> add_user(const NewUser& user) = 0;
    virtual Result<Done> deactivate_user(const std::string& user_id) = 0;
    // Moves up to `limit` of the leaver's deals, contacts, companies and tasks to the colleague;
    // returns how many moved, 0 when nothing is left (callers loop: it is a resumable job).
    virtual Result<int> reassign(const Reassignment& reassignment, int limit) = 0;
};

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
