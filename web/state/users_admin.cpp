// The users screen's state: the directory, the seats, the add form and the login handed over
// once. Deactivation and handovers are in user_handovers.cpp.
#include "web/state/users_admin.h"

#include "shared/routes.h"
#include "web/state/requests.h"
#include "web/state/secure_random.h"
#include "web/state/text_search.h"
#include "web/state/ui_text.h"

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

// Overwrites before letting go, so the password does not linger in freed memory.
void wipe(std::string& secret) {
    std::fill(secret.begin(), secret.end(), '\0');
    secret.clear();
    secret.shrink_to_fit();
}

void wipe(AddUserForm& form) {
    wipe(form.password);
    form = AddUserForm{.sent = {.generation = form.sent.generation + 1}};
}

void wipe(NewCredentials& credentials) {
    wipe(credentials.password);
    credentials = {};
}

// A new user or the existing account's answer: the login to hand over, the form forgotten.
void land_added_user(App& app) {
    UsersAdmin& u = app.state.users;
    AddUserForm& form = u.add;
    const CrmAdminAbilities& abilities = u.directory.data.abilities;
    wipe(u.credentials);
    u.credentials.shown = true;
    u.credentials.name = form.sent.data.name;
    u.credentials.login = form.sent.data.email.empty() ? form.email : form.sent.data.email;
    u.credentials.existing_account = form.existing_account;
    u.credentials.invitation = !abilities.sets_password && !form.existing_account;
    if (abilities.sets_password && !form.existing_account) u.credentials.password = form.password;
    wipe(form);
    load_user_directory(app);   // the new user listed, a seat taken
}

} // namespace

bool users_screen_allowed(const AppState& s) { return !s.session_token.empty() && s.user.is_admin; }

void open_users(App& app) {
    if (!users_screen_allowed(app.state)) return;   // the proxy would answer 403: administrators only
    app.state.screen = Screen::users;
    load_users(app);
}

void load_user_directory(App& app) { get_into(app, app.state.users.directory, routes::kCrmUsers); }

void load_users(App& app) {
    load_user_directory(app);
    HandoverWatch& h = app.state.users.handovers;
    h.next_poll_at = app.state.now + kJobPollSeconds;
    get_into(app, h.list, routes::kCrmHandovers);
}

void forget_users(AppState& s) {
    UsersAdmin& u = s.users;
    wipe(u.add);
    wipe(u.credentials);
    u = UsersAdmin{.directory = {.generation = u.directory.generation + 1},
                   .seats_saved = {.generation = u.seats_saved.generation + 1},
                   .add = {.sent = {.generation = u.add.sent.generation + 1}},
                   .deactivation = {.counts = {.generation = u.deactivation.counts.generation + 1},
                                    .start = {.generation = u.deactivation.start.generation + 1}},
                   .handovers = {.list = {.generation = u.handovers.list.generation + 1},
                                 .followed = {.generation = u.handovers.followed.generation + 1}}};
}

const CrmUser* find_crm_user(const UserDirectory& directory, const std::string& id) {
    for (const CrmUser& user : directory.users)
        if (user.id == id) return &user;
    return nullptr;
}

std::vector<int> visible_user_rows(const UsersAdmin& u) {
    std::vector<int> rows;
    const SearchQuery query = make_query(u.search);
    const std::vector<CrmUser>& users = u.directory.data.users;
    for (int i = 0; i < (int)users.size(); ++i) {
        const CrmUser& user = users[i];
        if (u.filter == UserListFilter::active && !user.active) continue;
        if (u.filter == UserListFilter::inactive && user.active) continue;
        if (!query.empty() && !matches(query, user.name) && !matches(query, user.email)) continue;
        rows.push_back(i);
    }
    return rows;
}

// --- Seats -----------------------------------------------------------------------------------

bool seat_free(const SeatCount& seats) { return !seats.known() || seats.free() > 0; }

ErrorCode why_no_add(const AppState& s) {
    const UserDirectory& d = s.users.directory.data;
    if (!d.abilities.add_users) return ErrorCode::crm_add_unavailable;
    if (!seat_free(d.seats)) return ErrorCode::crm_no_free_seat;
    return ErrorCode::unknown;
}

void open_seats_form(App& app) {
    UsersAdmin& u = app.state.users;
    const SeatCount& seats = u.directory.data.seats;
    u.seats_form_open = true;
    u.paid_input = seats.known() ? seats.paid : 0;
    u.technical_input = seats.known() ? seats.technical : 0;
    u.seats_saved = {.generation = u.seats_saved.generation + 1};
}

void save_seats(App& app) {
    UsersAdmin& u = app.state.users;
    if (u.paid_input < 0 || u.technical_input < 0 || u.paid_input + u.technical_input < 1) return;
    if (u.seats_saved.status == LoadStatus::loading) return;
    const SeatLicences licences{u.paid_input, u.technical_input};
    request_into(app, u.seats_saved, HttpRequest{"PUT", routes::kCrmSeats, json_of(licences).dump()});
}

// --- The add form ----------------------------------------------------------------------------

void open_add_form(App& app) {
    UsersAdmin& u = app.state.users;
    if (why_no_add(app.state) != ErrorCode::unknown) return;
    wipe(u.add);
    u.add.open = true;
    if (u.directory.data.abilities.sets_password) generate_new_password(app);
}

void close_add_form(App& app) { wipe(app.state.users.add); }

