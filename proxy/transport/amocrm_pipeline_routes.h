#pragma once
// The amoCRM Digital Pipeline action's routes (served when the integration's keys are set):
//   POST    /crm/amocrm/pipeline            amoCRM's hook when a lead enters the action's stage
//                                           (open: proven by the installation's secret, the installed
//                                           account and, in the job, the lead read again)
//   POST    /crm/amocrm/pipeline-settings   the widget's dpSettings: X-Auth-Token (an admin's JWT) ->
//                                           {"secret", "groups": [{"id","name"}]}
//   OPTIONS /crm/amocrm/pipeline-settings   the browser's CORS preflight for it
//
// The secret goes to an administrator's widget in its own account only: amoCRM keeps it in the
// action's settings and posts it back with every hook, the one proof an unsigned hook can carry.
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/amocrm/amo_widget_token.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/domain/group_directory.h"
#include "proxy/transport/amocrm_pipeline_jobs.h"
#include "proxy/transport/router.h"

#include <functional>
#include <string>
#include <vector>

namespace gd {

// `log` gets one line per refusal, never the secret or a token.
std::vector<Route> amocrm_pipeline_routes(const AmoIntegration& integration, CrmTokenKeeper& keeper,
                                          AmoStageCheck& checks, GroupDirectory& groups, Clock& clock,
                                          JtiLedger& ledger, std::function<void(const std::string&)> log);

// "https://acme.amocrm.ru/leads/detail/42" from the stored account address, never the posted subdomain.
std::string amocrm_lead_url(const std::string& base_url, const std::string& lead_id);

// The hook's identity, which a redelivery repeats: "amocrm:<account>:<lead>:<status>:<event time>".
std::string amocrm_hook_key(const std::string& account_id, const std::string& lead_id, const std::string& status_id,
                            const std::string& event_time);

} // namespace gd
