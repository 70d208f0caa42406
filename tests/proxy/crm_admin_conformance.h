#pragma once
// The conformance suite of CrmAdmin (proxy/connectors/crm.h): what every CRM's user
// administration must do, run against the sandbox and against each connector on its fake CRM.
// A CRM joins by implementing CrmAdminWorld and instantiating the suite in its own file:
//     INSTANTIATE_TEST_SUITE_P(AmoCrm, CrmAdminConformance, ::testing::Values(&make_amocrm_world));
#include "proxy/connectors/crm.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace gd::test {

// One CRM (a connector and the fake behind it, or the sandbox) as the suite drives it.
class CrmAdminWorld {
public:
    virtual ~CrmAdminWorld() = default;
    // The connector under test.
    virtual CrmAdmin& admin() = 0;
    // Another connector on the same CRM, as after the proxy restarted: it keeps nothing in memory
    // but what the CRM holds, so a handover resumed on it goes on from the saved cursor alone.
    virtual std::unique_ptr<CrmAdmin> restarted() = 0;
    // Puts an active, non-admin user into the CRM directly (not through the connector); its id.
    virtual std::string put_user(const std::string& name, const std::string& email) = 0;
    // The user GroupDesk's tokens belong to.
    virtual std::string integration_user_id() = 0;
    // Gives the user `count` new records of this kind; their ids.
    virtual std::vector<std::string> put_records(const std::string& user_id, RecordKind kind, int count) = 0;
    // Who is responsible for the record now, as the CRM holds it.
    virtual std::string owner_of(RecordKind kind, const std::string& record_id) = 0;
    // How many times the CRM was asked to change the record's responsible user and did.
    virtual int times_moved(RecordKind kind, const std::string& record_id) = 0;
    // From now on the CRM refuses to change this record's responsible user (a locked record).
    virtual void refuse_moving(RecordKind kind, const std::string& record_id) = 0;
};

using CrmAdminWorldFactory = std::unique_ptr<CrmAdminWorld> (*)();

class CrmAdminConformance : public ::testing::TestWithParam<CrmAdminWorldFactory> {
protected:
    void SetUp() override { world = GetParam()(); }
    std::unique_ptr<CrmAdminWorld> world;
};

} // namespace gd::test
