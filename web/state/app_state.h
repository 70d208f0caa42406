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
class LinkOpener;

enum class Screen { sign_in, groups, participants, audit, robots, pipeline };

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

// The action panel of a group's screen (seed 000: pick people, pick an action, press ВЫПОЛНИТЬ),
// the job it started, and the invite link.
struct MemberActions {
    ParticipantAction action = ParticipantAction::add;
    std::string people_text;                 // numbers typed or pasted, optionally with names
    std::vector<std::string> selected_ids;   // members ticked in the table
    Remote<Job> job;                         // the last job started here, followed until it ends
    bool pick_up_running_job = false;        // on opening: a job left running here is followed again
    ChangeRequest last_change;               // what the last job was started with, and its key:
    std::string last_change_key;             // sent again unchanged when the start failed on the way
    double next_poll_at = 0;
    bool job_result_applied = true;          // members reloaded after the job ended
    Remote<InviteLink> invite_link;
    bool confirm_revoke = false;
    Remote<Ack> invite_sent;
    std::string invite_sent_to;
    Remote<Ack> contact_saved;
    PersonInput retry_after_save;            // the add to repeat once the contact is saved
};

// The jobs list: the open group's latest jobs and every unfinished job of the account (other
// groups', a robot's), each with its progress, what it waits for, and cancel.
struct JobsList {
    Remote<JobList> group;        // GET /jobs?group_id=: the open group's, newest first
    Remote<JobList> running;      // GET /jobs?running=1: every unfinished job of the account, oldest first
    Remote<Job> cancel;           // the answer to the last cancel sent from the list
    std::string cancelling_id;    // the job that cancel is for
    uint32_t running_checked = 0; // the running answer last compared with the group's list
    double next_poll_at = 0;
};

// Signing in on the standalone page. The token stays in memory only: a reload signs out.
struct SignIn {
    std::string login;
    std::string password;
    Remote<Session> session;
    Error reason;                 // why we are here again (session expired); code unknown: first time
};

// The CRM card the widget works on: the one it was opened in (a CRM hands it over and it stays),
// or, on the standalone page, one the manager found by searching.
struct CardContext {
    EntityRef ref;                // id empty: no card
    bool from_crm = false;        // opened inside the card: it cannot be changed from here
    Remote<Card> card;
    std::string search_text;
    Remote<CardList> search;
};

// The «Роботы» screen (administrators): what the CRM's automations did, newest first, read again
// while a run is unfinished.
struct RobotRunsView {
    Remote<RobotRunList> list;
    double next_poll_at = 0;
    std::vector<std::string> highlighted;   // job ids of runs a move on the demo pipeline started
};

// The sandbox's demo pipeline: its deals by stage and the stages' robots; moving a deal, and the
// robot runs that move started, followed until they end.
struct PipelineDemo {
    Remote<SandboxPipeline> pipeline;
    Remote<StageMoved> move;
    std::string moving_deal_id;   // the deal of the last move sent
    uint32_t move_applied = 0;    // the move answer already applied to the deals and `started`
    std::vector<Job> started;     // the runs the last move started, as last read
    Remote<Job> followed;         // one of them read again; unfinished ones are asked in turn
    uint32_t followed_merged = 0; // the followed answer already put into `started`
    size_t next_to_follow = 0;
    double next_poll_at = 0;
};

// What the page was started with: by a CRM card (a session and the card), or nothing.
struct StartContext {
    std::string session_token;    // a session the proxy opened for the CRM user
    std::string entity;           // "deal:101"
    Lang lang = Lang::ru;
};

struct AppState {
    Lang lang = Lang::ru;
    Screen screen = Screen::groups;

    SignIn sign_in;
    Remote<Health> health;        // the sandbox offers its demo login and its demo pipeline
    std::string session_token;    // empty until signed in
    SessionUser user;
    Remote<SessionUser> who;      // asked at start when a CRM handed us a session
    double now = 0;   // seconds since start, set by the platform every frame

    Remote<std::vector<Group>> groups;
    std::string group_filter;

    std::string open_group_id;
    Remote<ParticipantList> participants;
    std::string participant_filter;
    ParticipantColumn sort_column = ParticipantColumn::name;
    bool sort_descending = false;

    MemberActions members;
    JobsList jobs;
    CardContext card;
    Remote<GatewayStatus> gateway;           // the connected number: banned, warned, today's allowance
    Remote<AuditPage> audit;
    RobotRunsView robots;
    PipelineDemo pipeline;

    // What the last frame showed, for tests and the test API.
    int rows_shown = 0;
    int first_visible_row = 0;
};

struct App {
    AppState state;
    HttpTransport* http = nullptr;
    LinkOpener* links = nullptr;   // opens a CRM card in a new browser tab
};

// A running job is asked for its progress this often (and the jobs list while one is unfinished).
inline constexpr double kJobPollSeconds = 1.0;

// A request shows a progress bar once it has taken this long.
inline constexpr double kProgressDelaySeconds = 1.0;

bool any_request_in_flight(const AppState& state);
// The error the screen currently shows, or nullptr.
const Error* visible_error(const AppState& state);

} // namespace gd
