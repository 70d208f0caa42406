// The sandbox CRM: deal and lead cards with their contacts, users within licence seats, and a
// leaver's work handed to a colleague in batches.
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::Sandbox;

NewUser new_user(const std::string& email) { return {"Пётр", "Сидоров", email, "Str0ng-Passw0rd!", "Отдел продаж"}; }


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
    EXPECT_EQ(s.crm.find_entities("", 100)->size(), 10u);   // every deal and lead
    EXPECT_TRUE(s.crm.find_entities("ничего такого нет", 10)->empty());
}

TEST(SandboxCrm, UsersOneAdminAndSeatsWithOneFree) {
    Sandbox s;
    auto users = s.crm.users();
    ASSERT_TRUE(users.ok());
    int admins = 0, inactive = 0;
    for (const CrmUser& u : users.value()) {
        admins += u.is_admin;
        inactive += !u.active;
        EXPECT_NE(u.email.find('@'), std::string::npos);
    }
    EXPECT_EQ(admins, 1);
    EXPECT_EQ(inactive, 1);
    auto seats = s.crm.seats();
    ASSERT_TRUE(seats.ok());
    EXPECT_EQ(seats->paid, demo::kPaidSeats);
    EXPECT_EQ(seats->technical, demo::kTechnicalSeats);
    EXPECT_EQ(seats->free(), 1);
}

TEST(SandboxCrm, AddingAUserTakesTheLastFreeSeatThenTheNextIsRefused) {
    Sandbox s;
    auto added = s.crm.add_user(new_user("p.sidorov@example.com"));
    ASSERT_TRUE(added.ok());
    EXPECT_EQ(added->name, "Пётр Сидоров");
    EXPECT_TRUE(added->active);
    EXPECT_EQ(added->group, "Отдел продаж");
    EXPECT_EQ(s.crm.seats()->free(), 0);
    EXPECT_EQ(s.crm.users()->back().email, "p.sidorov@example.com");

    auto refused = s.crm.add_user(new_user("another@example.com"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().detail, "no free licence seat");
}

TEST(SandboxCrm, DeactivatingFreesASeat) {
    Sandbox s;
    ASSERT_TRUE(s.crm.add_user(new_user("p.sidorov@example.com")).ok());
    ASSERT_TRUE(s.crm.deactivate_user(demo::kLeaverUserId).ok());
    EXPECT_EQ(s.crm.seats()->free(), 1);
    EXPECT_TRUE(s.crm.add_user(new_user("another@example.com")).ok());
    EXPECT_FALSE(s.crm.deactivate_user("999").ok());
}

TEST(SandboxCrm, AnEmailThatAlreadyHasAUserIsRefusedWhateverItsCase) {
    Sandbox s;
    auto refused = s.crm.add_user(new_user("A.Kuznetsova@Example.com"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().detail, "this e-mail already has a user");
}

TEST(SandboxCrm, IncompleteNewUsersAreRefused) {
    Sandbox s;
    NewUser no_last = new_user("x@example.com");
    no_last.last_name = "";
    EXPECT_FALSE(s.crm.add_user(no_last).ok());
    EXPECT_FALSE(s.crm.add_user(new_user("not-an-email")).ok());
    NewUser no_password = new_user("x@example.com");
    no_password.password = "";
    EXPECT_FALSE(s.crm.add_user(no_password).ok());
    EXPECT_EQ(s.crm.seats()->free(), 1);
}

} // namespace
} // namespace gd
