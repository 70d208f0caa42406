#pragma once
// The API's data types and their JSON mapping (the wire format is visible next to each type).
// Types here are shared by the widget, the proxy's routes and its connectors. GD_JSON_TYPE is
// nlohmann's NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE plus the field list the widget reads and writes
// its JSON by (shared/json_fields.h).
#include "shared/json_fields.h"

#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gd {

// ---------------------------------------------------------------------------------------------
// WhatsApp groups
// ---------------------------------------------------------------------------------------------

enum class ParticipantRole { member, admin, owner };
NLOHMANN_JSON_SERIALIZE_ENUM(ParticipantRole, {
    {ParticipantRole::member, "member"},
    {ParticipantRole::admin, "admin"},
    {ParticipantRole::owner, "owner"},
})

struct Group {
    std::string id;              // "120363041234567890@g.us"
    std::string name;
    int participant_count = 0;
    bool we_are_admin = false;   // the connected number can add, remove, promote and demote here
};
GD_JSON_TYPE(Group, id, name, participant_count, we_are_admin)

// Phones travel as E.164 ("+79161234567"): stored, compared and sent in requests in that form
// only. Next to each E.164 phone the proxy sends to the widget it puts the same number as people
// read it ("+7 916 123-45-67", libphonenumber's international format): phone_display, a field
// with a default, so an answer of an older proxy still reads (and shows the E.164).
// The form to show: the display form when the proxy sent one, else the E.164.
inline const std::string& phone_to_show(const std::string& e164, const std::string& display) {
    return display.empty() ? e164 : display;
}

struct Participant {
    std::string id;      // gateway id: "79161234567@c.us" or an "@lid" id
    std::string phone;   // E.164 ("+79161234567"); empty when the gateway hides it
    std::string name;    // as the connected phone knows it; may be empty
    ParticipantRole role = ParticipantRole::member;
    std::string phone_display;   // "+7 916 123-45-67"; "" from an older proxy
};
GD_JSON_TYPE_WITH_DEFAULT(Participant, id, phone, name, role, phone_display)

struct GroupList {
    std::vector<Group> groups;
};
GD_JSON_TYPE(GroupList, groups)

struct ParticipantList {
    Group group;
    std::vector<Participant> participants;
};
GD_JSON_TYPE(ParticipantList, group, participants)

enum class ParticipantAction { add, remove, promote, demote };
NLOHMANN_JSON_SERIALIZE_ENUM(ParticipantAction, {
    {ParticipantAction::add, "add"},
    {ParticipantAction::remove, "remove"},
    {ParticipantAction::promote, "promote"},
    {ParticipantAction::demote, "demote"},
})

// What happened to one person; read per person, never from an HTTP status alone.
enum class ChangeOutcome {
    done,
    already_member,     // WhatsApp 409
    left_recently,      // 408
    privacy_blocked,    // 403: only an invitation works
    group_full,         // 419
    not_on_whatsapp,
    not_a_member,       // remove/promote/demote of someone who is not in the group
    not_admin,          // our number cannot do this in this group
    rate_limited,       // retry later
    unknown,            // the gateway said "false" without a reason
    // Decided by the proxy before or instead of asking the gateway:
    pending,            // waiting for its turn (adds are paced)
    invalid_phone,      // not a phone number: never sent anywhere
    writes_stopped,     // the number is banned, warned or logged out: all writes stopped
    cancelled,          // the manager stopped the job before this person's turn
    invite_sent,        // could not be added (an outcome invite_link_helps) and the invite link was sent
};
NLOHMANN_JSON_SERIALIZE_ENUM(ChangeOutcome, {
    {ChangeOutcome::unknown, "unknown"},
    {ChangeOutcome::done, "done"},
    {ChangeOutcome::already_member, "already_member"},
    {ChangeOutcome::left_recently, "left_recently"},
    {ChangeOutcome::privacy_blocked, "privacy_blocked"},
    {ChangeOutcome::group_full, "group_full"},
    {ChangeOutcome::not_on_whatsapp, "not_on_whatsapp"},
    {ChangeOutcome::not_a_member, "not_a_member"},
    {ChangeOutcome::not_admin, "not_admin"},
    {ChangeOutcome::rate_limited, "rate_limited"},
    {ChangeOutcome::pending, "pending"},
    {ChangeOutcome::invalid_phone, "invalid_phone"},
    {ChangeOutcome::writes_stopped, "writes_stopped"},
    {ChangeOutcome::cancelled, "cancelled"},
    {ChangeOutcome::invite_sent, "invite_sent"},
})

