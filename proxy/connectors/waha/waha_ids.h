#pragma once
// WhatsApp ids as WAHA writes them: its own form "79161234567@c.us", raw engine answers in
// "79161234567@s.whatsapp.net". Phones and ids every gateway shares: upstream/whatsapp_ids.h.
#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <string>
#include <string_view>

namespace gd {

// "79161234567@s.whatsapp.net" -> "79161234567@c.us"; other ids unchanged.
std::string cus_form(std::string_view id);

} // namespace gd
