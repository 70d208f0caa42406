#include "web/state/visible_rows.h"

#include "web/state/text_search.h"

#include <algorithm>

namespace gd {

std::vector<int> visible_group_rows(const std::vector<Group>& groups, const std::string& filter) {
    SearchQuery query = make_query(filter);
    std::vector<int> rows;
    for (int i = 0; i < (int)groups.size(); ++i)
        if (matches(query, groups[i].name)) rows.push_back(i);
    return rows;
}

std::vector<int> visible_participant_rows(const std::vector<Participant>& people, const std::string& filter,
                                          ParticipantColumn column, bool descending) {
    SearchQuery query = make_query(filter);
    std::vector<int> rows;
    std::vector<std::string> keys(people.size());
    for (int i = 0; i < (int)people.size(); ++i) {
        const Participant& p = people[i];
        if (!matches(query, p.name, p.phone)) continue;
        rows.push_back(i);
        switch (column) {
        case ParticipantColumn::name: keys[i] = fold_for_search(p.name); break;
        case ParticipantColumn::phone: keys[i] = p.phone; break;
        case ParticipantColumn::role: keys[i] = std::string(1, char('0' + 2 - (int)p.role)); break;   // owners first
        }
    }
    // Unnamed people go last whatever the direction: they are the least useful to scan.
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        bool a_empty = keys[a].empty(), b_empty = keys[b].empty();
        if (a_empty != b_empty) return b_empty;
        return descending ? keys[b] < keys[a] : keys[a] < keys[b];
    });
    return rows;
}

} // namespace gd
