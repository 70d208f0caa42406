// json_fits says "fits" exactly when nlohmann's get<T>() reads the JSON without throwing: the
// widget, built without exceptions, decodes an answer only when it fits. For every answer type the
// widget reads, a sample with every field filled (lists with one element) is bent at every place
// in it (a field removed, or replaced by null, a whole number, a fraction, a boolean, a string, an
// array, an object), and both are asked.
#include "shared/json_fits.h"
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

template <class T>
    requires requires(const T* type) { json_fields_required(type); }
nlohmann::json sample(const T* type) {
    nlohmann::json object = nlohmann::json::object();
    json_fields(type, [&](const char* name, auto field) { object[name] = sample(field); });
    return object;
}

template <class T>
nlohmann::json sample(const std::vector<T>*) {
    return nlohmann::json::array({sample(static_cast<const T*>(nullptr))});
}

template <class T>
bool nlohmann_reads(const nlohmann::json& j) {
    try {
        (void)j.get<T>();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
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

template <class T>
void expect_fits_as_nlohmann_reads(const char* type) {
    const nlohmann::json whole = sample(static_cast<const T*>(nullptr));
    ASSERT_TRUE(nlohmann_reads<T>(whole)) << type << ": " << whole.dump();
    EXPECT_TRUE(json_fits<T>(whole)) << type << ": " << whole.dump();
    int bends = 0;
    bend_everywhere(whole, [&](const nlohmann::json& bent, const std::string& where) {
        ++bends;
        EXPECT_EQ(json_fits<T>(bent), nlohmann_reads<T>(bent)) << type << " with " << where << ": " << bent.dump();
    });
    EXPECT_GT(bends, (int)std::size(kReplacements)) << type;   // it went past the top
}

#define EXPECT_FITS_AS_NLOHMANN_READS(T) expect_fits_as_nlohmann_reads<T>(#T)

TEST(JsonFits, EveryAnswerTheWidgetReadsFitsExactlyWhenNlohmannReadsIt) {
    EXPECT_FITS_AS_NLOHMANN_READS(Ack);
    EXPECT_FITS_AS_NLOHMANN_READS(AuditPage);
    EXPECT_FITS_AS_NLOHMANN_READS(Card);
    EXPECT_FITS_AS_NLOHMANN_READS(CardList);
    EXPECT_FITS_AS_NLOHMANN_READS(CrmUser);
    EXPECT_FITS_AS_NLOHMANN_READS(GatewayStatus);
    EXPECT_FITS_AS_NLOHMANN_READS(GroupList);
    EXPECT_FITS_AS_NLOHMANN_READS(Handover);
    EXPECT_FITS_AS_NLOHMANN_READS(HandoverList);
    EXPECT_FITS_AS_NLOHMANN_READS(Health);
    EXPECT_FITS_AS_NLOHMANN_READS(InviteLink);
    EXPECT_FITS_AS_NLOHMANN_READS(Job);
    EXPECT_FITS_AS_NLOHMANN_READS(JobList);
    EXPECT_FITS_AS_NLOHMANN_READS(ParticipantList);
    EXPECT_FITS_AS_NLOHMANN_READS(RecordCounts);
    EXPECT_FITS_AS_NLOHMANN_READS(RobotRunList);
    EXPECT_FITS_AS_NLOHMANN_READS(SandboxPipeline);
    EXPECT_FITS_AS_NLOHMANN_READS(SeatCount);
    EXPECT_FITS_AS_NLOHMANN_READS(Session);
    EXPECT_FITS_AS_NLOHMANN_READS(SessionUser);
    EXPECT_FITS_AS_NLOHMANN_READS(StageMoved);
    EXPECT_FITS_AS_NLOHMANN_READS(UserDirectory);
    EXPECT_FITS_AS_NLOHMANN_READS(std::vector<Group>);
}

TEST(JsonFits, ARequiredFieldMustBeThereAndAFieldWithADefaultMayBeLeftOut) {
    // Group: every field required (GD_JSON_TYPE); Participant: each has a default.
    EXPECT_TRUE(json_fits<Group>(nlohmann::json::parse(R"({"id":"1@g.us","name":"К","participant_count":2,"we_are_admin":false})")));
    EXPECT_FALSE(json_fits<Group>(nlohmann::json::parse(R"({"id":"1@g.us","name":"К","participant_count":2})")));
    EXPECT_TRUE(json_fits<Participant>(nlohmann::json::parse(R"({"id":"7@c.us"})")));
    EXPECT_FALSE(json_fits<Participant>(nlohmann::json::parse(R"({"id":7})")));
    // nlohmann reads an unknown enum name as the first value.
    EXPECT_TRUE(json_fits<Participant>(nlohmann::json::parse(R"({"role":"emperor"})")));
    EXPECT_FALSE(json_fits<GroupList>(nlohmann::json::parse(R"({"groups":{}})")));
    EXPECT_FALSE(json_fits<GroupList>(nlohmann::json::parse(R"([])")));
}

} // namespace
} // namespace gd
