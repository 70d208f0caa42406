#pragma once
// Everything the widget shows is a function of this state (immediate mode): views read it and call
// actions (app_actions.h); responses write it. Nothing here knows about ImGui or the browser.
#include "shared/errors.h"
#include "shared/i18n.h"
#include "shared/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gd {

class HttpTransport;

enum class Screen { groups, participants };

enum class LoadStatus { idle, loading, loaded, failed };

// Data that comes from the proxy, with where its request stands.
template <class T>
struct Remote {
    LoadStatus status = LoadStatus::idle;
    T data{};
    Error error;
    double started_at = 0;      // AppState::now when the request went out
    uint32_t generation = 0;    // bumped per request: a late answer to an older one is dropped
};

enum class ParticipantColumn { name, phone, role };

struct AppState {
    Lang lang = Lang::ru;
    Screen screen = Screen::groups;
    double now = 0;   // seconds since start, set by the platform every frame

    Remote<std::vector<Group>> groups;
    std::string group_filter;

    std::string open_group_id;
    Remote<ParticipantList> participants;
    std::string participant_filter;
    ParticipantColumn sort_column = ParticipantColumn::name;
    bool sort_descending = false;

    // What the last frame showed, for tests and the test API.
    int rows_shown = 0;
    int first_visible_row = 0;
};

struct App {
    AppState state;
    HttpTransport* http = nullptr;
};

// A request shows a progress bar once it has taken this long.
inline constexpr double kProgressDelaySeconds = 1.0;

bool any_request_in_flight(const AppState& state);
// The error the screen currently shows, or nullptr.
const Error* visible_error(const AppState& state);

} // namespace gd
