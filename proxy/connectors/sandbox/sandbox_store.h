#pragma once
// What the two sandbox connectors share: the data file and one lock. SQLite keeps each statement
// safe, but a connector call is several statements that must see one state (check membership,
// then add), so every call holds `lock` from start to end.
#include "proxy/storage/database.h"
#include "shared/result.h"

#include <cstdio>
#include <mutex>

namespace gd {

struct SandboxStore {
    explicit SandboxStore(Database& database) : db(database) {}
    Database& db;
    std::mutex lock;
};

// Runs one connector call under the lock. A storage failure becomes Error{storage_failed}; its
// SQLite text goes to the server log only (it names files and tables, nothing the user can act on).
template <class F>
auto sandbox_call(SandboxStore& store, F&& body) -> decltype(body()) {
    std::lock_guard<std::mutex> guard(store.lock);
    try {
        return body();
    } catch (const StorageError& e) {
        std::fprintf(stderr, "sandbox: storage failed: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

} // namespace gd
