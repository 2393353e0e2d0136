#include "store/daemon_status_repository.hpp"

#include "store/database.hpp"

#include <string>

namespace ill::store {

namespace {

// One meta row per field; every key starts with "illd." so that get() reads them in one range
// scan of meta's primary key.
constexpr const char* k_at = "illd.heartbeat_at";
constexpr const char* k_started = "illd.started";
constexpr const char* k_pid = "illd.pid";
constexpr const char* k_interval = "illd.interval_s";
constexpr const char* k_lag = "illd.cycle_lag_ms";
constexpr const char* k_routers = "illd.routers_polled";
constexpr const char* k_stopped = "illd.stopped";

}  // namespace

Status DaemonStatusRepository::put(const DaemonHeartbeat& h) {
  // One statement, so the fields always change together even outside the writer's transaction.
  auto stmt = m_db.prepare(
      "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4), (?5, ?6), (?7, ?8), (?9, ?10), "
      "(?11, ?12), (?13, ?14) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(k_at, h.at, k_started, h.started, k_pid, h.pid, k_interval, h.interval_s, k_lag,
                 h.cycle_lag_ms, k_routers, h.routers_polled, k_stopped, h.stopped)
      .run();
}

Result<std::optional<DaemonHeartbeat>> DaemonStatusRepository::get() {
  auto stmt = m_db.prepare("SELECT key, value FROM meta WHERE key >= 'illd.' AND key < 'illd/'");
  if (!stmt) return fail(stmt.error());
  DaemonHeartbeat h;
  bool seen = false;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    const std::string key = (*stmt)->text(0);
    const std::int64_t value = (*stmt)->int64(1);
    if (key == k_at) {
      h.at = (*stmt)->time(1);
      seen = true;
    } else if (key == k_started) {
      h.started = (*stmt)->time(1);
    } else if (key == k_pid) {
      h.pid = value;
    } else if (key == k_interval) {
      h.interval_s = value;
    } else if (key == k_lag) {
      h.cycle_lag_ms = value;
    } else if (key == k_routers) {
      h.routers_polled = value;
    } else if (key == k_stopped) {
      h.stopped = value != 0;
    }
  }
  if (!seen) return std::optional<DaemonHeartbeat>();
  return std::optional<DaemonHeartbeat>(h);
}

}  // namespace ill::store