struct ParticipantChange {
    std::string phone;                   // E.164
    ChangeOutcome outcome = ChangeOutcome::unknown;
};
GD_JSON_TYPE(ParticipantChange, phone, outcome)

struct WhatsAppCheck {
    std::string phone;   // E.164
    bool exists = false;
};
GD_JSON_TYPE(WhatsAppCheck, phone, exists)

struct InviteLink {
    std::string url;     // "https://chat.whatsapp.com/<code>"
};
GD_JSON_TYPE(InviteLink, url)

enum class ConnectionStatus { connected, starting, logged_out, warned, banned };
NLOHMANN_JSON_SERIALIZE_ENUM(ConnectionStatus, {
    {ConnectionStatus::logged_out, "logged_out"},
    {ConnectionStatus::connected, "connected"},
    {ConnectionStatus::starting, "starting"},
    {ConnectionStatus::warned, "warned"},
    {ConnectionStatus::banned, "banned"},
})

struct ConnectionState {
    ConnectionStatus status = ConnectionStatus::logged_out;
    std::string phone;   // the connected number, E.164
};
GD_JSON_TYPE(ConnectionState, status, phone)

// What a manager asks for: POST /api/v1/groups/{id}/changes. Phones as written; the proxy
// normalises, checks WhatsApp before adds, paces, and answers with a Job to follow.
struct PersonInput {
    std::string phone;
    std::string name;             // optional, for the results table and the audit log
    std::string crm_contact_id;   // optional: where the person came from
};
GD_JSON_TYPE_WITH_DEFAULT(PersonInput, phone, name, crm_contact_id)

struct ChangeRequest {
    ParticipantAction action = ParticipantAction::add;
    std::vector<PersonInput> people;
};
GD_JSON_TYPE(ChangeRequest, action, people)

enum class JobState { queued, running, done, stopped, cancelled };
NLOHMANN_JSON_SERIALIZE_ENUM(JobState, {
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::done, "done"},
    {JobState::stopped, "stopped"},
    {JobState::cancelled, "cancelled"},
})

struct JobItem {
    std::string input;   // as the manager wrote it
    std::string phone;   // E.164, empty when invalid
    std::string name;
    ChangeOutcome outcome = ChangeOutcome::pending;
    std::string phone_display;   // the phone as people read it; "" when invalid or from an older proxy
};
GD_JSON_TYPE_WITH_DEFAULT(JobItem, input, phone, name, outcome, phone_display)

// Who asked for a job: a person in the widget, a CRM robot (a deal entered a stage), or a
// webhook. Audit rows and the jobs list name them.
enum class RequesterKind { person, robot, webhook };
NLOHMANN_JSON_SERIALIZE_ENUM(RequesterKind, {
    {RequesterKind::person, "person"},
    {RequesterKind::robot, "robot"},
    {RequesterKind::webhook, "webhook"},
})

struct Requester {
    RequesterKind kind = RequesterKind::person;
    std::string name;   // the person's name, or the robot's ("Robot: add to group")
};
GD_JSON_TYPE_WITH_DEFAULT(Requester, kind, name)

