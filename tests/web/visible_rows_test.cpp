#include "web/state/visible_rows.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

std::vector<std::string> names(const std::vector<Participant>& people, const std::vector<int>& rows) {
    std::vector<std::string> out;
    for (int r : rows) out.push_back(people[r].name);
    return out;
}

TEST(VisibleRows, NamesSortNaturallyWithNumbersByValue) {
    std::vector<Participant> people = {
        {"a", "+7900", "Участник №10", ParticipantRole::member},
        {"b", "+7901", "участник №2", ParticipantRole::member},
        {"c", "+7902", "", ParticipantRole::admin},
        {"d", "+7903", "Алексей", ParticipantRole::owner},
    };
    auto rows = visible_participant_rows(people, "", ParticipantColumn::name, false);
    EXPECT_EQ(names(people, rows), (std::vector<std::string>{"Алексей", "участник №2", "Участник №10", ""}));
    rows = visible_participant_rows(people, "", ParticipantColumn::name, true);
    EXPECT_EQ(names(people, rows), (std::vector<std::string>{"Участник №10", "участник №2", "Алексей", ""}));
}

// Equal keys keep the list's order in both directions; the unnamed go last in both.
TEST(VisibleRows, EqualKeysKeepTheListOrderAndTheUnnamedGoLast) {
    std::vector<Participant> people = {
        {"a", "+7900", "", ParticipantRole::member},
        {"b", "+7901", "Борис", ParticipantRole::member},
        {"c", "+7902", "анна", ParticipantRole::member},
        {"d", "+7903", "", ParticipantRole::member},
        {"e", "+7904", "Анна", ParticipantRole::member},
    };
    auto ids = [&](const std::vector<int>& rows) {
        std::vector<std::string> out;
        for (int r : rows) out.push_back(people[r].id);
        return out;
    };
    EXPECT_EQ(ids(visible_participant_rows(people, "", ParticipantColumn::name, false)),
              (std::vector<std::string>{"c", "e", "b", "a", "d"}));
    EXPECT_EQ(ids(visible_participant_rows(people, "", ParticipantColumn::name, true)),
              (std::vector<std::string>{"b", "c", "e", "a", "d"}));
}

TEST(VisibleRows, RoleSortPutsOwnersThenAdminsFirst) {
    std::vector<Participant> people = {
        {"a", "+7900", "A", ParticipantRole::member},
        {"b", "+7901", "B", ParticipantRole::admin},
        {"c", "+7902", "C", ParticipantRole::owner},
    };
    auto rows = visible_participant_rows(people, "", ParticipantColumn::role, false);
    EXPECT_EQ(names(people, rows), (std::vector<std::string>{"C", "B", "A"}));
}

// The table's rows are made once per list, filter and order, not once per frame.
TEST(VisibleRows, TheShownMembersAreMadeAgainOnlyWhenTheListTheFilterOrTheOrderChanged) {
    AppState s;
    s.participants.status = LoadStatus::loaded;
    s.participants.generation = 1;
    s.participants.data.participants = {
        {"a", "+7900", "Борис", ParticipantRole::member},
        {"b", "+7901", "Анна", ParticipantRole::owner},
    };
    const std::vector<Participant>& people = s.participants.data.participants;
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Анна", "Борис"}));

    // The same list (same answer): the rows are kept, even for a name written over in place.
    s.participants.data.participants[1].name = "Яна";
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Яна", "Борис"}));

    s.sort_descending = true;   // the order changed
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Яна", "Борис"}));
    s.sort_descending = false;
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Борис", "Яна"}));

    s.participant_filter = "бор";   // the filter changed
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Борис"}));
    s.participant_filter.clear();

    s.participants.data.participants.push_back({"c", "+7902", "Вера", ParticipantRole::admin});
    s.participants.generation = 2;   // a new answer
    EXPECT_EQ(names(people, shown_participant_rows(s)), (std::vector<std::string>{"Борис", "Вера", "Яна"}));
}

TEST(VisibleRows, GroupFilterKeepsListOrder) {
    std::vector<Group> groups = {{"1@g.us", "Оптовики Урал", 1, true}, {"2@g.us", "Урал розница", 2, false},
                                 {"3@g.us", "Москва", 3, true}};
    EXPECT_EQ(visible_group_rows(groups, "урал"), (std::vector<int>{0, 1}));
    EXPECT_EQ(visible_group_rows(groups, ""), (std::vector<int>{0, 1, 2}));
}

} // namespace
} // namespace gd
