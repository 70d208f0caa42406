#pragma once
// The screens for administrators and the sandbox's visitors: CRM users, the robots' runs, the demo
// pipeline. Their code is linked into the console page only (console.html; the `console` link in
// web/platform/wasm_module.cmake). The card widget, which every manager loads with every card,
// goes without it (13 KB brotli, bench/README.md): asked for one of them, it opens the console in
// its own place, signed in with the same session, on that screen.
#include "web/state/app_state.h"

#include <string>
#include <string_view>

namespace gd {

struct AdminScreens {
    void (*open)(App& app, Screen screen);    // opens it and reads what it shows
    void (*refresh)(App& app, Screen screen);   // «Обновить»
    void (*retry)(App& app, Screen screen);     // «Повторить» after the failure it shows
    void (*tick)(App& app);                     // every frame: lands answers, sends polls
    void (*draw)(App& app, Screen screen);
};

// Defined in web/views/admin_screens.cpp; whatever refers to it links all their code in.
extern const AdminScreens kAdminScreens;

bool is_admin_screen(Screen screen);
bool admin_screen_allowed(const AppState& state, Screen screen);
// Opens it here (the console), or, from the card widget, the console on it in the widget's place.
void open_admin_screen(App& app, Screen screen);
// "console.html?screen=users&lang=ru&entity=deal:101#session=…": the console on `screen`, in the
// language shown, on the same card, signed in; in a Bitrix24 portal the proxy's page of it,
// "crm/bitrix24/console?member=…&screen=…". The session rides in the fragment, which no server or
// log sees; the console wipes it from the address once read (browser_glue.js).
std::string console_address(const AppState& state, Screen screen);
// "robots", "users", "pipeline"; groups for any other name (the start context's ?screen=).
Screen admin_screen_named(std::string_view name);

} // namespace gd