// What an unfinished job waits for, so the widget can say why nothing moves.
enum class JobWait {
    nothing,        // working now, or finished
    turn,           // an older job for the same number or CRM account goes first
    pacing,         // the gap between two adds (next_in_seconds)
    retry,          // a failure that may pass (429, 5xx, timeout): tried again in next_in_seconds
    number_state,   // the number is not connected (warned, logged out, starting): looked at again soon
};
NLOHMANN_JSON_SERIALIZE_ENUM(JobWait, {
    {JobWait::nothing, "nothing"},
    {JobWait::turn, "turn"},
    {JobWait::pacing, "pacing"},
    {JobWait::retry, "retry"},
    {JobWait::number_state, "number_state"},
})

// A change to a group's members, worked through person by person (resumable, survives restarts).
// POST .../changes answers 202 with it at once; the same Idempotency-Key header again answers the
// same job.
struct Job {
    std::string id;
    std::string group_id;
    std::string group_name;       // "" until the job has read the group
    ParticipantAction action = ParticipantAction::add;
    JobState state = JobState::queued;
    int total = 0;
    int finished = 0;
    double next_in_seconds = 0;   // until the job moves again (pacing, a retry, a look at the number)
    JobWait waiting_for = JobWait::nothing;
    int attempts = 0;             // tries of the current person that failed in a way that may pass
    std::string stop_reason;      // an ErrorCode name when state is stopped
    Requester requested_by;
    int64_t created_at = 0;       // unix seconds
    std::vector<JobItem> items;
};
GD_JSON_TYPE_WITH_DEFAULT(Job, id, group_id, group_name, action, state, total, finished,
                                                next_in_seconds, waiting_for, attempts, stop_reason, requested_by,
                                                created_at, items)

// The answer of a write that returns nothing else.
struct Ack {
    bool ok = true;
};
GD_JSON_TYPE(Ack, ok)

// GET /api/v1/jobs?group_id=: the group's latest jobs, newest first (a reopened widget finds
// the job it left running). GET /api/v1/jobs?running=1: every unfinished job of the account
// (all groups), oldest first, as they will run.
struct JobList {
    std::vector<Job> jobs;
};
GD_JSON_TYPE(JobList, jobs)

// GET /api/v1/connection: the connected number's state and how much of today's allowance is used.
struct GatewayStatus {
    ConnectionState connection;
    bool can_save_contact = false;
    bool can_revoke_invite_link = false;
    int adds_today = 0;
    int adds_per_day = 0;
    int checks_today = 0;
    int checks_per_day = 0;
};
GD_JSON_TYPE(GatewayStatus, connection, can_save_contact, can_revoke_invite_link, adds_today,
                                   adds_per_day, checks_today, checks_per_day)

struct InviteSend {
    std::string phone;   // as written; the proxy normalises it
};
GD_JSON_TYPE(InviteSend, phone)

// «ДОБАВИТЬ НОМЕР»: save the number in the connected phone's contacts, then retry the add.
struct ContactToSave {
    std::string phone;
    std::string name;
};
GD_JSON_TYPE_WITH_DEFAULT(ContactToSave, phone, name)

// One line of the audit log: who did what, when, to whom, in which group, with what result.
struct AuditEntry {
    std::string at;        // ISO 8601, UTC
    std::string actor;
    std::string action;    // "add", "remove", "promote", "demote", "invite_link_sent", "invite_link_revoked", ...
    std::string group_id;
    std::string group_name;
    std::string phone;
    std::string outcome;   // a ChangeOutcome name or an ErrorCode name
    RequesterKind actor_kind = RequesterKind::person;   // a robot's or webhook's rows say so
    std::string phone_display;   // the phone as people read it; "" when there is none
};
GD_JSON_TYPE_WITH_DEFAULT(AuditEntry, at, actor, action, group_id, group_name, phone, outcome,
                                                actor_kind, phone_display)

struct AuditPage {
    std::vector<AuditEntry> entries;   // newest first
};
GD_JSON_TYPE(AuditPage, entries)

// ---------------------------------------------------------------------------------------------
// CRM
// ---------------------------------------------------------------------------------------------

