#pragma once
// The browser's keyboard in ImGui's terms: DOM KeyboardEvent.code values become ImGuiKey_ events on
// ImGui's input queue (1.87+), so a press and a release that arrive between two frames are both
// seen. Plain C++ with no browser in it: browser_input.cpp calls it from the page's events, and
// the native UI tests call it the same way.
#include <imgui.h>

#include <string_view>

namespace gd {

struct DomModifiers {
    bool ctrl = false, shift = false, alt = false, super = false;
};

// What the page last said about held modifiers: a paste presses Ctrl+V for ImGui and must leave
// Ctrl as the user holds it.
struct DomKeyboard {
    DomModifiers held;
};

// "KeyA" -> ImGuiKey_A, "Enter" -> ImGuiKey_Enter; ImGuiKey_None for codes ImGui has no key for.
// By code, not by key, so shortcuts work on a Russian layout too.
ImGuiKey imgui_key_for_dom_code(std::string_view code);

// A keydown (down) or keyup with the modifiers the event carried.
void feed_dom_key(DomKeyboard& keyboard, ImGuiIO& io, std::string_view code, bool down, DomModifiers modifiers);

// The page received a paste (the only way a page reads the clipboard): Ctrl+V pressed and
// released for ImGui, which then reads the pasted text through its clipboard callback.
void feed_dom_paste_keys(const DomKeyboard& keyboard, ImGuiIO& io);

// Focus left or came back to the page. Leaving releases every key ImGui thinks is held.
void feed_dom_focus(DomKeyboard& keyboard, ImGuiIO& io, bool focused);

} // namespace gd
