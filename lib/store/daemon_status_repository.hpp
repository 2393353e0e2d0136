// illd's heartbeat in the store, so that `illctl status` can tell whether the daemon is alive
// and how far behind its schedule it runs without talking to it. Written by illd's writer with
// every batch; kept in the meta table.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace ill::store {

class Database;

struct DaemonHeartbeat {
  std::chrono::sys_seconds at;       // the last committed batch
  std::chrono::sys_seconds started;  // when illd started
  std::int64_t pid = 0;
  std::int64_t interval_s = 60;     // the daemon's poll interval
  std::int64_t cycle_lag_ms = 0;    // largest poll delay behind its slot over the last interval
  std::int64_t routers_polled = 0;  // routers with a session loop
  bool stopped = false;             // illd stopped cleanly (set on SIGTERM)

  bool operator==(const DaemonHeartbeat&) const = default;
};

class DaemonStatusRepository {
public:
  explicit DaemonStatusRepository(Database& db) : m_db(db) {}

  Status put(const DaemonHeartbeat& heartbeat);
  // None when no illd ever wrote to this database.
  Result<std::optional<DaemonHeartbeat>> get();

private:
  Database& m_db;
};

}  // namespace ill::store