enum class EntityKind { lead, deal, contact };
NLOHMANN_JSON_SERIALIZE_ENUM(EntityKind, {
    {EntityKind::lead, "lead"},
    {EntityKind::deal, "deal"},
    {EntityKind::contact, "contact"},
})

struct EntityRef {
    EntityKind kind = EntityKind::deal;
    std::string id;
};
GD_JSON_TYPE(EntityRef, kind, id)

struct CrmContact {
    std::string id;
    std::string name;
    std::vector<std::string> phones;   // as stored in the CRM (any format)
};
GD_JSON_TYPE(CrmContact, id, name, phones)

// A lead or deal card and the people attached to it.
struct EntityContext {
    EntityRef entity;
    std::string title;
    std::string responsible_user_id;
    std::vector<CrmContact> contacts;
};
GD_JSON_TYPE(EntityContext, entity, title, responsible_user_id, contacts)

// What the proxy last heard from WhatsApp about a number (its check before an add). A card never
// asks WhatsApp itself: checking numbers in bulk is a ban signal.
enum class HasWhatsApp { unknown, yes, no };
NLOHMANN_JSON_SERIALIZE_ENUM(HasWhatsApp, {
    {HasWhatsApp::unknown, "unknown"},
    {HasWhatsApp::yes, "yes"},
    {HasWhatsApp::no, "no"},
})

// A group WhatsApp refused to add a person to because of their privacy settings ("who can add me
// to groups", answer 403): only an invitation gets them in, so adding them again is not offered
// until someone chooses to retry. Kept by the proxy per group and phone.
struct PrivacyRefusal {
    std::string group_id;
    int64_t refused_at = 0;   // unix seconds
};
GD_JSON_TYPE_WITH_DEFAULT(PrivacyRefusal, group_id, refused_at)

// POST /api/v1/groups/{id}/privacy-refusals/retry: someone chose to try adding this person
// again; «Добавить недостающих» offers them once more.
struct PrivacyRetry {
    std::string phone;   // as written; the proxy normalises it
};
GD_JSON_TYPE(PrivacyRetry, phone)

// A card as the widget sees it: one row per phone of each contact, read for WhatsApp. A contact
// without a phone still has a row (phone_as_stored empty), so the manager sees why it is missing.
struct CardPerson {
    std::string contact_id;
    std::string name;
    std::string phone_as_stored;   // as the CRM holds it ("8 (916) 123-45-67")
    std::string phone;             // E.164; "" when it is not a number WhatsApp could have
    HasWhatsApp whatsapp = HasWhatsApp::unknown;   // the last check's answer, however old
    int64_t whatsapp_checked_at = 0;               // unix seconds of that check; 0 when unknown
    std::string phone_display;                     // "+7 916 123-45-67"; "" when phone is
    std::vector<PrivacyRefusal> privacy_refusals;  // the groups whose add refused them for privacy
};
// With defaults: an answer without the newer fields (an older proxy) reads as "unknown", no display
// form and no refusals.
GD_JSON_TYPE_WITH_DEFAULT(CardPerson, contact_id, name, phone_as_stored, phone, whatsapp,
                                                whatsapp_checked_at, phone_display, privacy_refusals)

struct Card {
    EntityRef entity;
    std::string title;
    std::vector<CardPerson> people;
};
GD_JSON_TYPE(Card, entity, title, people)

// The standalone page's search for a lead or deal to work on.
struct CardList {
    std::vector<Card> cards;
};
GD_JSON_TYPE(CardList, cards)

// "deal" -> EntityKind::deal; false for anything else (the JSON mapping would take any unknown
// word as the first kind).
bool entity_kind_from_name(std::string_view name, EntityKind& kind);
const char* entity_kind_name(EntityKind kind);

// ---------------------------------------------------------------------------------------------
// CRM users: administrators add users within the licence seats and deactivate leavers, handing
// their records to a colleague. Every route below is an administrator's.
// ---------------------------------------------------------------------------------------------

