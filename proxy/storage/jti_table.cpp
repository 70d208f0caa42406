#include "proxy/storage/jti_table.h"

namespace gd {

JtiTable::JtiTable(Database& db, Clock& clock) : db_(db), clock_(clock) {}

bool JtiTable::first_use(const std::string& jti, int64_t expires_at) {
    // A token past its exp is refused before it gets here, so its row has no more work to do.
    db_.run("DELETE FROM amocrm_used_tokens WHERE expires_at <= ?1", clock_.unix_seconds());
    // RETURNING says whether this very statement inserted the row, whatever else ran on the file.
    Statement insert = db_.prepare("INSERT INTO amocrm_used_tokens (jti, expires_at) VALUES (?1, ?2) "
                                   "ON CONFLICT(jti) DO NOTHING RETURNING jti");
    insert.bind(1, jti).bind(2, expires_at);
    const bool inserted = insert.step();
    if (inserted) insert.step();   // to its end, so the insert commits before we answer (a step
                                   // past the end would run the statement again)
    return inserted;
}

} // namespace gd
