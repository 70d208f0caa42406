// json_read reads exactly what nlohmann's get<T>() reads, the same value, and says false exactly
// where get<T>() would throw: the widget, built without exceptions, reads every answer with it. For
// every answer type the widget reads, a sample with every field filled (lists with one element) is
// bent at every place in it (a field removed, or replaced by null, a whole number, a fraction, a
// boolean, a string, an array, an object), and both are asked. json_write writes what nlohmann's
// to_json writes, for every type the widget sends or shows.
#include "shared/json_fields.h"
#include "shared/types.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace gd {
namespace {

nlohmann::json sample(const std::string*) { return "text"; }
nlohmann::json sample(const bool*) { return true; }

template <class T>
    requires std::is_arithmetic_v<T>
nlohmann::json sample(const T*) {
    return 7;
}

template <class T>
    requires std::is_enum_v<T>
nlohmann::json sample(const T*) {
    return nlohmann::json(T{});
}

template <class T>
nlohmann::json sample(const std::vector<T>*);

template <JsonStruct T>
nlohmann::json sample(const T*);

struct SampleWriter {
    nlohmann::json& object;
    template <class Field>
    void operator()(const char* name, const Field&) { object[name] = sample(static_cast<const Field*>(nullptr)); }
};

template <JsonStruct T>
nlohmann::json sample(const T*) {
    nlohmann::json object = nlohmann::json::object();
    SampleWriter writer{object};
    const T value{};
    json_fields(value, writer);
    return object;
}

template <class T>
nlohmann::json sample(const std::vector<T>*) {
    return nlohmann::json::array({sample(static_cast<const T*>(nullptr))});
}

const nlohmann::json kReplacements[] = {nullptr, 42, 1.5, false, "word", nlohmann::json::array(), nlohmann::json::object()};

// Calls bent(json, where) for the sample bent once at each place: every member removed or
// replaced, every array's first element replaced, all the way down.
void bend_everywhere(const nlohmann::json& whole, const std::function<void(const nlohmann::json&, const std::string&)>& bent) {
    std::function<void(nlohmann::json::json_pointer)> walk = [&](nlohmann::json::json_pointer at) {
        const nlohmann::json& here = whole.at(at);
        for (const nlohmann::json& replacement : kReplacements) {
            nlohmann::json copy = whole;
            copy[at] = replacement;
            bent(copy, at.to_string() + " = " + replacement.dump());
        }
        if (!at.empty() && here.is_primitive()) return;
        if (here.is_object()) {
            for (const auto& [key, value] : here.items()) {
                nlohmann::json copy = whole;
                copy.at(at).erase(key);
                bent(copy, (at / key).to_string() + " removed");
                walk(at / key);
            }
        } else if (here.is_array() && !here.empty()) {
            walk(at / 0);
        }
    };
    walk(nlohmann::json::json_pointer());
}

// What json_read makes of `j`, written back by nlohmann: null when json_read says no.
template <class T>
nlohmann::json read_by_json_read(const nlohmann::json& j) {
    T value{};
    if (!json_read(j, value)) return nullptr;
    return nlohmann::json(value);
}

template <class T>
nlohmann::json read_by_nlohmann(const nlohmann::json& j) {
    try {
        return nlohmann::json(j.get<T>());
    } catch (const nlohmann::json::exception&) {
        return nullptr;
    }
}

template <class T>
void expect_read_as_nlohmann_reads(const char* type) {
    const nlohmann::json whole = sample(static_cast<const T*>(nullptr));
    ASSERT_NE(read_by_nlohmann<T>(whole), nullptr) << type << ": " << whole.dump();
    EXPECT_EQ(read_by_json_read<T>(whole), read_by_nlohmann<T>(whole)) << type << ": " << whole.dump();
    int bends = 0, read = 0;
    bend_everywhere(whole, [&](const nlohmann::json& bent, const std::string& where) {
        ++bends;
        const nlohmann::json ours = read_by_json_read<T>(bent);
        EXPECT_EQ(ours, read_by_nlohmann<T>(bent)) << type << " with " << where << ": " << bent.dump();
        read += ours != nullptr;
    });
    EXPECT_GT(bends, (int)std::size(kReplacements)) << type;   // it went past the top
    EXPECT_GT(read, 0) << type;                                 // and some bends still read
}

#define EXPECT_READ_AS_NLOHMANN_READS(T) expect_read_as_nlohmann_reads<T>(#T)

TEST(JsonFields, EveryAnswerTheWidgetReadsIsReadAsNlohmannReadsIt) {
    EXPECT_READ_AS_NLOHMANN_READS(Ack);
    EXPECT_READ_AS_NLOHMANN_READS(AuditPage);
    EXPECT_READ_AS_NLOHMANN_READS(Card);
    EXPECT_READ_AS_NLOHMANN_READS(CardList);
    EXPECT_READ_AS_NLOHMANN_READS(CrmUser);
    EXPECT_READ_AS_NLOHMANN_READS(GatewayStatus);
    EXPECT_READ_AS_NLOHMANN_READS(GroupList);
    EXPECT_READ_AS_NLOHMANN_READS(Handover);
    EXPECT_READ_AS_NLOHMANN_READS(HandoverList);
    EXPECT_READ_AS_NLOHMANN_READS(Health);
    EXPECT_READ_AS_NLOHMANN_READS(InviteLink);
    EXPECT_READ_AS_NLOHMANN_READS(Job);
    EXPECT_READ_AS_NLOHMANN_READS(JobList);
    EXPECT_READ_AS_NLOHMANN_READS(ParticipantList);
    EXPECT_READ_AS_NLOHMANN_READS(RecordCounts);
    EXPECT_READ_AS_NLOHMANN_READS(RobotRunList);
    EXPECT_READ_AS_NLOHMANN_READS(SandboxPipeline);
    EXPECT_READ_AS_NLOHMANN_READS(SeatCount);
    EXPECT_READ_AS_NLOHMANN_READS(Session);
    EXPECT_READ_AS_NLOHMANN_READS(SessionUser);
    EXPECT_READ_AS_NLOHMANN_READS(StageMoved);
    EXPECT_READ_AS_NLOHMANN_READS(UserDirectory);
    EXPECT_READ_AS_NLOHMANN_READS(std::vector<Group>);
}

TEST(JsonFields, ARequiredFieldMustBeThereAndAFieldWithADefaultMayBeLeftOut) {
    // Group: every field required (GD_JSON_TYPE); Participant: each has a default.
    Group group;
    EXPECT_TRUE(json_read(nlohmann::json::parse(R"({"id":"1@g.us","name":"К","participant_count":2,"we_are_admin":true})"), group));
    EXPECT_EQ(group.name, "К");
    EXPECT_EQ(group.participant_count, 2);
    EXPECT_TRUE(group.we_are_admin);
    Group incomplete;
    EXPECT_FALSE(json_read(nlohmann::json::parse(R"({"id":"1@g.us","name":"К","participant_count":2})"), incomplete));
    Participant participant;
    EXPECT_TRUE(json_read(nlohmann::json::parse(R"({"id":"7@c.us"})"), participant));
    EXPECT_EQ(participant.id, "7@c.us");
    EXPECT_EQ(participant.role, Participant{}.role);
    EXPECT_FALSE(json_read(nlohmann::json::parse(R"({"id":7})"), participant));
    // nlohmann reads an unknown enum name as the first value.
    Participant emperor;
    EXPECT_TRUE(json_read(nlohmann::json::parse(R"({"role":"emperor"})"), emperor));
    EXPECT_EQ(emperor.role, ParticipantRole::member);
    GroupList list;
    EXPECT_FALSE(json_read(nlohmann::json::parse(R"({"groups":{}})"), list));
    EXPECT_FALSE(json_read(nlohmann::json::parse(R"([])"), list));
}

// A value read from the full sample, written both ways.
template <class T>
void expect_written_as_nlohmann_writes(const char* type) {
    T value{};
    ASSERT_TRUE(json_read(sample(static_cast<const T*>(nullptr)), value)) << type;
    EXPECT_EQ(json_of(value), nlohmann::json(value)) << type;
    EXPECT_EQ(json_of(T{}), nlohmann::json(T{})) << type << " made by default";
}

#define EXPECT_WRITTEN_AS_NLOHMANN_WRITES(T) expect_written_as_nlohmann_writes<T>(#T)

TEST(JsonFields, WhatTheWidgetSendsOrShowsIsWrittenAsNlohmannWritesIt) {
    // Requests.
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(ChangeRequest);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(DeactivationRequest);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(InviteSend);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(LoginRequest);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(NewUser);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(PrivacyRetry);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(SeatLicences);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(StageMove);
    // Answers, as the test interface shows them.
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(Card);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(CardList);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(Handover);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(Job);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(RobotRunList);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(SandboxPipeline);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(UserDirectory);
    EXPECT_WRITTEN_AS_NLOHMANN_WRITES(std::vector<Job>);
}

} // namespace
} // namespace gd
