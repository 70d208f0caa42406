#include "tests/web/ui_harness.h"

#include "web/platform/secure_random.h"
#include "web/state/admin_screens.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/ui_style.h"

namespace gd::test {

bool FakeTransport::answer(const std::string& path, int status, const std::string& body) {
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        if (it->request.path != path) continue;
        Pending p = std::move(*it);
        pending.erase(it);
        p.done(HttpResponse{status, false, body});
        return true;
    }
    return false;
}

bool FakeTransport::has_request(const std::string& path) const { return find(path) != nullptr; }

const HttpRequest* FakeTransport::find(const std::string& path) const {
    for (const Pending& p : pending)
        if (p.request.path == path) return &p.request;
    return nullptr;
}

std::vector<std::string> layout_problems(const UiInspector& inspector, float width) {
    std::vector<std::string> problems;
    std::vector<const InspectedItem*> labelled;
    for (const InspectedItem& item : inspector.items) {
        if (!item.visible || item.label.empty()) continue;
        if (item.whole_min.x < 0.0f || item.whole_max.x > width)
            problems.push_back("«" + item.label + "» runs from " + std::to_string(item.whole_min.x) + " to " +
                               std::to_string(item.whole_max.x));
        // Laid out wider than its window (or table cell) shows: cut off without an ellipsis. A pixel
        // is no cut: wrapped text may end a pixel past the clip, inside its last glyph's advance.
        else if (item.whole_min.x < item.min.x - 1.5f || item.whole_max.x > item.max.x + 1.5f)
            problems.push_back("«" + item.label + "» is cut at " + std::to_string(item.max.x) + " (laid out to " +
                               std::to_string(item.whole_max.x) + ")");
        labelled.push_back(&item);
    }
    // Labelled items are texts, bars and buttons: none may cover a sibling (an item of the same
    // root window; a popup or tooltip is drawn over the widget on purpose).
    for (size_t a = 0; a < labelled.size(); ++a)
        for (size_t b = a + 1; b < labelled.size(); ++b) {
            const InspectedItem& x = *labelled[a];
            const InspectedItem& y = *labelled[b];
            if (x.root_window != y.root_window) continue;
            if (x.min.x < y.max.x - 0.5f && y.min.x < x.max.x - 0.5f && x.min.y < y.max.y - 0.5f && y.min.y < x.max.y - 0.5f)
                problems.push_back("«" + x.label + "» and «" + y.label + "» overlap");
        }
    if (inspector.fallback_glyphs) problems.push_back(std::to_string(inspector.fallback_glyphs) + " missing glyphs");
    return problems;
}

UiHarness::UiHarness(float scale, ImVec2 size) {
    context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);   // CreateContext keeps an existing current context
    ImGuiIO& io = ImGui::GetIO();
    configure_io(io);
    io.DisplaySize = size;
    load_ui_font(io, scale);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);   // "upload" the atlas: nothing to render to
    apply_style(scale);
    inspector.attach();
    app.http = &http;
    app.admin = &kAdminScreens;   // the console's screens; a card widget test sets it to null
    app.links = &links;
    app.random = &platform_random();
}

UiHarness::~UiHarness() { ImGui::DestroyContext(context); }

void UiHarness::frame() {
    ImGui::SetCurrentContext(context);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    app.state.now += io.DeltaTime;
    tick_app(app);
    ImGui::NewFrame();
    draw_app(app);
    ImGui::Render();
    inspector.end_frame(ImGui::GetDrawData());
}

void UiHarness::frames(int count) {
    for (int i = 0; i < count; ++i) frame();
}

namespace {

// Moves the mouse onto the item with this label and clicks it with `button`.
bool click_with(UiHarness& ui, const std::string& label, ImGuiMouseButton button) {
    const InspectedItem* target = ui.item(label);
    if (!target) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((target->min.x + target->max.x) / 2, (target->min.y + target->max.y) / 2);
    ui.frame();
    io.AddMouseButtonEvent(button, true);
    ui.frame();
    io.AddMouseButtonEvent(button, false);
    ui.frame();
    ui.frame();   // the frame after the click shows its effect
    return true;
}

} // namespace

bool UiHarness::click(const std::string& label) { return click_with(*this, label, ImGuiMouseButton_Left); }

bool UiHarness::right_click(const std::string& label) { return click_with(*this, label, ImGuiMouseButton_Right); }

bool UiHarness::click_in_top_bar(const std::string& label) {
    if (!shows(label)) {
        const std::string menu = ui_text::menu.in(app.state.lang);
        if (!click(menu)) return false;
    }
    return click(label);
}

void UiHarness::type(const std::string& utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
    frames(2);
}

void UiHarness::press(ImGuiKey key, ImGuiKey modifier) {
    ImGuiIO& io = ImGui::GetIO();
    if (modifier != ImGuiKey_None) io.AddKeyEvent(modifier, true);
    io.AddKeyEvent(key, true);
    io.AddKeyEvent(key, false);
    if (modifier != ImGuiKey_None) io.AddKeyEvent(modifier, false);
    frames(3);   // the queue spreads the press and the release over frames; one more shows the effect
}

void UiHarness::wheel(float notches) {
    ImGui::GetIO().AddMouseWheelEvent(0, notches);
    frames(2);
}

void UiHarness::hover(const std::string& label) {
    if (const InspectedItem* target = item(label))
        ImGui::GetIO().AddMousePosEvent((target->min.x + target->max.x) / 2, (target->min.y + target->max.y) / 2);
    frame();
}

} // namespace gd::test
