#include "store/daemon_status_repository.hpp"

#include "store/database.hpp"

namespace ill::store {

// Interim: the heartbeat is written by illd; reading it arrives with `illctl status`.
Status DaemonStatusRepository::put(const DaemonHeartbeat& beat) {
  auto stmt = m_db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  if (!stmt) return fail(stmt.error());
  const std::pair<std::string_view, std::int64_t> rows[] = {
      {"illd.heartbeat_at", beat.at},
      {"illd.started", beat.started},
      {"illd.pid", beat.pid},
      {"illd.interval_s", beat.interval_s},
      {"illd.cycle_lag_ms", beat.cycle_lag_ms},
      {"illd.routers_polled", beat.routers_polled},
      {"illd.stopped", beat.stopped ? 1 : 0}};
  for (const auto& [key, value] : rows) {
    (*stmt)->reset();
    if (auto st = (*stmt)->bind_all(key, value).run(); !st) return st;
  }
  return {};
}

Result<std::optional<DaemonHeartbeat>> DaemonStatusRepository::get() {
  return fail(Errc::internal, "reading the heartbeat is not available yet");
}

}  // namespace ill::store