bool generate_new_password(App& app) {
    AddUserForm& form = app.state.users.add;
    bool ok = app.random != nullptr;
    std::string password;
    if (ok) {
        SecureRandom& source = *app.random;
        // A failed draw gives 0 (accepted by the picker, so generation ends) and spoils the result.
        password = generate_password([&]() -> uint32_t {
            uint32_t value = 0;
            if (!source.next(value)) ok = false;
            return value;
        });
    }
    form.random_failed = !ok;
    wipe(form.password);
    if (ok) form.password = std::move(password);
    else wipe(password);
    edit_add_field(app, "password");
    return ok;
}

std::string form_field_of(const Error& error) {
    const std::string& f = error.field;
    if (f == "name" || f == "first_name" || f == "last_name") return "name";
    if (f == "email" || f == "login") return "email";
    if (f == "password") return "password";
    if (f == "group_id" || f == "group" || f == "department") return "group_id";
    if (f == "role_id" || f == "role") return "role_id";
    if (f.empty() && (error.code == ErrorCode::crm_email_in_account || error.code == ErrorCode::crm_email_has_account))
        return "email";
    return "";
}

void edit_add_field(App& app, const std::string& field) {
    AddUserForm& form = app.state.users.add;
    if (form.sent.status == LoadStatus::failed && form_field_of(form.sent.error) == field)
        form.sent = {.generation = form.sent.generation + 1};
    // Another e-mail is another person: the account found for the last one is not theirs.
    if (field == "email") form.existing_account = false;
}

NewUser new_user_from_form(const AddUserForm& form) {
    NewUser user;
    user.email = form.email;
    user.group_id = form.group_id;
    user.role_id = form.role_id;
    user.existing_account = form.existing_account;
    if (form.existing_account) return user;   // its name and password stay its own
    if (!split_full_name(form.full_name, user.first_name, user.last_name)) user.first_name = form.full_name;
    user.password = form.password;
    return user;
}

std::string add_field_problem(const AppState& s, const std::string& field) {
    const AddUserForm& form = s.users.add;
    const Lang lang = s.lang;
    if (form.sent.status == LoadStatus::failed && form_field_of(form.sent.error) == field) {
        std::string text = error_text(form.sent.error.code).in(lang);
        if (!form.sent.error.detail.empty()) text += " (" + form.sent.error.detail + ")";
        return text;
    }
    const std::string& value = field == "name"       ? form.full_name
                               : field == "email"    ? form.email
                               : field == "password" ? form.password
                               : field == "group_id" ? form.group_id
                                                     : form.role_id;
    if (value.empty() && !form.show_all_problems) return {};
    NewUser user = new_user_from_form(form);
    std::string text;
    for (const FieldProblem& problem : check_new_user(user, s.users.directory.data.abilities))
        if (problem.field == field) {
            text = problem.message.in(lang);
            break;
        }
    wipe(user.password);
    return text;
}

bool add_in_flight(const AppState& s) { return s.users.add.sent.status == LoadStatus::loading; }

void send_new_user(App& app) {
    UsersAdmin& u = app.state.users;
    AddUserForm& form = u.add;
    if (add_in_flight(app.state)) return;
    NewUser user = new_user_from_form(form);
    if (!check_new_user(user, u.directory.data.abilities).empty()) {
        form.show_all_problems = true;
        form.sent = {.generation = form.sent.generation + 1};
        wipe(user.password);
        return;
    }
    if (!u.directory.data.abilities.sets_password) wipe(user.password);   // the CRM sends its own invitation
    std::string body = json_of(user).dump();
    wipe(user.password);
    request_into(app, form.sent, HttpRequest{"POST", routes::kCrmUsers, std::move(body)});
}

bool existing_account_offered(const AppState& s) {
    const AddUserForm& form = s.users.add;
    return !form.existing_account && form.sent.status == LoadStatus::failed &&
           form.sent.error.code == ErrorCode::crm_email_has_account;
}

void add_existing_account(App& app) {
    AddUserForm& form = app.state.users.add;
    if (!existing_account_offered(app.state)) return;
    form.existing_account = true;
    // The account's own name and password: nothing of ours is sent or kept for it.
    wipe(form.password);
    form.full_name.clear();
    send_new_user(app);
}

// --- The login handed over once --------------------------------------------------------------

std::string credentials_message(const NewCredentials& c, Lang lang) {
    char out[1024];
    if (!c.password.empty())
        std::snprintf(out, sizeof out, ui_text::users_message_password.in(lang), c.login.c_str(), c.password.c_str());
    else if (c.invitation)
        std::snprintf(out, sizeof out, ui_text::users_message_invitation.in(lang), c.login.c_str());
    else std::snprintf(out, sizeof out, ui_text::users_message_own_password.in(lang), c.login.c_str());
    std::string message = out;
    std::fill(std::begin(out), std::end(out), '\0');
    return message;
}

void close_credentials(App& app) { wipe(app.state.users.credentials); }

// --- Every frame -----------------------------------------------------------------------------

void tick_users(App& app) {
    UsersAdmin& u = app.state.users;
    if (u.add.sent.status == LoadStatus::loaded) land_added_user(app);
    // Refused for lack of a seat: the proxy has learned the limit, and the bar shows it once read.
    if (u.add.sent.status == LoadStatus::failed && u.add.sent.error.code == ErrorCode::crm_no_free_seat &&
        u.seat_refusal_seen != u.add.sent.generation) {
        u.seat_refusal_seen = u.add.sent.generation;
        load_user_directory(app);
    }
    if (u.seats_saved.status == LoadStatus::loaded && u.seats_applied != u.seats_saved.generation) {
        u.seats_applied = u.seats_saved.generation;
        u.directory.data.seats = u.seats_saved.data;
        u.seats_form_open = false;
    }
    tick_handovers(app);
}

} // namespace gd
