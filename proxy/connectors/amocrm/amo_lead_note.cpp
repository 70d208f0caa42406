#include "proxy/connectors/amocrm/amo_lead_note.h"

#include "proxy/connectors/amocrm/amo_records.h"

namespace gd {

namespace {

// Cut at a UTF-8 character's first byte, never inside one (Cyrillic is two bytes a letter).
std::string cut(const std::string& text) {
    if (text.size() <= kMaxLeadNoteBytes) return text;
    size_t end = kMaxLeadNoteBytes - 3;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "\xE2\x80\xA6";
}

} // namespace

Result<Done> add_lead_note(AmoApi& api, const std::string& lead_id, const std::string& text) {
    if (!is_amo_id(lead_id)) return Error{ErrorCode::invalid_card, "not an amoCRM lead id"};
    const nlohmann::json note = nlohmann::json::array(
        {{{"entity_id", std::stoll(lead_id)}, {"note_type", "common"}, {"params", {{"text", cut(text)}}}}});
    Result<std::optional<nlohmann::json>> answer = api.post("/api/v4/leads/notes", note, "addLeadNote");
    if (!answer) return answer.error();
    return Done{};
}

} // namespace gd
