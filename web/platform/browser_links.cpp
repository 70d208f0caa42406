// Opens a CRM card in a new browser tab. The widget may run inside the CRM's own iframe: the tab
// gets no handle back to this page ("noopener"), so the card's page cannot reach into the widget.
// Called while a click is handled (gd_on_pointer_button draws the frame), so the browser counts
// it as the user's own and does not block it as a pop-up.
#include "web/platform/browser.h"

#include "web/state/links.h"

#include <emscripten.h>

namespace gd {

namespace {

EM_JS(void, js_open_in_new_tab, (const char* url), { GroupDeskBrowser.openInNewTab(UTF8ToString(url)); });
EM_JS(void, js_open_here, (const char* url), { GroupDeskBrowser.openHere(UTF8ToString(url)); });

class BrowserLinks : public LinkOpener {
public:
    void open_in_new_tab(const std::string& url) override {
        if (openable_url(url)) js_open_in_new_tab(url.c_str());
    }
    void open_here(const std::string& relative_url) override { js_open_here(relative_url.c_str()); }
};

} // namespace

LinkOpener& browser_links() {
    static BrowserLinks links;
    return links;
}

} // namespace gd
