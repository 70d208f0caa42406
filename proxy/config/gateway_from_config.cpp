#include "proxy/config/gateway_from_config.h"

#include "proxy/connectors/evolution/evolution_gateway.h"
#include "proxy/connectors/green_api/green_api_gateway.h"
#include "proxy/connectors/sandbox/sandbox_whatsapp.h"
#include "proxy/connectors/waha/waha_gateway.h"

namespace gd {

std::unique_ptr<WhatsAppGateway> gateway_from_config(const Config& config, SandboxStore& sandbox, Clock& clock) {
    const std::string& name = config.whatsapp_gateway;
    if (name == "waha") {
        WahaSettings settings;
        settings.base_url = config.whatsapp_gateway_url;
        settings.api_key = config.whatsapp_gateway_token;
        if (!config.whatsapp_gateway_instance.empty()) settings.session = config.whatsapp_gateway_instance;
        return std::make_unique<WahaGateway>(settings, clock);
    }
    if (name == "green_api") {
        GreenApiSettings settings;
        settings.api_url = config.whatsapp_gateway_url;
        settings.id_instance = config.whatsapp_gateway_instance;
        settings.api_token = config.whatsapp_gateway_token;
        return std::make_unique<GreenApiGateway>(settings, clock);
    }
    if (name == "evolution") {
        EvolutionSettings settings;
        settings.base_url = config.whatsapp_gateway_url;
        settings.api_key = config.whatsapp_gateway_token;
        settings.instance = config.whatsapp_gateway_instance;
        return std::make_unique<EvolutionGateway>(settings, clock);
    }
    if (name == "sandbox") return std::make_unique<SandboxWhatsAppGateway>(sandbox);
    throw std::invalid_argument("whatsapp_gateway " + name + " is not built into this proxy");
}

std::string describe_gateway(const Config& config) {
    const std::string& name = config.whatsapp_gateway;
    if (name == "sandbox") return "sandbox (built in, demo data)";
    std::string instance = config.whatsapp_gateway_instance;
    if (name == "waha" && instance.empty()) instance = "default";
    const char* instance_word = name == "waha" ? "session" : name == "green_api" ? "idInstance" : "instance";
    return name + " at " + config.whatsapp_gateway_url + ", " + instance_word + " " + instance;
}

} // namespace gd
