#pragma once
// Everything the widget shows is a function of this state (immediate mode): views read it and call
// actions (app_actions.h); responses write it. Nothing here knows about ImGui or the browser.
#include "shared/errors.h"
#include "shared/i18n.h"
#include "shared/types.h"
#include "web/state/card_membership.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gd {

class HttpTransport;
class CrmHost;
class LinkOpener;
class SecureRandom;
struct AdminScreens;

enum class Screen { sign_in, groups, participants, audit, robots, pipeline, users };

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

// The members a group's table shows, in its order, kept until the list, the filter or the order
// changes: filtering and sorting 1236 members every frame cost more than drawing them.
struct ParticipantRows {
    uint32_t generation = 0;   // of the list they were made from
    LoadStatus status = LoadStatus::idle;
    std::string filter;
    ParticipantColumn column = ParticipantColumn::name;
    bool descending = false;
    bool made = false;
    std::vector<int> rows;     // indexes into the list
};

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
// The open card against the open group, as the panels show it, made again only when the card, the
// members or the group changed: matching 50 people against 1236 members every frame cost ten
// times the drawing (bench/frames).
struct KeptCardMembership {
    uint32_t card_generation = 0;
    uint32_t card_edits = 0;
    LoadStatus card_status = LoadStatus::idle;
    uint32_t members_generation = 0;
    LoadStatus members_status = LoadStatus::idle;
    std::string group_id;
    bool made = false;
    CardMembership membership;
};

struct CardContext {
    EntityRef ref;                // id empty: no card
    bool from_crm = false;        // opened inside the card: it cannot be changed from here
    Remote<Card> card;
    uint32_t card_edits = 0;      // bumped by a change made here to the card, which no answer marks
    KeptCardMembership against_group;
    // «Повторить» on a person refused for privacy: the card drops the refusal at once; a retry the
    // proxy refuses reads the card again.
    Remote<Ack> privacy_retry;
    bool privacy_retry_settled = true;
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

// What the users screen lists.
enum class UserListFilter { active, inactive, all };

// «Добавить пользователя». The password lives here only until the CRM has it, then in
// NewCredentials until that panel closes: never stored elsewhere, logged or shown again.
struct AddUserForm {
    bool open = false;
    std::string full_name;            // «Имя Фамилия», split by split_full_name when sent
    std::string email;                // the login
    std::string password;             // generated when the form opens
    std::string group_id;             // user group (amoCRM) or department (Bitrix24)
    std::string role_id;
    bool existing_account = false;    // adding the account this e-mail already has elsewhere
    bool show_all_problems = false;   // after a press of «Добавить»: empty fields say so too
    bool random_failed = false;       // no secure random numbers: the admin types a password
    Remote<CrmUser> sent;             // the proxy's answer; its Error::field is shown by that field
};

// The login handed over once, right after the add. Closing the panel wipes it.
struct NewCredentials {
    bool shown = false;
    std::string name;
    std::string login;
    std::string password;             // empty: none to hand over (an invitation, or the account's own)
    bool invitation = false;          // the CRM e-mailed an invitation instead (Bitrix24)
    bool existing_account = false;    // the account keeps its own password
};

// Deactivating a leaver: who receives the records, how many will move, confirm.
struct DeactivationForm {
    std::string leaver_id;            // "" closed
    std::string to_user_id;
    Remote<RecordCounts> counts;
    bool confirming = false;
    Remote<Handover> start;           // POST .../deactivate: 202 Handover
    std::string key;                  // Idempotency-Key: a start whose answer was lost goes again with it
};

// Handovers: the account's (running ones from any session, or from before a restart) read when
// the screen opens, the one started here, each unfinished one read again in turn.
struct HandoverWatch {
    Remote<HandoverList> list;
    std::vector<Handover> shown;      // the freshest copy of each, newest first
    uint32_t list_merged = 0;         // the list answer already put into `shown`
    Remote<Handover> followed;
    uint32_t followed_merged = 0;
    size_t next_to_follow = 0;
    double next_poll_at = 0;
};

// The «Пользователи» screen (CRM administrators).
struct UsersAdmin {
    Remote<UserDirectory> directory;
    std::string search;
    UserListFilter filter = UserListFilter::active;
    bool seats_form_open = false;
    int paid_input = 0;
    int technical_input = 0;
    Remote<SeatCount> seats_saved;    // PUT /crm/seats
    uint32_t seats_applied = 0;
    uint32_t seat_refusal_seen = 0;   // the add refused for lack of a seat: seats read again once
    bool buy_hint = false;            // no seat free: where to buy a licence
    bool deactivate_hint = false;     // no seat free: how to free one
    AddUserForm add;
    NewCredentials credentials;
    DeactivationForm deactivation;
    HandoverWatch handovers;
};

// What the page was started with: by a CRM card (a session and the card), or nothing.
struct StartContext {
    std::string session_token;    // a session the proxy opened for the CRM user
    std::string entity;           // "deal:101"
    Lang lang = Lang::ru;
    bool compact = false;         // drawn in a CRM's narrow card panel (amoCRM's right-hand one)
    std::string group_id;         // the group the card's script chose for the compact panel
    Screen screen = Screen::groups;   // an administrators' screen the card widget opened the console on
};

// amoCRM's right-hand card panel (about 300 px): the card against one group, chosen once and
// remembered per user, and the way to the full widget (compact_card.h).
struct CompactPanel {
    bool on = false;
    std::string host_group_id;    // the card's script chose it: it wins over the remembered one
    bool group_restored = false;  // the remembered (or given) group was looked for once
};

struct AppState {
    Lang lang = Lang::ru;
    Screen screen = Screen::groups;
    // The console's start screen (StartContext::screen), opened once the user and the mode are known.
    Screen screen_after_start = Screen::groups;

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
    ParticipantRows participant_rows;   // what the table shows of them (visible_rows.h)

    MemberActions members;
    JobsList jobs;
    CardContext card;
    Remote<GatewayStatus> gateway;           // the connected number: banned, warned, today's allowance
    Remote<AuditPage> audit;
    RobotRunsView robots;
    PipelineDemo pipeline;
    UsersAdmin users;
    CompactPanel compact;

    // What the last frame showed, for tests and the test API.
    int rows_shown = 0;
    int first_visible_row = 0;
};

struct App {
    AppState state;
    HttpTransport* http = nullptr;
    LinkOpener* links = nullptr;   // opens a CRM card in a new browser tab
    SecureRandom* random = nullptr;   // the platform's cryptographic source (generated passwords)
    CrmHost* host = nullptr;          // the framing CRM page and the browser's memory; null: none
    // The administrators' screens: set in the console page, null in the card widget, which opens
    // the console for them (admin_screens.h).
    const AdminScreens* admin = nullptr;
};

// A running job is asked for its progress this often (and the jobs list while one is unfinished).
inline constexpr double kJobPollSeconds = 1.0;

// A request shows a progress bar once it has taken this long.
inline constexpr double kProgressDelaySeconds = 1.0;

bool any_request_in_flight(const AppState& state);
// The error the screen currently shows, or nullptr.
const Error* visible_error(const AppState& state);

} // namespace gd
