#pragma once
// The labelled items on screen with their rectangles in CSS pixels, as the user sees them:
// window.groupdesk.items() in every build (the bench finds «Войти в песочницу» by it), and the
// `items` of the test build's window.groupdesk.state() (test_api.cpp).
#include "web/platform/browser.h"

#include <nlohmann/json.hpp>

namespace gd {

nlohmann::json visible_items_json(const Browser& b);

} // namespace gd
