// The sandbox CRM: deal and lead cards with their contacts, users in groups and roles within
// licence seats, and a leaver's thousands of records handed to a colleague in batches.
#include "proxy/connectors/sandbox/sandbox_pipeline.h"
#include "proxy/storage/schema.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

namespace gd {
namespace {

using test::Sandbox;
using test::ScratchDir;
using Clock = std::chrono::steady_clock;

constexpr const char* kSalesGroupId = "2";   // «Отдел продаж»
constexpr const char* kManagerRoleId = "1";  // «Менеджер»

NewUser new_user(const std::string& email) {
    return {"Пётр", "Сидоров", email, "Str0ng-Passw0rd!", kSalesGroupId, kManagerRoleId, false};
}

const CrmUser* user_by_id(const std::vector<CrmUser>& users, const std::string& id) {
    auto it = std::find_if(users.begin(), users.end(), [&](const CrmUser& u) { return u.id == id; });
    return it == users.end() ? nullptr : &*it;
}

std::vector<std::string> names_of(const std::vector<CrmGroup>& groups) {
    std::vector<std::string> names;
    for (const CrmGroup& g : groups) names.push_back(g.name);
    return names;
}

std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}


TEST(SandboxCrm, ADealCardHasItsContactsWithPhonesAsPeopleTypedThem) {
    Sandbox s;
    auto deal = s.crm.entity({EntityKind::deal, "101"});
    ASSERT_TRUE(deal.ok());
    EXPECT_EQ(deal->title, "Поставка оборудования ООО «Вектор»");
    EXPECT_EQ(deal->entity.kind, EntityKind::deal);
    EXPECT_FALSE(deal->responsible_user_id.empty());
    ASSERT_GE(deal->contacts.size(), 4u);
    bool russian_eight = false, spaced_plus_seven = false;
    for (const CrmContact& c : deal->contacts) {
        EXPECT_FALSE(c.name.empty());
        ASSERT_FALSE(c.phones.empty()) << c.name;
        for (const std::string& p : c.phones) {
            russian_eight |= p.rfind("8 (", 0) == 0;
            spaced_plus_seven |= p.rfind("+7 ", 0) == 0;
        }
    }
    EXPECT_TRUE(russian_eight);       // "8 (916) 123-45-67"
    EXPECT_TRUE(spaced_plus_seven);   // "+7 916 1234567"
}

TEST(SandboxCrm, LeadsAndSingleContactsOpenToo) {
    Sandbox s;
    auto lead = s.crm.entity({EntityKind::lead, "201"});
    ASSERT_TRUE(lead.ok());
    EXPECT_EQ(lead->contacts.size(), 1u);
    auto contact = s.crm.entity({EntityKind::contact, lead->contacts[0].id});
    ASSERT_TRUE(contact.ok());
    ASSERT_EQ(contact->contacts.size(), 1u);
    EXPECT_EQ(contact->title, lead->contacts[0].name);
    EXPECT_EQ(contact->contacts[0].phones, lead->contacts[0].phones);
}

TEST(SandboxCrm, AnUnknownCardIsRefused) {
    Sandbox s;
    EXPECT_EQ(s.crm.entity({EntityKind::deal, "999"}).error().code, ErrorCode::card_not_found);
    EXPECT_FALSE(s.crm.entity({EntityKind::lead, "101"}).ok());   // 101 is a deal
    EXPECT_FALSE(s.crm.entity({EntityKind::contact, "nope"}).ok());
}

TEST(SandboxCrm, SearchFindsTitlesWhateverTheCase) {
    Sandbox s;
    auto found = s.crm.find_entities("ПОСТАВКА", 10);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->at(0).entity.id, "101");
    EXPECT_FALSE(found->at(0).contacts.empty());

    EXPECT_EQ(s.crm.find_entities("заявка", 10)->size(), 2u);
    EXPECT_EQ(s.crm.find_entities("заявка", 1)->size(), 1u);
    EXPECT_TRUE(s.crm.find_entities("ничего такого нет", 10)->empty());
}

