#include "proxy/transport/amocrm_pipeline_routes.h"

#include "proxy/connectors/amocrm/amo_pipeline_hook.h"
#include "proxy/connectors/upstream/ascii_text.h"
#include "proxy/transport/crm_entry_routes.h"
#include "shared/outcomes.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace gd {

namespace {

constexpr const char* kRobotName = "Робот amoCRM «GroupDesk» (Digital Pipeline)";

// The hook proven genuine as far as its body can be: a known installation, the right secret.
// Both refusals are 403 with nothing enqueued and one log line that names the account only.
Result<CrmAccount> installation_of(const AmoPipelineHook& hook, CrmTokenKeeper& keeper) {
    Result<CrmAccount> account = keeper.current(hook.account_id);
    if (!account || account->crm != "amocrm")
        return Error{ErrorCode::crm_call_unverified, "account " + hook.account_id + " has not installed GroupDesk"};
    if (!pipeline_secret_matches(account->application_token, hook.secret))
        return Error{ErrorCode::crm_call_unverified, "account " + hook.account_id +
                                               ": the action's secret is not this installation's (open the action's "
                                               "settings in amoCRM and save them again)"};
    return account;
}

void pipeline_hook(Call& c, CrmTokenKeeper& keeper, AmoStageCheck& checks, const std::function<void(const std::string&)>& log) {
    Result<AmoPipelineHook> hook = parse_pipeline_hook(c.request.get_header_value("Content-Type"), c.request.body);
    Result<CrmAccount> account = hook ? installation_of(*hook, keeper) : Result<CrmAccount>(hook.error());
    if (!account) {
        log("amoCRM pipeline hook refused: " + std::string(error_code_name(account.error().code)) + " " +
            account.error().detail);
        return c.fail(account.error());
    }
    // Only a lead entering the stage acts; amoCRM is told "taken" for everything else.
    if (!hook->lead_entered_stage()) return c.reply(nlohmann::json{{"ok", true}, {"queued", false}});
    Result<Done> settings = check_pipeline_settings(*hook);
    if (!settings) {
        log("amoCRM pipeline hook of account " + hook->account_id + " not run: " + settings.error().detail);
        return c.fail(settings.error());
    }

    AmoStageOrder check{hook->account_id, hook->pipeline_id, hook->status_id, {}};
    RobotOrder& order = check.order;
    order.tenant = "amocrm:" + hook->account_id;
    order.robot_name = kRobotName;
    order.crm = "amocrm";
    order.group_id = hook->group_id;
    order.action = hook->action;
    order.entity = {EntityKind::lead, hook->lead_id};
    order.entity_url = amocrm_lead_url(account->base_url, hook->lead_id);
    order.trigger = "Сделка перешла на этап (воронка " + hook->pipeline_id + ", этап " + hook->status_id + "): " +
                    action_text(hook->action).ru;
    order.invite_on_failure = hook->invite_on_failure;
    order.idempotency_key = amocrm_hook_key(hook->account_id, hook->lead_id, hook->status_id, hook->event_time);
    order.report_hook = {{"type", AmoLeadNotes::kType}, {"account_id", hook->account_id}, {"lead_id", hook->lead_id}};
    // amoCRM wants the fastest answer: the lead is read and the run started by the job.
    Result<std::string> queued = checks.enqueue(check);
    if (!queued) return c.fail(queued.error());
    c.reply(nlohmann::json{{"ok", true}, {"queued", true}});
}

void settings_preflight(Call& c, const AmoIntegration& integration) {
    allow_origin(c.response, account_origin(c.request.get_header_value("Origin"), integration));
    c.response.status = 204;
}

// The action's form in amoCRM (the widget's dpSettings): the groups our number administers and
// the installation's secret, for an administrator of the account only.
void pipeline_settings(Call& c, const AmoIntegration& integration, CrmTokenKeeper& keeper, GroupDirectory& groups,
                       Clock& clock, JtiLedger& ledger, const std::function<void(const std::string&)>& log) {
    const std::string origin = account_origin(c.request.get_header_value("Origin"), integration);
    Result<WidgetIdentity> identity =
        verify_widget_token(c.request.get_header_value("X-Auth-Token"), widget_token_settings(integration), clock, ledger);
    Result<CrmAccount> account = identity ? keeper.current(identity->account_id) : Result<CrmAccount>(identity.error());
    Result<Done> same_account = account ? check_token_account(*identity, *account) : Result<Done>(account.error());
    if (same_account && !identity->is_admin)
        same_account = Error{ErrorCode::forbidden, "only an amoCRM administrator sets up pipeline actions"};
    if (!same_account) {
        log("amoCRM pipeline settings refused: " + std::string(error_code_name(same_account.error().code)) + " " +
            same_account.error().detail);
        allow_origin(c.response, origin);   // any account of ours may read why: it names nobody
        return c.fail(same_account.error());
    }
    // The secret is readable by its own account's page only.
    const size_t host_at = origin.find("://");
    const bool own_account = host_at != std::string::npos && ascii_lowercase(origin.substr(host_at + 3)) == identity->account_host;
    allow_origin(c.response, own_account ? origin : "");
    // An account installed before pipeline actions existed gets its secret now.
    Result<CrmAccount> installed = keeper.with_application_token(identity->account_id, new_pipeline_secret);
    if (!installed) return c.fail(installed.error());
    Result<GroupList> list = groups.groups();
    if (!list) return c.fail(list.error());
    nlohmann::json choices = nlohmann::json::array();
    for (const Group& group : list->groups)
        if (group.we_are_admin) choices.push_back({{"id", group.id}, {"name", group.name}});
    c.response.set_header("Cache-Control", "no-store");
    c.reply(nlohmann::json{{"secret", installed->application_token}, {"groups", choices}});
}

} // namespace

std::string amocrm_lead_url(const std::string& base_url, const std::string& lead_id) {
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/leads/detail/" + lead_id;
}

std::string amocrm_hook_key(const std::string& account_id, const std::string& lead_id, const std::string& status_id,
                            const std::string& event_time) {
    return "amocrm:" + account_id + ":" + lead_id + ":" + status_id + ":" + event_time;
}

std::vector<Route> amocrm_pipeline_routes(const AmoIntegration& integration, CrmTokenKeeper& keeper,
                                          AmoStageCheck& checks, GroupDirectory& groups, Clock& clock,
                                          JtiLedger& ledger, std::function<void(const std::string&)> log) {
    auto amo = std::make_shared<const AmoIntegration>(integration);
    return {
        {"POST", "/crm/amocrm/pipeline", [&keeper, &checks, log](Call& c) { pipeline_hook(c, keeper, checks, log); },
         Access::open},
        {"OPTIONS", "/crm/amocrm/pipeline-settings", [amo](Call& c) { settings_preflight(c, *amo); }, Access::open},
        {"POST", "/crm/amocrm/pipeline-settings",
         [amo, &keeper, &groups, &clock, &ledger, log](Call& c) {
             pipeline_settings(c, *amo, keeper, groups, clock, ledger, log);
         },
         Access::open},
    };
}

} // namespace gd
