#pragma once
// JobStore on the proxy's SQLite data file (tables job_queue and job_queue_items, schema.cpp).
// Every operation is one statement or one transaction, so it is safe from any thread.
#include "proxy/jobs/job_store.h"
#include "proxy/storage/database.h"

namespace gd {

class SqliteJobStore : public JobStore {
public:
    explicit SqliteJobStore(Database& db) : db_(db) {}

    Enqueued enqueue(const NewJob& job, int64_t now_ms) override;
    std::optional<QueuedJob> claim(const std::string& worker, int64_t now_ms, int64_t lease_until_ms) override;
    bool heartbeat(const std::string& job_id, const std::string& worker, int64_t lease_until_ms) override;
    void release(const std::string& job_id, const std::string& worker, const Release& release) override;
    void finish(const std::string& job_id, const std::string& worker, JobState state, const std::string& stop_reason,
                int64_t now_ms) override;
    void free_all_leases() override;
    std::optional<int64_t> next_wake_ms(int64_t now_ms) override;

    std::vector<QueuedItem> items(const std::string& job_id) override;
    bool begin_item(const std::string& job_id, int position) override;
    void settle_item(const std::string& job_id, int position, const std::string& outcome) override;
    void reopen_item(const std::string& job_id, int position) override;
    void set_title(const std::string& job_id, const std::string& title) override;
    void fill_items(const std::string& job_id, const std::vector<QueuedItem>& items, const nlohmann::json& payload) override;
    void set_payload(const std::string& job_id, const nlohmann::json& payload) override;

    std::optional<QueuedJob> get(const std::string& tenant, const std::string& job_id) override;
    std::vector<QueuedJob> for_target(const std::string& tenant, const std::string& kind, const std::string& target,
                                      int limit) override;
    std::vector<QueuedJob> by_requester(const std::string& tenant, const std::string& kind, RequesterKind requester,
                                        int limit) override;
    std::vector<QueuedJob> unfinished(const std::string& tenant, int limit) override;
    bool cancel(const std::string& tenant, const std::string& job_id, const std::string& cancelled_outcome,
                int64_t now_ms) override;

    std::optional<DueHook> due_hook(int64_t now_ms) override;
    void hook_done(const std::string& job_id) override;
    void hook_failed(const std::string& job_id, int attempts, int64_t next_try_ms, bool give_up) override;

private:
    std::optional<QueuedJob> read_one(const std::string& where, const std::string& a, const std::string& b);
    Database& db_;
};

} // namespace gd
