#include "proxy/connectors/bitrix24/bitrix24_placement.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"
#include "proxy/connectors/bitrix24/bitrix24_rest.h"

#include <memory>
#include <stdexcept>

namespace gd {

bool same_secret(const std::string& a, const std::string& b) {
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const size_t n = a.size() > b.size() ? a.size() : b.size();
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = i < a.size() ? (unsigned char)a[i] : 0;
        unsigned char y = i < b.size() ? (unsigned char)b[i] : 0;
        difference |= x ^ y;
    }
    return difference == 0;
}

Result<PlacementUser> verify_placement_user(CrmTokenKeeper& keeper, const PlacementRequest& request, Clock& clock,
                                            UpstreamPolicy policy) {
    const FrameRequest& frame = request.frame;
    Result<CrmAccount> portal = keeper.current(frame.member_id);
    if (!portal) return portal.error();

    // §2.5: APPLICATION_TOKEN proves the POST came from the portal. We have it once the install
    // told us; a portal installed without one relies on the user.current check alone.
    if (!portal->application_token.empty() && !same_secret(frame.application_token, portal->application_token))
        return Error{ErrorCode::crm_token_rejected, "the application token does not match this portal's"};

    std::unique_ptr<Bitrix24UserRest> as_user;
    try {
        as_user = std::make_unique<Bitrix24UserRest>(portal->base_url, frame.auth_id,
                                                     std::vector<std::string>{frame.refresh_id, frame.application_token},
                                                     clock, policy);
    } catch (const std::invalid_argument& e) {
        return Error{ErrorCode::crm_not_connected, std::string("the stored portal address is not usable: ") + e.what()};
    }
    // Both questions in one request: the user waits for this before the tab shows anything.
    Result<BatchAnswers> answers = as_user->batch({{"me", "user.current"}, {"admin", "user.admin"}});
    if (!answers) return answers.error();
    for (const char* key : {"me", "admin"})
        if (auto e = answers->errors.find(key); e != answers->errors.end()) return e->second;

    Result<CrmUser> me = read_user(answers->results["me"]);
    if (!me) return me.error();
    const nlohmann::json& admin = answers->results["admin"];
    PlacementUser user;
    user.user_id = me->id;
    user.name = me->name;
    user.is_admin = admin.is_boolean() && admin.get<bool>();
    user.member_id = frame.member_id;
    user.entity = request.entity;
    return user;
}

} // namespace gd
