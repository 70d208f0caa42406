#pragma once
// Runs the widget's real views under ImGui with no renderer: a fake transport stands in for the
// proxy, simulated mouse and keyboard drive the UI, and the inspector reports what was drawn.
#include "web/inspect/ui_inspector.h"
#include "web/state/app_state.h"
#include "web/state/http.h"
#include "web/state/links.h"

#include <imgui.h>

#include <deque>
#include <string>
#include <vector>

namespace gd::test {

// Holds requests until the test answers them, like a proxy that is as slow as the test wants.
class FakeTransport : public HttpTransport {
public:
    struct Pending {
        HttpRequest request;
        std::function<void(HttpResponse)> done;
    };
    std::deque<Pending> pending;
    int sent = 0;

    void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override {
        pending.push_back({request, std::move(done)});
        ++sent;
    }
    // Answers the oldest request for `path`; returns false when none is waiting.
    bool answer(const std::string& path, int status, const std::string& body);
    bool fail_network(const std::string& path) { return answer(path, 0, ""); }
    bool has_request(const std::string& path) const;
    // The oldest request waiting for `path`, or nullptr.
    const HttpRequest* find(const std::string& path) const;
};

// Records the pages the widget asked the browser to open.
class FakeLinks : public LinkOpener {
public:
    std::vector<std::string> opened;
    std::vector<std::string> opened_here;
    void open_in_new_tab(const std::string& url) override { opened.push_back(url); }
    void open_here(const std::string& relative_url) override { opened_here.push_back(relative_url); }
};

// What a narrow panel would cut: every labelled visible item of the last frame must lie within
// [0, width] as laid out (not only as clipped), and within its window or cell (a text too long
// for it is cut with "…" instead), no two siblings may cover each other, and no glyph may be
// missing. Returns one line per problem; empty when the frame fits.
std::vector<std::string> layout_problems(const UiInspector& inspector, float width);

struct UiHarness {
    App app;
    FakeTransport http;
    FakeLinks links;
    UiInspector inspector;
    ImGuiContext* context = nullptr;

    explicit UiHarness(float scale = 1.0f, ImVec2 size = ImVec2(900, 600));
    ~UiHarness();

    void frame();
    void frames(int count);
    // Clicks the centre of the visible item with this label; false when there is none.
    bool click(const std::string& label);
    // A top bar button: in a panel too narrow for the buttons, through «Меню» («Menu»), which
    // holds them under the same labels. False when there is no such button.
    bool click_in_top_bar(const std::string& label);
    // The same with the right button (a context menu).
    bool right_click(const std::string& label);
    void type(const std::string& utf8);
    // Presses and releases a key (with a modifier such as ImGuiMod_Shift held), all queued before
    // one frame as a fast typist's keys arrive.
    void press(ImGuiKey key, ImGuiKey modifier = ImGuiKey_None);
    void wheel(float notches);   // positive scrolls up
    void hover(const std::string& label);

    const InspectedItem* item(const std::string& label) const { return inspector.find(label); }
    bool shows(const std::string& label) const { return item(label) != nullptr; }
};

} // namespace gd::test
