#include "web/state/visible_rows.h"

#include "web/state/stable_order.h"
#include "web/state/text_search.h"

namespace gd {

namespace {

// "№2" before "№10": runs of digits compare by value, the rest byte by byte (folded UTF-8).
bool natural_less(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
        if (da && db) {
            size_t ei = i, ej = j;
            while (ei < a.size() && a[ei] == '0') ++ei;   // leading zeros do not count
            while (ej < b.size() && b[ej] == '0') ++ej;
            size_t si = ei, sj = ej;
            while (ei < a.size() && a[ei] >= '0' && a[ei] <= '9') ++ei;
            while (ej < b.size() && b[ej] >= '0' && b[ej] <= '9') ++ej;
            if (ei - si != ej - sj) return ei - si < ej - sj;
            int c = a.compare(si, ei - si, b, sj, ej - sj);
            if (c != 0) return c < 0;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) return (unsigned char)a[i] < (unsigned char)b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

struct SortKeys {
    const std::vector<std::string>& keys;
    bool descending;
};

// The sort keys' order in the direction asked, an empty key last in both.
bool key_before(const void* sort, int a, int b) {
    const SortKeys& s = *static_cast<const SortKeys*>(sort);
    if (s.keys[a].empty() != s.keys[b].empty()) return s.keys[b].empty();
    return s.descending ? natural_less(s.keys[b], s.keys[a]) : natural_less(s.keys[a], s.keys[b]);
}

} // namespace

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
    const SortKeys sort{keys, descending};
    stable_order(rows, &sort, key_before);
    return rows;
}

const std::vector<int>& shown_participant_rows(AppState& s) {
    ParticipantRows& kept = s.participant_rows;
    const bool same = kept.made && kept.generation == s.participants.generation && kept.status == s.participants.status &&
                      kept.filter == s.participant_filter && kept.column == s.sort_column &&
                      kept.descending == s.sort_descending;
    if (same) return kept.rows;
    kept.rows = visible_participant_rows(s.participants.data.participants, s.participant_filter, s.sort_column, s.sort_descending);
    kept.generation = s.participants.generation;
    kept.status = s.participants.status;
    kept.filter = s.participant_filter;
    kept.column = s.sort_column;
    kept.descending = s.sort_descending;
    kept.made = true;
    return kept.rows;
}

} // namespace gd
