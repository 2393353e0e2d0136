// The alert outbox: one row per alert, channel and recipient. Rows are added in the transaction
// of the state change that raised them; the idempotency key makes a second insert of the same
// delivery a no-op, and a row becomes `sent` only after its channel accepted it.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct OutboxRow {
  std::int64_t id = 0;
  std::string idem_key;
  std::string event;
  std::string channel;  // email | webhook | whatsapp
  std::string recipient;
  std::string payload;  // JSON
  std::chrono::sys_seconds created_at;
  std::string status = "pending";  // pending | sent | failed
  std::int64_t attempts = 0;
  std::chrono::sys_seconds next_attempt_at;
  std::optional<std::string> last_error;
  std::optional<std::chrono::sys_seconds> sent_at;
};

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
};

class OutboxRepository {
public:
  explicit OutboxRepository(Database& db) : m_db(db) {}

  // Adds the row unless one with its idempotency key exists; true when added.
  Result<bool> add(const OutboxRow& row);
  // Pending rows due at `now`, oldest first.
  Result<std::vector<OutboxRow>> due(std::chrono::sys_seconds now, int limit);
  // The earliest next attempt of a pending row.
  Result<std::optional<std::chrono::sys_seconds>> next_due();
  Status mark_sent(std::int64_t id, std::chrono::sys_seconds at);
  Status mark_retry(std::int64_t id, std::chrono::sys_seconds next_attempt_at,
                    const std::string& error);
  Status mark_failed(std::int64_t id, const std::string& error);
  // Newest first; `status` empty for every row.
  Result<std::vector<OutboxRow>> list(const std::string& status, int limit);
  Result<OutboxCounts> counts();

private:
  Database& m_db;
};

// An alerted subject's state: whether an alert is open and since when its condition holds.
struct AlertState {
  std::string subject;
  bool open = false;
  std::optional<std::chrono::sys_seconds> opened_from;
  std::string condition = "unknown";
  std::optional<std::chrono::sys_seconds> since;
  std::chrono::sys_seconds updated_at{};
};

class AlertStateRepository {
public:
  explicit AlertStateRepository(Database& db) : m_db(db) {}
  Result<std::optional<AlertState>> get(const std::string& subject);
  Status put(const AlertState& state);

private:
  Database& m_db;
};

}  // namespace ill::store
