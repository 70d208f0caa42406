// Invite links and saved contacts write to WhatsApp, so they ask the number's state first: given
// the sandbox with a number that turns warned or banned, when a manager sends an invite link,
// revokes one or saves a contact, then it is refused with the number's state and nothing reaches
// WhatsApp; once the number is connected again, they go through.
#include "gateway_fakes.h"
#include "proxy/domain/group_invites.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

// The watched sandbox gateway, counting the writes that reached it.
class WritesCounted : public test::WatchedGateway {
public:
    using WatchedGateway::WatchedGateway;
    int writes = 0;
    Result<InviteLink> revoke_invite_link(const std::string& g) override {
        ++writes;
        return WatchedGateway::revoke_invite_link(g);
    }
    Result<Done> send_text(const std::string& p, const std::string& t) override {
        ++writes;
        return WatchedGateway::send_text(p, t);
    }
    Result<Done> save_contact(const std::string& p, const std::string& f, const std::string& l) override {
        ++writes;
        return WatchedGateway::save_contact(p, f, l);
    }
};

const Clock::Duration kTrustFor = std::chrono::seconds(2);
const std::string kGroup = demo::kMoscowClientsGroup;
const std::string kPerson = "+79165550102";   // has WhatsApp, not in the group
const Actor kManager{"Анна Петрова (anna)"};

struct Invites {
    test::Sandbox sandbox;
    ManualClock clock;
    WritesCounted gateway{sandbox.store};
    WhatsAppChecks checks{*sandbox.db, gateway, clock, CheckPolicy{}};
    NumberState number{gateway, clock, kTrustFor};
    AuditLog audit{*sandbox.db, clock};
    GroupInvites invites{gateway, checks, number, audit, "RU"};

    ErrorCode send() { return code(invites.send(kGroup, kPerson, Lang::ru, kManager)); }
    ErrorCode revoke() { return code(invites.revoke(kGroup, kManager)); }
    ErrorCode save() { return code(invites.save_contact({kPerson, "Олег Иванов"}, kManager)); }
    // Each of the three writes in turn: an invite sent, the link revoked, a contact saved.
    std::vector<ErrorCode> send_revoke_save() { return {send(), revoke(), save()}; }
    static std::vector<ErrorCode> all(ErrorCode code) { return {code, code, code}; }
    template <class T>
    static ErrorCode code(const Result<T>& r) { return r ? ErrorCode::unknown : r.error().code; }
};

TEST(GroupInvites, AWarnedNumberSendsRevokesAndSavesNothing) {
    Invites i;
    i.gateway.status = ConnectionStatus::warned;
    EXPECT_EQ(i.send_revoke_save(), Invites::all(ErrorCode::number_warned));
    EXPECT_EQ(i.gateway.writes, 0);
    EXPECT_EQ(i.gateway.checks, 0);   // nor spends a WhatsApp check on a message that cannot go out
    EXPECT_EQ(i.sandbox.db->scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'number_warned'", 0), 3);
}

TEST(GroupInvites, EveryStateButConnectedRefusesTheWrite) {
    for (auto [status, expected] : test::kStatesThatStopWrites) {
        Invites i;
        i.gateway.status = status;
        EXPECT_EQ(i.send_revoke_save(), Invites::all(expected)) << nlohmann::json(status);
        EXPECT_EQ(i.gateway.writes, 0) << nlohmann::json(status);
    }
}

TEST(GroupInvites, ANumberTurningWarnedIsRefusedOnceItsStateIsAskedAgain) {
    Invites i;
    EXPECT_EQ(i.send(), ErrorCode::unknown);
    EXPECT_EQ(i.gateway.writes, 1);
    i.gateway.status = ConnectionStatus::warned;
    i.clock.advance(kTrustFor);
    EXPECT_EQ(i.send_revoke_save(), Invites::all(ErrorCode::number_warned));
    EXPECT_EQ(i.gateway.writes, 1);
    i.gateway.status = ConnectionStatus::connected;
    i.clock.advance(kTrustFor);
    EXPECT_EQ(i.send_revoke_save(), Invites::all(ErrorCode::unknown));
    EXPECT_EQ(i.gateway.writes, 4);
}

TEST(GroupInvites, AWarningThatComesWhileTheCheckWaitsItsTurnStopsTheMessage) {
    Invites i;
    EXPECT_EQ(i.save(), ErrorCode::unknown);   // the state is now kept for kTrustFor
    ASSERT_TRUE(i.checks.has_whatsapp("+79165550103").ok());   // the next check waits its turn
    i.gateway.status = ConnectionStatus::warned;
    EXPECT_EQ(i.send(), ErrorCode::number_warned);
    EXPECT_EQ(i.gateway.checks, 2);   // the check was made, then the state asked again
    EXPECT_EQ(i.gateway.writes, 1);
}

} // namespace
} // namespace gd
