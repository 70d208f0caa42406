#include "web/platform/dom_input.h"

namespace gd {

namespace {

struct NamedKey {
    const char* code;
    ImGuiKey key;
};

// KeyboardEvent.code values: https://www.w3.org/TR/uievents-code/
constexpr NamedKey kNamedKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"Escape", ImGuiKey_Escape},
    {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
    {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift},
    {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
    {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"ContextMenu", ImGuiKey_Menu},
    {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma}, {"Minus", ImGuiKey_Minus},
    {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon},
    {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket}, {"Backslash", ImGuiKey_Backslash},
    {"BracketRight", ImGuiKey_RightBracket}, {"Backquote", ImGuiKey_GraveAccent},
    {"CapsLock", ImGuiKey_CapsLock}, {"ScrollLock", ImGuiKey_ScrollLock}, {"NumLock", ImGuiKey_NumLock},
    {"PrintScreen", ImGuiKey_PrintScreen}, {"Pause", ImGuiKey_Pause},
    {"NumpadDecimal", ImGuiKey_KeypadDecimal}, {"NumpadDivide", ImGuiKey_KeypadDivide},
    {"NumpadMultiply", ImGuiKey_KeypadMultiply}, {"NumpadSubtract", ImGuiKey_KeypadSubtract},
    {"NumpadAdd", ImGuiKey_KeypadAdd}, {"NumpadEqual", ImGuiKey_KeypadEqual},
};

// "KeyQ" with prefix "Key" and one letter in [first, last]: the letter's offset, or -1.
int numbered(std::string_view code, std::string_view prefix, char first, char last) {
    if (code.size() != prefix.size() + 1 || code.substr(0, prefix.size()) != prefix) return -1;
    char c = code.back();
    return c >= first && c <= last ? c - first : -1;
}

bool types_a_character(ImGuiKey key) {
    return (key >= ImGuiKey_0 && key <= ImGuiKey_Z) || (key >= ImGuiKey_Apostrophe && key <= ImGuiKey_GraveAccent) ||
           (key >= ImGuiKey_Keypad0 && key <= ImGuiKey_KeypadAdd) || key == ImGuiKey_KeypadEqual || key == ImGuiKey_Space;
}

void feed_modifiers(ImGuiIO& io, DomModifiers m) {
    io.AddKeyEvent(ImGuiMod_Ctrl, m.ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, m.shift);
    io.AddKeyEvent(ImGuiMod_Alt, m.alt);
    io.AddKeyEvent(ImGuiMod_Super, m.super);
}

} // namespace

ImGuiKey imgui_key_for_dom_code(std::string_view code) {
    if (int i = numbered(code, "Key", 'A', 'Z'); i >= 0) return (ImGuiKey)(ImGuiKey_A + i);
    if (int i = numbered(code, "Digit", '0', '9'); i >= 0) return (ImGuiKey)(ImGuiKey_0 + i);
    if (int i = numbered(code, "Numpad", '0', '9'); i >= 0) return (ImGuiKey)(ImGuiKey_Keypad0 + i);
    if (code.size() >= 2 && code.size() <= 3 && code[0] == 'F') {
        int n = 0;
        for (char c : code.substr(1)) n = c >= '0' && c <= '9' ? n * 10 + (c - '0') : -1000;
        if (n >= 1 && n <= 12) return (ImGuiKey)(ImGuiKey_F1 + n - 1);
    }
    for (const NamedKey& named : kNamedKeys)
        if (code == named.code) return named.key;
    return ImGuiKey_None;
}

bool feed_dom_key(DomKeyboard& keyboard, ImGuiIO& io, std::string_view code, bool down, DomModifiers modifiers) {
    // Modifiers first: ImGui reads a shortcut (Ctrl+A, Shift+Tab) from the state when the key lands.
    // Unchanged ones add nothing to the queue (ImGui drops a repeated state).
    feed_modifiers(io, modifiers);
    keyboard.held = modifiers;
    const ImGuiKey key = imgui_key_for_dom_code(code);
    if (key == ImGuiKey_None) return false;
    const size_t index = key - ImGuiKey_NamedKey_BEGIN;
    if (down) {
        const bool shortcut = modifiers.ctrl || modifiers.alt || modifiers.super;
        if (io.WantTextInput && !shortcut && types_a_character(key)) return false;
        keyboard.fed_down.set(index);
    } else {
        if (!keyboard.fed_down.test(index)) return false;
        keyboard.fed_down.reset(index);
    }
    io.AddKeyEvent(key, down);
    return true;
}

void feed_dom_paste_keys(const DomKeyboard& keyboard, ImGuiIO& io) {
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);   // the queue spreads down and up over two frames
    io.AddKeyEvent(ImGuiMod_Ctrl, keyboard.held.ctrl);
}

void feed_dom_focus(DomKeyboard& keyboard, ImGuiIO& io, bool focused) {
    io.AddFocusEvent(focused);   // losing focus: ImGui releases every key at its next frame
    if (!focused) keyboard = DomKeyboard{};
}

} // namespace gd
