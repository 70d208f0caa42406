#pragma once
// The sandbox's demo world: a connected number, WhatsApp groups (one with 1200+ members, some
// where our number is not an admin), numbers without WhatsApp, a CRM with deals, leads, contacts
// whose phones are written every which way, users in groups and roles within licence seats, and
// thousands of records for a leaver's handover. Generated from a fixed seed, so every fresh
// install (and every test) sees the same world.
#include "proxy/storage/database.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd::demo {

inline constexpr const char* kOurNumber = "+79990000001";

// Groups a walkthrough (and the tests) can count on.
inline constexpr const char* kMoscowClientsGroup = "120363041234567801@g.us";   // we are admin
inline constexpr const char* kBigGroup = "120363041234567804@g.us";             // 1236 members
inline constexpr const char* kNotAdminGroup = "120363041234567805@g.us";        // we are a member
inline constexpr const char* kOldStyleGroup = "79990000001-1612345678@g.us";    // we own it
inline constexpr int kBigGroupSize = 1236;
inline constexpr int kGroupCount = 8;

// The sandbox network says these numbers have no WhatsApp account.
const std::vector<std::string>& numbers_without_whatsapp();
// These have WhatsApp but their privacy settings forbid being added to groups.
const std::vector<std::string>& numbers_blocking_group_adds();

// Five active users in 5 paid + 1 technical seats: one user can be added, then the CRM is full.
inline constexpr int kPaidSeats = 5;
inline constexpr int kTechnicalSeats = 1;
inline constexpr const char* kAdminUserId = "1";    // the administrator GroupDesk's tokens belong to
inline constexpr const char* kLeaverUserId = "4";   // ~3,000 leads, deals, contacts, companies and tasks
inline constexpr const char* kInactiveUserId = "5";

// An e-mail with an account in another CRM account: adding it offers to add that account.
inline constexpr const char* kOutsideAccountEmail = "gleb.kochergin@example.com";
inline constexpr const char* kOutsideAccountName = "Глеб Кочергин";

// How many records of this kind the demo user is responsible for in a fresh sandbox (0 for a
// user of no plan): a few hundred each, the leaver's take a while to hand over, batch by batch.
int seeded_records(const std::string& user_id, RecordKind kind);

// Fills an empty data file; when the sandbox already has data it keeps it (returns false), so
// whatever the user changed survives restarts, and only adds the demo pipeline if it has none.
bool seed_if_empty(Database& db);

} // namespace gd::demo
