#pragma once
// Counters per UTC day (adds, WhatsApp checks) kept in the data file, so a restart does not
// reset a daily cap.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"

#include <string>

namespace gd {

class DailyCounts {
public:
    DailyCounts(Database& db, Clock& clock) : db_(db), clock_(clock) {}
    int today(const std::string& what);
    void add_one(const std::string& what);

private:
    std::string day();
    Database& db_;
    Clock& clock_;
};

} // namespace gd
