#pragma once
// CRM records and users as the REST methods return them (research/bitrix24.md §3, §4):
//   crm.deal.get / crm.lead.get / crm.contact.get / crm.*.list rows: {"ID":"8061","TITLE":...,
//     "ASSIGNED_BY_ID":"1","NAME":...,"LAST_NAME":...,"PHONE":[{"ID":"156","VALUE_TYPE":"WORK",
//     "VALUE":"+13333333555","TYPE_ID":"PHONE"}]}  (ids usually strings; PHONE a multifield)
//   crm.deal.contact.items.get / crm.lead.contact.items.get: [{"CONTACT_ID":12,"SORT":10,
//     "ROLE_ID":0,"IS_PRIMARY":"Y"}]
//   user.get / user.current: {"ID":"1","ACTIVE":true,"NAME":...,"LAST_NAME":...,"EMAIL":...}
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd {

// "8061" or 8061 -> "8061"; "" for anything else.
std::string id_text(const nlohmann::json& value);
// Only digits: the only ids Bitrix24 hands out for CRM records and users.
bool is_bitrix24_id(const std::string& id);

// The card's title, responsible user; no contacts yet. crm_bad_response when it is not a record.
Result<EntityContext> read_entity(const nlohmann::json& record, const EntityRef& ref);
// A contact, or a lead's own person (lead.NAME, lead.PHONE), with its phones in stored order.
CrmContact read_person(const nlohmann::json& record);
// Contact ids linked to a lead or deal, in the portal's order.
Result<std::vector<std::string>> read_contact_links(const nlohmann::json& items, const std::string& operation);

Result<CrmUser> read_user(const nlohmann::json& record);

} // namespace gd
