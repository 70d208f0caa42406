#pragma once
// The «Пользователи» screen (CRM administrators only; the proxy refuses everyone else): the CRM's
// users with search and filter, the licence seats, adding a user while a seat is free (the login
// handed over once, the password then forgotten), and deactivating a leaver after their records
// moved to a colleague, followed to the end from any session and after a restart.
#include "shared/crm_user_rules.h"
#include "web/state/app_state.h"

#include <string>
#include <vector>

namespace gd {

inline constexpr int kUsersShown = 200;   // a longer match is narrowed by the search
inline constexpr int kHandoversShown = 10;

bool users_screen_allowed(const AppState& state);
void open_users(App& app);
// The directory (users, groups, roles, seats, what the CRM allows) and the account's handovers.
void load_users(App& app);
void load_user_directory(App& app);
// Called every frame: lands an add (the credentials panel), the seats entered, a handover
// started; on this screen reads an unfinished handover again once a second.
void tick_users(App& app);
double seconds_until_users_poll(const AppState& state);
// Forgets everything (signing out): the password first.
void forget_users(AppState& state);

const CrmUser* find_crm_user(const UserDirectory& directory, const std::string& id);
// Indexes of the users the search (name or e-mail) and the filter keep, in the directory's order.
std::vector<int> visible_user_rows(const UsersAdmin& users);

// Seats.
// Adding is offered while a seat is free, or while nobody knows (the CRM then decides).
bool seat_free(const SeatCount& seats);
// Why «Добавить пользователя» is not offered: crm_add_unavailable, crm_no_free_seat; unknown: it is.
ErrorCode why_no_add(const AppState& state);
void open_seats_form(App& app);
void save_seats(App& app);

// The add form.
void open_add_form(App& app);
void close_add_form(App& app);   // wipes the password
// A new password from the platform's secure source; false (and the form says so) when it gave none.
bool generate_new_password(App& app);
// The admin changed a field ("name", "email", "password", "group_id", "role_id"): the proxy's
// error about it goes, and a new e-mail is a new user again (no existing account).
void edit_add_field(App& app, const std::string& field);
NewUser new_user_from_form(const AddUserForm& form);
// What to say next to a field: our check as typed (once the field is filled or «Добавить» was
// pressed) or the proxy's refusal naming it. Empty: nothing.
std::string add_field_problem(const AppState& state, const std::string& field);
// The field a proxy error concerns, in the form's names ("" the form as a whole).
std::string form_field_of(const Error& error);
// Sends the form when our check finds nothing; otherwise every problem shows.
void send_new_user(App& app);
// The e-mail has an account elsewhere in the CRM: the form offers to add that account.
bool existing_account_offered(const AppState& state);
void add_existing_account(App& app);
bool add_in_flight(const AppState& state);

// The login handed over once.
// «Здравствуйте! Ваш вход в CRM: …, пароль: …» (or the invitation's words when there is no password).
std::string credentials_message(const NewCredentials& credentials, Lang lang);
void close_credentials(App& app);   // the password is wiped and never shown again

// Deactivating. Null when `user` may be deactivated from here; else why not.
const Text* why_not_deactivatable(const AppState& state, const CrmUser& user);
void open_deactivation(App& app, const std::string& user_id);   // reads how many records would move
void cancel_deactivation(App& app);
// Active users other than the leaver, in the directory's order.
std::vector<const CrmUser*> possible_receivers(const AppState& state);
void choose_receiver(App& app, const std::string& user_id);
// A colleague is chosen and the counts are read: the admin may confirm.
bool deactivation_ready(const AppState& state);
void start_deactivation(App& app);
// The start got no answer (network): sent again with the same key, so it never runs twice.
bool deactivation_start_lost(const AppState& state);
void resend_deactivation(App& app);
int records_total(const RecordCounts& counts);

// Handovers.
bool handover_unfinished(const Handover& handover);
// Called by tick_users: lands the handover list, a handover read again, one just started.
void tick_handovers(App& app);
// Handovers of the leaver still running (one per leaver at a time).
const Handover* running_handover_of(const AppState& state, const std::string& user_id);
int handover_moved(const Handover& handover);
int handover_total(const Handover& handover);
int handover_refused(const Handover& handover);
// "Сделки" for amoCRM's leads (its UI calls them so), "Лиды" for Bitrix24's; in the handover's CRM.
const Text& record_kind_text(RecordKind kind, const std::string& crm);

} // namespace gd