struct CrmUser {
    std::string id;
    std::string name;       // "First Last"
    std::string email;      // the login
    bool active = true;
    bool is_admin = false;
    bool is_free = false;   // amoCRM's free user: takes no licence seat
    std::string group_id;   // amoCRM user group, Bitrix24 department ("" none)
    std::string group;      // its name
    std::string role_id;    // amoCRM role ("" none: rights set one by one, or the CRM has no roles)
    std::string role;       // its name
    bool is_integration = false;   // GroupDesk's tokens belong to this user: never deactivated
};
GD_JSON_TYPE_WITH_DEFAULT(CrmUser, id, name, email, active, is_admin, is_free, group_id, group,
                                                role_id, role, is_integration)

// A user group (amoCRM) or department (Bitrix24), and an amoCRM role.
struct CrmGroup {
    std::string id;
    std::string name;
};
GD_JSON_TYPE_WITH_DEFAULT(CrmGroup, id, name)

// The kinds of record a leaver hands over. amoCRM has leads (its UI calls them «Сделки») and no
// separate deals; Bitrix24 has both.
enum class RecordKind { lead, deal, contact, company, task };
NLOHMANN_JSON_SERIALIZE_ENUM(RecordKind, {{RecordKind::lead, "lead"},
                                          {RecordKind::deal, "deal"},
                                          {RecordKind::contact, "contact"},
                                          {RecordKind::company, "company"},
                                          {RecordKind::task, "task"}})
const char* record_kind_name(RecordKind kind);
bool record_kind_from_name(std::string_view name, RecordKind& kind);

// What this CRM lets GroupDesk do with users through its API, so the widget offers only that
// and says what must be done by hand in the CRM.
struct CrmAdminAbilities {
    bool add_users = false;
    bool sets_password = false;     // amoCRM takes the password; Bitrix24's user.add e-mails an invitation
    bool has_roles = false;         // amoCRM roles; Bitrix24 has none through REST
    bool group_required = false;    // Bitrix24: an intranet user needs a department
    bool deactivate = false;        // deactivation through the API (amoCRM: Enterprise plans only)
    bool reassign = false;
    bool seats_from_crm = false;    // the CRM says its licence count (else the admin enters it)
    std::vector<RecordKind> record_kinds;   // what a handover moves, in this order
    int name_max_length = 50;
    int password_min_length = 0;    // 0 when no password is set
};
GD_JSON_TYPE_WITH_DEFAULT(CrmAdminAbilities, add_users, sets_password, has_roles, group_required,
                                                deactivate, reassign, seats_from_crm, record_kinds, name_max_length,
                                                password_min_length)

// Licence seats: a user can be added only while active < paid + technical.
struct SeatCount {
    int paid = 0;
    int technical = 0;
    int active = 0;        // users that take a seat: active and not free
    // Where paid and technical come from: "crm" (it says so), "entered" (the admin typed them in
    // GroupDesk), "learned" (the CRM refused an add for lack of seats at this many active users),
    // "unknown" (nothing yet: adding is allowed and the CRM decides).
    std::string source = "unknown";
    int free() const { return paid + technical - active; }
    bool known() const { return source != "unknown"; }
};
GD_JSON_TYPE_WITH_DEFAULT(SeatCount, paid, technical, active, source)

// PUT /api/v1/crm/seats: the licences an administrator read in the CRM's billing page.
struct SeatLicences {
    int paid = 0;
    int technical = 0;
};
GD_JSON_TYPE_WITH_DEFAULT(SeatLicences, paid, technical)

// GET /api/v1/crm/users: everything the users screen shows.
struct UserDirectory {
    std::string crm;                   // "bitrix24" | "amocrm" | "sandbox"
    CrmAdminAbilities abilities;
    std::vector<CrmUser> users;
    std::vector<CrmGroup> groups;
    std::vector<CrmGroup> roles;
    SeatCount seats;
};
GD_JSON_TYPE_WITH_DEFAULT(UserDirectory, crm, abilities, users, groups, roles, seats)

