#pragma once
// The amoCRM widget tokens already traded for a session, by jti, in the data file (table
// amocrm_used_tokens): a restart of the proxy does not let a used token open a second session.
#include "proxy/connectors/amocrm/amo_widget_token.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"

namespace gd {

class JtiTable : public JtiLedger {
public:
    JtiTable(Database& db, Clock& clock);
    // One statement decides, so two threads (or two connections) offering the same jti cannot
    // both be first. Rows of expired tokens are deleted on the way. Throws StorageError.
    bool first_use(const std::string& jti, int64_t expires_at) override;

private:
    Database& db_;
    Clock& clock_;
};

} // namespace gd
