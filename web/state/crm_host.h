#pragma once
// What the widget asks of the CRM page that frames it, and of the browser it runs in: the full
// widget opened beside a compact one (amoCRM's modal, through the card's own script), and a small
// per-user memory (the browser's localStorage of the widget's origin). Implemented in
// web/platform/browser_host.cpp; tests record what was asked.
#include <string>

namespace gd {

class CrmHost {
public:
    virtual ~CrmHost() = default;
    // Asks the card's script to open the whole widget on the same card.
    virtual void open_full_view() = 0;
    // "" when nothing is remembered under `key` (or the browser keeps nothing for framed pages).
    virtual std::string remembered(const std::string& key) = 0;
    virtual void remember(const std::string& key, const std::string& value) = 0;
};

} // namespace gd
