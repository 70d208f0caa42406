#pragma once
// What the page hands the widget at start, as JSON from the CRM host bridge (browser_glue.js):
//   {"session": "<token>", "entity": "deal:101", "lang": "en", "crm_lang": "ru",
//    "view": "compact", "group": "120363...@g.us", "screen": "users"}
// The session comes from the proxy's own card page (Bitrix24) or the URL fragment (amoCRM), the
// card from the URL. "lang" is the URL's ?lang= as written, "crm_lang" the CRM user's language the
// proxy put in the card page: an explicit ?lang=ru|en wins, then the CRM's, else Russian.
// "view": "compact" is amoCRM's narrow right-hand panel (any other value: the whole widget);
// "group" the group the card's script chose for it (ignored unless it looks like a group id);
// "screen" the administrators' screen the card widget opened the console on (admin_screens.h).
// Anything missing or malformed is left out: the widget then asks to sign in.
#include "web/state/app_state.h"

#include <string>

namespace gd {

StartContext read_start_context(const std::string& json);

} // namespace gd