TEST(SandboxCrm, TheHandMadeDealsComeFirstAmongThousandsOfCards) {
    Sandbox s;
    auto all = s.crm.find_entities("", 100);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 100u);
    const char* first_deals[] = {"101", "102", "103", "104", "105", "106"};
    for (size_t i = 0; i < std::size(first_deals); ++i) {
        EXPECT_EQ(all->at(i).entity.kind, EntityKind::deal);
        EXPECT_EQ(all->at(i).entity.id, first_deals[i]);
    }
    // A generated deal opens with one of its owner's contacts, who has a phone.
    auto older = s.crm.entity(all->back().entity);
    ASSERT_TRUE(older.ok());
    ASSERT_EQ(older->contacts.size(), 1u);
    EXPECT_FALSE(older->contacts[0].phones.empty());
}

TEST(SandboxCrm, TheOlderDealsKeptForHandoversStayOffTheDemoPipeline) {
    Sandbox s;
    SandboxPipelineStore pipeline(s.store);
    auto p = pipeline.pipeline();
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->deals.size(), 6u);
    EXPECT_EQ(p->deals.front().id, "101");
}

// ---- Users, groups, roles, seats -----------------------------------------------------------

TEST(SandboxCrm, AbilitiesAreAmoCrmsRulesAndTheSandboxSaysItsSeats) {
    Sandbox s;
    CrmAdminAbilities a = s.crm.abilities();
    EXPECT_TRUE(a.add_users && a.sets_password && a.has_roles && a.deactivate && a.reassign && a.seats_from_crm);
    EXPECT_FALSE(a.group_required);
    EXPECT_EQ(a.password_min_length, 6);
    EXPECT_EQ(a.name_max_length, 50);
    EXPECT_EQ(a.record_kinds, (std::vector<RecordKind>{RecordKind::lead, RecordKind::deal, RecordKind::contact,
                                                       RecordKind::company, RecordKind::task}));
}

TEST(SandboxCrm, UsersComeWithTheirGroupAndRoleAndTheAdminIsTheIntegrationsOwn) {
    Sandbox s;
    auto users = s.crm.users();
    ASSERT_TRUE(users.ok());
    ASSERT_EQ(users->size(), 6u);
    int admins = 0, inactive = 0, integration = 0;
    for (const CrmUser& u : *users) {
        admins += u.is_admin;
        inactive += !u.active;
        integration += u.is_integration;
        EXPECT_NE(u.email.find('@'), std::string::npos);
        EXPECT_FALSE(u.group.empty()) << u.name;
    }
    EXPECT_EQ(admins, 1);
    EXPECT_EQ(inactive, 1);
    EXPECT_EQ(integration, 1);
    const CrmUser* admin = user_by_id(*users, demo::kAdminUserId);
    ASSERT_TRUE(admin);
    EXPECT_TRUE(admin->is_admin && admin->is_integration);
    EXPECT_EQ(admin->group, "Руководство");
    EXPECT_EQ(admin->role_id, "");   // an administrator has every right
    const CrmUser* leaver = user_by_id(*users, demo::kLeaverUserId);
    ASSERT_TRUE(leaver);
    EXPECT_EQ(leaver->name, "Дмитрий Орлов");
    EXPECT_EQ(leaver->group_id, kSalesGroupId);
    EXPECT_EQ(leaver->group, "Отдел продаж");
    EXPECT_EQ(leaver->role_id, kManagerRoleId);
    EXPECT_EQ(leaver->role, "Менеджер");
    EXPECT_FALSE(user_by_id(*users, demo::kInactiveUserId)->active);
}

TEST(SandboxCrm, GroupsAndRolesAreTheCrmsOwnLists) {
    Sandbox s;
    auto groups = s.crm.groups();
    ASSERT_TRUE(groups.ok());
    EXPECT_EQ(names_of(*groups), (std::vector<std::string>{"Руководство", "Отдел продаж", "Поддержка", "Технические"}));
    auto roles = s.crm.roles();
    ASSERT_TRUE(roles.ok());
    EXPECT_EQ(names_of(*roles), (std::vector<std::string>{"Менеджер", "Старший менеджер", "Только просмотр"}));
    EXPECT_EQ(roles->front().id, kManagerRoleId);
}

