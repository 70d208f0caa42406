#pragma once
// The browser's keyboard in ImGui's terms: DOM KeyboardEvent.code values become ImGuiKey_ events on
// ImGui's input queue (1.87+), so a press and a release that arrive between two frames are both
// seen. Plain C++ with no browser in it: browser_input.cpp calls it from the page's events, and
// the native UI tests call it the same way.
#include <imgui.h>

#include <bitset>
#include <string_view>

namespace gd {

struct DomModifiers {
    bool ctrl = false, shift = false, alt = false, super = false;
};

// What the page last said about held modifiers: a paste presses Ctrl+V for ImGui and must leave
// Ctrl as the user holds it.
struct DomKeyboard {
    DomModifiers held;
    std::bitset<ImGuiKey_NamedKey_COUNT> fed_down;   // keys whose press ImGui was given: their release follows
};

// "KeyA" -> ImGuiKey_A, "Enter" -> ImGuiKey_Enter; ImGuiKey_None for codes ImGui has no key for.
// By code, not by key, so shortcuts work on a Russian layout too.
ImGuiKey imgui_key_for_dom_code(std::string_view code);

// A keydown (down) or keyup with the modifiers the event carried; false when ImGui was not given the
// key. A key that types a character (a letter, a digit, Space, punctuation), pressed without Ctrl,
// Alt or Meta while a text field has the keyboard, is left out: the field takes the character
// from the page's text event, and ImGui's queue would spread the keydown, the character and the
// keyup over three frames a character. Its release is left out with it.
bool feed_dom_key(DomKeyboard& keyboard, ImGuiIO& io, std::string_view code, bool down, DomModifiers modifiers);

// The page received a paste (the only way a page reads the clipboard): Ctrl+V pressed and
// released for ImGui, which then reads the pasted text through its clipboard callback.
void feed_dom_paste_keys(const DomKeyboard& keyboard, ImGuiIO& io);

// Focus left or came back to the page. Leaving releases every key ImGui thinks is held.
void feed_dom_focus(DomKeyboard& keyboard, ImGuiIO& io, bool focused);

} // namespace gd