// POST /api/v1/crm/users.
struct NewUser {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string password;   // travels widget -> proxy -> CRM only; never stored, logged or echoed
    std::string group_id;
    std::string role_id;
    // The e-mail already has an account elsewhere in this CRM's world and the admin chose to add
    // that account: its name and password stay its own (first_name, last_name, password unused).
    bool existing_account = false;
};
GD_JSON_TYPE_WITH_DEFAULT(NewUser, first_name, last_name, email, password, group_id, role_id,
                                                existing_account)

// Who receives a leaver's deals, contacts, companies and tasks.
struct Reassignment {
    std::string from_user_id;
    std::string to_user_id;
};
GD_JSON_TYPE(Reassignment, from_user_id, to_user_id)

// GET /api/v1/crm/users/{id}/records: how many records of each kind the user is responsible for.
struct RecordCount {
    RecordKind kind = RecordKind::lead;
    int count = 0;
};
GD_JSON_TYPE_WITH_DEFAULT(RecordCount, kind, count)
struct RecordCounts {
    std::string user_id;
    std::vector<RecordCount> kinds;
};
GD_JSON_TYPE_WITH_DEFAULT(RecordCounts, user_id, kinds)

// POST /api/v1/crm/users/{id}/deactivate: hand the records over, then deactivate.
struct DeactivationRequest {
    std::string to_user_id;
};
GD_JSON_TYPE_WITH_DEFAULT(DeactivationRequest, to_user_id)

// One kind's progress in a handover.
struct HandoverKind {
    RecordKind kind = RecordKind::lead;
    int total = 0;        // counted when the handover began
    int moved = 0;
    std::vector<std::string> refused;   // record ids the CRM would not move: reported, not retried
    bool finished = false;
};
GD_JSON_TYPE_WITH_DEFAULT(HandoverKind, kind, total, moved, refused, finished)

// A leaver's handover: a job on the engine (lane "crm-users:<tenant>"), readable from any session and
// after a restart. GET /api/v1/crm/handovers (newest first), GET /api/v1/crm/handovers/{id}.
struct Handover {
    std::string id;                 // the job's id
    CrmUser from;
    CrmUser to;
    JobState state = JobState::queued;
    std::string phase = "counting"; // "counting", "moving", "deactivating", "finished"
    std::vector<HandoverKind> kinds;
    // After the move: "deactivated", or "by_hand" with the reason's ErrorCode name in
    // deactivation_error (plan, administrator, the integration's own user), or "" not yet.
    std::string deactivation;
    std::string deactivation_error;
    double next_in_seconds = 0;
    std::string stop_reason;        // an ErrorCode name when state is stopped
    Requester requested_by;
    int64_t created_at = 0;         // unix seconds
};
GD_JSON_TYPE_WITH_DEFAULT(Handover, id, from, to, state, phase, kinds, deactivation,
                                                deactivation_error, next_in_seconds, stop_reason, requested_by,
                                                created_at)
struct HandoverList {
    std::vector<Handover> handovers;
};
GD_JSON_TYPE_WITH_DEFAULT(HandoverList, handovers)

// ---------------------------------------------------------------------------------------------
// Robots: CRM automations acting on a group
// ---------------------------------------------------------------------------------------------

// A CRM automation's run: a Bitrix24 robot or workflow action, an amoCRM Digital Pipeline action,
// or the sandbox's demo pipeline, when a deal or lead entered a stage. GET /api/v1/robots/runs
// (administrators) lists them, newest first.
struct RobotRun {
    Job job;                       // the member change it made, person by person (requested_by: the robot)
    std::string crm;               // "bitrix24" | "amocrm" | "sandbox"
    EntityRef entity;              // the deal or lead it ran on
    std::string entity_title;      // "" until read
    std::string entity_url;        // the card in the CRM; "" when unknown
    std::string trigger;           // what started it, for people: "Сделка: этап «Переговоры»", the robot's name
    bool people_from_entity = false;   // whom: the entity's contacts (true) or phones written in the robot
    bool invite_on_failure = false;
    std::string report = "none";   // has the CRM got the result: "none" (no channel), "due", "done", "failed"
};
GD_JSON_TYPE_WITH_DEFAULT(RobotRun, job, crm, entity, entity_title, entity_url, trigger,
                                                people_from_entity, invite_on_failure, report)