TEST(SandboxCrm, SeatsAreFivePaidAndOneTechnicalWithOneFree) {
    Sandbox s;
    auto seats = s.crm.seats();
    ASSERT_TRUE(seats.ok());
    EXPECT_EQ(seats->paid, demo::kPaidSeats);
    EXPECT_EQ(seats->technical, demo::kTechnicalSeats);
    EXPECT_EQ(seats->active, 5);
    EXPECT_EQ(seats->source, "crm");
    EXPECT_EQ(seats->free(), 1);
}

// ---- Adding users --------------------------------------------------------------------------

TEST(SandboxCrm, AddingAUserTakesTheLastFreeSeatThenTheNextIsRefused) {
    Sandbox s;
    auto added = s.crm.add_user(new_user("p.sidorov@example.com"));
    ASSERT_TRUE(added.ok());
    EXPECT_EQ(added->name, "Пётр Сидоров");
    EXPECT_TRUE(added->active);
    EXPECT_FALSE(added->is_admin || added->is_integration);
    EXPECT_EQ(added->group, "Отдел продаж");
    EXPECT_EQ(added->role, "Менеджер");
    EXPECT_EQ(s.crm.seats()->free(), 0);
    EXPECT_EQ(s.crm.users()->back().email, "p.sidorov@example.com");
    EXPECT_EQ(s.crm.users()->back().id, added->id);

    auto refused = s.crm.add_user(new_user("another@example.com"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_no_free_seat);
    EXPECT_EQ(s.crm.users()->size(), 7u);
}

TEST(SandboxCrm, DeactivatingFreesASeat) {
    Sandbox s;
    ASSERT_TRUE(s.crm.add_user(new_user("p.sidorov@example.com")).ok());
    ASSERT_TRUE(s.crm.deactivate_user(demo::kLeaverUserId).ok());
    EXPECT_EQ(s.crm.seats()->free(), 1);
    EXPECT_FALSE(user_by_id(*s.crm.users(), demo::kLeaverUserId)->active);
    EXPECT_TRUE(s.crm.add_user(new_user("another@example.com")).ok());
}

TEST(SandboxCrm, NeitherTheIntegrationsUserNorAnAdministratorNorNobodyIsDeactivated) {
    Sandbox s;
    EXPECT_EQ(s.crm.deactivate_user(demo::kAdminUserId).error().code, ErrorCode::crm_user_is_integration);
    s.db->run("UPDATE crm_users SET is_admin = 1 WHERE id = '2'");
    EXPECT_EQ(s.crm.deactivate_user("2").error().code, ErrorCode::crm_user_is_admin);
    EXPECT_EQ(s.crm.deactivate_user("999").error().code, ErrorCode::crm_user_not_found);
    auto users = s.crm.users();
    EXPECT_TRUE(user_by_id(*users, demo::kAdminUserId)->active);
    EXPECT_TRUE(user_by_id(*users, "2")->active);
    EXPECT_EQ(s.crm.seats()->free(), 1);
}

TEST(SandboxCrm, AnEmailThatAlreadyHasAUserHereIsRefusedWhateverItsCase) {
    Sandbox s;
    auto refused = s.crm.add_user(new_user("A.Kuznetsova@Example.com"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_email_in_account);
    EXPECT_EQ(refused.error().field, "email");
}

TEST(SandboxCrm, AnEmailWithAnAccountElsewhereIsOfferedThenThatAccountIsAddedWithItsOwnName) {
    Sandbox s;
    NewUser gleb = new_user("Gleb.Kochergin@example.com");
    auto offered = s.crm.add_user(gleb);
    ASSERT_FALSE(offered.ok());
    EXPECT_EQ(offered.error().code, ErrorCode::crm_email_has_account);
    EXPECT_EQ(offered.error().field, "email");
    EXPECT_EQ(s.crm.seats()->free(), 1);

    // The admin chose that account: its name is its own, the group and role are the admin's.
    NewUser existing;
    existing.email = "Gleb.Kochergin@example.com";
    existing.existing_account = true;
    existing.group_id = "3";
    existing.role_id = "3";
    auto added = s.crm.add_user(existing);
    ASSERT_TRUE(added.ok()) << error_code_name(added.error().code) << " " << added.error().detail;
    EXPECT_EQ(added->name, demo::kOutsideAccountName);
    EXPECT_EQ(added->email, demo::kOutsideAccountEmail);
    EXPECT_EQ(added->group, "Поддержка");
    EXPECT_EQ(added->role, "Только просмотр");
    EXPECT_EQ(s.crm.seats()->free(), 0);

    // Once here, the e-mail is this account's user.
    ASSERT_TRUE(s.crm.deactivate_user(demo::kLeaverUserId).ok());
    EXPECT_EQ(s.crm.add_user(existing).error().code, ErrorCode::crm_email_in_account);
}

TEST(SandboxCrm, AnExistingAccountNobodyHasIsRefusedOnTheEmail) {
    Sandbox s;
    NewUser nobody;
    nobody.email = "nobody.here@example.com";
    nobody.existing_account = true;
    auto refused = s.crm.add_user(nobody);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(refused.error().field, "email");
    EXPECT_EQ(s.crm.seats()->free(), 1);
}

TEST(SandboxCrm, ANewUserBreakingTheRulesIsRefusedOnTheFieldAndTakesNoSeat) {
    Sandbox s;
    struct Case {
        const char* why;
        NewUser user;
        const char* field;
    };
    NewUser no_last = new_user("x@example.com");
    no_last.last_name = "";
    NewUser patronymic = new_user("x@example.com");
    patronymic.last_name = "Сидоров Иванович";
    NewUser long_name = new_user("x@example.com");
    long_name.last_name = std::string(60, 'a');
    NewUser weak = new_user("x@example.com");
    weak.password = "password1";
    NewUser short_password = new_user("x@example.com");
    short_password.password = "Ab1";
    NewUser no_group = new_user("x@example.com");
    no_group.group_id = "77";
    NewUser no_role = new_user("x@example.com");
    no_role.role_id = "77";
    const Case cases[] = {
        {"no last name", no_last, "name"},
        {"a patronymic", patronymic, "name"},
        {"over 50 characters", long_name, "name"},
        {"not an e-mail", new_user("not-an-email"), "email"},
        {"no upper-case letter", weak, "password"},
        {"under 6 characters", short_password, "password"},
        {"an unknown group", no_group, "group_id"},
        {"an unknown role", no_role, "role_id"},
    };
    for (const Case& c : cases) {
        auto refused = s.crm.add_user(c.user);
        ASSERT_FALSE(refused.ok()) << c.why;
        EXPECT_EQ(refused.error().code, ErrorCode::crm_user_invalid) << c.why;
        EXPECT_EQ(refused.error().field, c.field) << c.why;
        EXPECT_EQ(refused.error().detail.find(c.user.password), std::string::npos) << c.why;
    }
    EXPECT_EQ(s.crm.seats()->free(), 1);
    EXPECT_EQ(s.crm.users()->size(), 6u);
}

TEST(SandboxCrm, TheNewUsersPasswordIsNeverStored) {
    Sandbox s;
    NewUser user = new_user("p.sidorov@example.com");
    user.password = "Qz8-unique-Pw7x";
    ASSERT_TRUE(s.crm.add_user(user).ok());
    const std::filesystem::path file = s.dir / "data" / kDataFileName;
    std::string stored = file_bytes(file) + file_bytes(file.string() + "-wal");
    ASSERT_NE(stored.find("p.sidorov@example.com"), std::string::npos);   // the user is in what was read
    EXPECT_EQ(stored.find(user.password), std::string::npos);
}

// ---- Records and handovers -----------------------------------------------------------------

TEST(SandboxCrm, EachDemoUserHasTheirRecordsAndTheLeaverAboutThreeThousand) {
    Sandbox s;
    int leavers = 0;
    for (RecordKind kind : s.crm.abilities().record_kinds) {
        auto count = s.crm.count_records(demo::kLeaverUserId, kind);
        ASSERT_TRUE(count.ok());
        EXPECT_EQ(*count, demo::seeded_records(demo::kLeaverUserId, kind)) << record_kind_name(kind);
        leavers += *count;
        for (const char* other : {demo::kAdminUserId, "2", "3", demo::kInactiveUserId})
            EXPECT_EQ(*s.crm.count_records(other, kind), demo::seeded_records(other, kind)) << other;
    }
    EXPECT_EQ(leavers, 3000);
    int colleagues = 0;
    for (RecordKind kind : s.crm.abilities().record_kinds) colleagues += *s.crm.count_records("2", kind);
    EXPECT_GE(colleagues, 300);
    EXPECT_LT(colleagues, 1000);
    EXPECT_EQ(*s.crm.count_records("6", RecordKind::deal), 0);   // the technical user has none
    EXPECT_EQ(s.crm.count_records("999", RecordKind::deal).error().code, ErrorCode::crm_user_not_found);
}

TEST(SandboxCrm, TheLeaversDealsGoToAColleagueFiftyAtATime) {
    Sandbox s;
    const Reassignment r{demo::kLeaverUserId, "2"};
    const int leavers = *s.crm.count_records(demo::kLeaverUserId, RecordKind::deal);
    const int colleagues = *s.crm.count_records("2", RecordKind::deal);
    std::string cursor;
    int moved = 0, calls = 0;
    for (bool finished = false; !finished && calls < 100; ++calls) {
        auto batch = s.crm.reassign(r, RecordKind::deal, cursor);
        ASSERT_TRUE(batch.ok());
        EXPECT_LE(batch->moved, SandboxCrm::kHandoverBatch);
        if (!batch->finished) EXPECT_EQ(batch->moved, SandboxCrm::kHandoverBatch);
        EXPECT_TRUE(batch->refused.empty());
        moved += batch->moved;
        cursor = batch->cursor;
        finished = batch->finished;
    }
    EXPECT_EQ(moved, leavers);
    EXPECT_EQ(calls, (leavers + SandboxCrm::kHandoverBatch - 1) / SandboxCrm::kHandoverBatch);
    EXPECT_EQ(*s.crm.count_records(demo::kLeaverUserId, RecordKind::deal), 0);
    EXPECT_EQ(*s.crm.count_records("2", RecordKind::deal), colleagues + leavers);
    EXPECT_EQ(s.crm.entity({EntityKind::deal, "104"})->responsible_user_id, "2");   // a hand-made one too
    // The leads were not asked for: they stay.
    EXPECT_EQ(*s.crm.count_records(demo::kLeaverUserId, RecordKind::lead),
              demo::seeded_records(demo::kLeaverUserId, RecordKind::lead));
}

TEST(SandboxCrm, RecordsGoOnlyToAnActiveOtherUser) {
    Sandbox s;
    EXPECT_EQ(s.crm.reassign({demo::kLeaverUserId, demo::kInactiveUserId}, RecordKind::task, "").error().code,
              ErrorCode::crm_user_inactive);
    EXPECT_EQ(s.crm.reassign({demo::kLeaverUserId, "999"}, RecordKind::task, "").error().code,
              ErrorCode::crm_user_not_found);
    EXPECT_EQ(s.crm.reassign({"999", "2"}, RecordKind::task, "").error().code, ErrorCode::crm_user_not_found);
    EXPECT_EQ(s.crm.reassign({"2", "2"}, RecordKind::task, "").error().code, ErrorCode::bad_request);
    // An inactive user's records can still be handed over.
    auto batch = s.crm.reassign({demo::kInactiveUserId, "3"}, RecordKind::task, "");
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(batch->moved, demo::seeded_records(demo::kInactiveUserId, RecordKind::task));
    EXPECT_TRUE(batch->finished);
}

// The demo's handover is watchable: each batch takes a while, and meanwhile the rest of the
// sandbox answers at once.
TEST(SandboxCrm, AHandoverBatchPausesWithoutHoldingUpTheSandbox) {
    Sandbox s;
    const auto pause = std::chrono::milliseconds(800);
    SandboxCrm slow(s.store, pause);
    std::atomic<bool> answered{false};
    Clock::time_point started = Clock::now(), ended;
    std::thread handover([&] {
        auto batch = slow.reassign({demo::kLeaverUserId, "2"}, RecordKind::task, "");
        ended = Clock::now();
        answered = true;
        ASSERT_TRUE(batch.ok());
        EXPECT_EQ(batch->moved, SandboxCrm::kHandoverBatch);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(s.crm.users().ok());
    EXPECT_TRUE(s.crm.entity({EntityKind::deal, "101"}).ok());
    EXPECT_FALSE(answered) << "the other calls waited for the handover's pause";
    handover.join();
    EXPECT_GE(ended - started, pause);
}

TEST(SandboxCrm, ALockedRecordIsReportedOnceAndTheHandoverGoesOn) {
    Sandbox s;
    s.db->run("UPDATE crm_companies SET locked = 1 WHERE id = '501'");   // ООО «Вектор», the leaver's
    ASSERT_EQ(s.db->scalar("SELECT count(*) FROM crm_companies WHERE id = '501' AND responsible_user_id = ?1", 0,
                           std::string(demo::kLeaverUserId)), 1);
    std::vector<std::string> refused;
    std::string cursor;
    for (int calls = 0; calls < 100; ++calls) {
        auto batch = s.crm.reassign({demo::kLeaverUserId, "3"}, RecordKind::company, cursor);
        ASSERT_TRUE(batch.ok());
        refused.insert(refused.end(), batch->refused.begin(), batch->refused.end());
        cursor = batch->cursor;
        if (batch->finished) break;
    }
    EXPECT_EQ(refused, std::vector<std::string>{"501"});
    EXPECT_EQ(*s.crm.count_records(demo::kLeaverUserId, RecordKind::company), 1);
}

// ---- The data file -------------------------------------------------------------------------

// Every fresh sandbox (each test's too) seeds the whole demo world: it must stay quick and small.
TEST(SandboxCrm, TheDemoWorldIsSeededQuicklyIntoASmallFile) {
    ScratchDir dir;
    auto db = open_data_file(dir.path());
    const Clock::time_point start = Clock::now();
    ASSERT_TRUE(demo::seed_if_empty(*db));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const auto bytes = std::filesystem::file_size(dir / kDataFileName);
    ::testing::Test::RecordProperty("seed_ms", (int)took.count());
    ::testing::Test::RecordProperty("data_file_bytes", (int)bytes);
    std::printf("demo world: seeded in %lld ms, data file %llu bytes\n", (long long)took.count(), (unsigned long long)bytes);
    EXPECT_LT(took, std::chrono::seconds(3));   // a generous bound for a busy machine
    EXPECT_LT(bytes, 8u << 20);
}

// A sandbox from before user administration: its users' group names become groups, and it gets
// the roles, the integration's user, the account elsewhere and the records once.
TEST(SandboxCrm, ASandboxFromBeforeUserAdministrationGetsItOnce) {
    ScratchDir dir;
    {
        Database old(dir / kDataFileName);
        migrate(old, 10);
        old.run("INSERT INTO wa_account (id, phone, status) VALUES (1, ?1, 'connected')", demo::kOurNumber);
        old.run("INSERT INTO crm_seats (id, paid, technical) VALUES (1, 5, 1)");
        const char* users[][3] = {{"1", "Анна Кузнецова", "Руководство"}, {"2", "Сергей Волков", "Отдел продаж"},
                                  {"3", "Ольга Никитина", "Отдел продаж"}, {"4", "Дмитрий Орлов", "Отдел продаж"},
                                  {"5", "Марина Соколова", "Поддержка"}, {"6", "Интеграции", "Технические"}};
        for (const auto& u : users)
            old.run("INSERT INTO crm_users (id, name, email, is_admin, user_group) VALUES (?1, ?2, ?3, ?4, ?5)", u[0],
                    u[1], std::string(u[0]) + "@example.com", std::string(u[0]) == "1", u[2]);
    }
    auto db = open_data_file(dir.path());
    EXPECT_FALSE(demo::seed_if_empty(*db));
    EXPECT_FALSE(demo::seed_if_empty(*db));   // and only once
    SandboxStore store(*db);
    SandboxCrm crm(store);
    auto users = crm.users();
    ASSERT_TRUE(users.ok());
    EXPECT_EQ(user_by_id(*users, "4")->group, "Отдел продаж");
    EXPECT_EQ(user_by_id(*users, "4")->group_id, kSalesGroupId);
    EXPECT_EQ(user_by_id(*users, "4")->role, "Менеджер");
    EXPECT_TRUE(user_by_id(*users, "1")->is_integration);
    EXPECT_EQ(names_of(*crm.roles()).size(), 3u);
    EXPECT_EQ(*crm.count_records("4", RecordKind::deal), demo::seeded_records("4", RecordKind::deal));
    NewUser gleb = new_user(demo::kOutsideAccountEmail);
    EXPECT_EQ(crm.add_user(gleb).error().code, ErrorCode::crm_email_has_account);
}

} // namespace
} // namespace gd
