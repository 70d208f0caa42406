#pragma once
// A test CRM that only reads cards: every administration call says not_supported. Fakes derive
// from it and override what their test is about.
#include "proxy/connectors/crm.h"

#include <map>
#include <memory>
#include <string>

namespace gd::test {

class CardOnlyCrm : public Crm {
public:
    Result<EntityContext> entity(const EntityRef&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<std::vector<EntityContext>> find_entities(const std::string&, int) override {
        return Error{ErrorCode::not_supported, {}};
    }
    const char* kind() const override { return "sandbox"; }
    CrmAdminAbilities abilities() override { return {}; }
    Result<std::vector<CrmUser>> users() override { return Error{ErrorCode::not_supported, {}}; }
    Result<std::vector<CrmGroup>> groups() override { return Error{ErrorCode::not_supported, {}}; }
    Result<std::vector<CrmGroup>> roles() override { return Error{ErrorCode::not_supported, {}}; }
    Result<SeatCount> seats() override { return Error{ErrorCode::not_supported, {}}; }
    Result<CrmUser> add_user(const NewUser&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<Done> deactivate_user(const std::string&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<int> count_records(const std::string&, RecordKind) override { return Error{ErrorCode::not_supported, {}}; }
    Result<HandoverBatch> reassign(const Reassignment&, RecordKind, const std::string&) override {
        return Error{ErrorCode::not_supported, {}};
    }
};

// Which CRM each tenant works on, as CrmTenants answers (crm_not_connected for any other); cards
// are not read through it.
class CrmsByTenant : public CrmDirectory {
public:
    std::map<std::string, Crm*> by_tenant;
    Result<Crm*> crm_for(const std::string& tenant) override {
        auto found = by_tenant.find(tenant);
        if (found == by_tenant.end()) return Error{ErrorCode::crm_not_connected, {}};
        return found->second;
    }
    Result<std::shared_ptr<CardSource>> cards_for(const CrmReader&) override { return Error{ErrorCode::not_supported, {}}; }
};

} // namespace gd::test