struct RobotRunList {
    std::vector<RobotRun> runs;
};
GD_JSON_TYPE(RobotRunList, runs)

// The sandbox's demo pipeline (sandbox mode only): its deals move through stages, and a stage's
// robots act on the group when a deal enters it, the same way a CRM's robot does.
//   GET  /api/v1/sandbox/pipeline               -> SandboxPipeline
//   POST /api/v1/sandbox/deals/{id}/stage       StageMove -> 202 StageMoved (the robots' runs)
struct PipelineStage {
    std::string id;      // "new", "talks", ...
    std::string name;    // «Переговоры»: the sandbox's CRM speaks Russian, like its demo data
};
GD_JSON_TYPE(PipelineStage, id, name)

struct PipelineDeal {
    std::string id;
    std::string title;
    std::string stage_id;
    std::string last_note;   // the deal's newest note: where the sandbox CRM keeps its robots' reports
};
GD_JSON_TYPE_WITH_DEFAULT(PipelineDeal, id, title, stage_id, last_note)

// A robot placed on a stage: when a deal enters it, act on the deal's contacts in the group.
struct PipelineRobot {
    std::string stage_id;
    std::string group_id;
    std::string group_name;
    ParticipantAction action = ParticipantAction::add;
    bool invite_on_failure = false;
};
GD_JSON_TYPE(PipelineRobot, stage_id, group_id, group_name, action, invite_on_failure)

struct SandboxPipeline {
    std::vector<PipelineStage> stages;   // in pipeline order
    std::vector<PipelineDeal> deals;
    std::vector<PipelineRobot> robots;
};
GD_JSON_TYPE(SandboxPipeline, stages, deals, robots)

struct StageMove {
    std::string stage_id;
};
GD_JSON_TYPE(StageMove, stage_id)

struct StageMoved {
    PipelineDeal deal;
    std::vector<Job> runs;   // one per robot of the new stage; empty when it has none
};
GD_JSON_TYPE(StageMoved, deal, runs)

// ---------------------------------------------------------------------------------------------
// Proxy
// ---------------------------------------------------------------------------------------------

// Who is signed in: a proxy login (the standalone page) or a CRM user (opened from a card).
struct SessionUser {
    std::string id;        // the login, or the CRM's user id
    std::string name;      // shown in the widget and written into the audit log
    bool is_admin = false;
    std::string tenant;    // "standalone", "bitrix24:<member_id>", "amocrm:<account_id>"
};
GD_JSON_TYPE(SessionUser, id, name, is_admin, tenant)

// A proxy session: the widget keeps the token in memory and sends it as "Authorization: Bearer".
struct Session {
    std::string token;
    int64_t expires_at = 0;   // unix seconds
    SessionUser user;
};
GD_JSON_TYPE(Session, token, expires_at, user)

struct LoginRequest {
    std::string login;
    std::string password;
};
GD_JSON_TYPE(LoginRequest, login, password)

// The sandbox's built-in sign-in, so a newcomer can click through; it does not exist outside the
// sandbox (it is not a stored login, so it cannot linger into a live setup).
inline constexpr const char* kSandboxDemoLogin = "demo";
inline constexpr const char* kSandboxDemoPassword = "demo";

struct Health {
    std::string status;    // "ok"
    std::string mode;      // "sandbox" or "live"
    std::string version;
    std::string demo_login;   // sandbox only: kSandboxDemoLogin; empty elsewhere
};
GD_JSON_TYPE(Health, status, mode, version, demo_login)

} // namespace gd
