#pragma once
// Opening a page outside the widget (a deal's card in the CRM) in a new tab with no way back to
// this page, or the widget's console in its place; tests record what was asked. Implemented in
// web/platform/.
#include <string>
#include <string_view>

namespace gd {

class LinkOpener {
public:
    virtual ~LinkOpener() = default;
    virtual void open_in_new_tab(const std::string& url) = 0;
    // One of the widget's own pages (console.html, a relative address) in place of this one.
    virtual void open_here(const std::string& relative_url) = 0;
};

// Only web pages are opened: an address from outside (a CRM's answer) that is javascript:,
// data: or anything else is never handed to the browser.
bool openable_url(std::string_view url);

} // namespace gd
