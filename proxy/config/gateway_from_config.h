#pragma once
// The WhatsApp gateway the configuration names, built once at start. The domain sees only the
// WhatsAppGateway interface; this is the one place that knows every connector.
#include "proxy/config/config.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"

#include <memory>

namespace gd {

class SandboxStore;

// Throws std::invalid_argument when a connector refuses its settings (the message names the
// setting, never the token).
std::unique_ptr<WhatsAppGateway> gateway_from_config(const Config& config, SandboxStore& sandbox, Clock& clock);

// "waha at http://waha:3000, session default": for the start-up line on stderr. No secret.
std::string describe_gateway(const Config& config);

} // namespace gd
