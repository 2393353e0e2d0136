#include "store/router_health_repository.hpp"

#include "core/format.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"

namespace ill::store {
namespace {

constexpr const char* k_select =
    "SELECT router_id, t, cpu_load_pct, memory_used_bytes, memory_total_bytes, uptime_s, "
    "poll_duration_ms FROM router_health ";

RouterHealth read_health(const Statement& s) {
  return RouterHealth{s.int64(0),     s.time(1),      s.opt_real(2), s.opt_int64(3),
                      s.opt_int64(4), s.opt_int64(5), s.opt_real(6)};
}

}  // namespace

Status RouterHealthRepository::put(const RouterHealth& h) {
  auto stmt = m_db.prepare(
      "INSERT OR REPLACE INTO router_health (router_id, t, cpu_load_pct, memory_used_bytes, "
      "memory_total_bytes, uptime_s, poll_duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(h.router_id, h.t, h.cpu_load_pct, h.memory_used_bytes, h.memory_total_bytes,
                    h.uptime_s, h.poll_duration_ms);
  return (*stmt)->run();
}

Result<std::vector<RouterHealth>> RouterHealthRepository::range(std::int64_t router_id,
                                                                sla::TimeRange range) {
  auto stmt =
      m_db.prepare(std::string(k_select) + "WHERE router_id = ? AND t >= ? AND t < ? ORDER BY t");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(router_id, range.from, range.to);
  std::vector<RouterHealth> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_health(**stmt));
  }
}

Result<std::optional<RouterHealth>> RouterHealthRepository::latest(std::int64_t router_id) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE router_id = ? ORDER BY t DESC LIMIT 1");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(router_id).step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<RouterHealth>();
  return std::optional<RouterHealth>(read_health(**stmt));
}

Result<std::int64_t> RouterHealthRepository::expire_before(std::chrono::sys_seconds before) {
  // Router by router, each a range of the primary key (see lookup.hpp's router_ids).
  auto routers = router_ids(m_db);
  if (!routers) return fail(routers.error());
  return delete_each(m_db, *routers, "DELETE FROM router_health WHERE router_id = ? AND t < ?",
                     unix_seconds(before));
}

}  // namespace ill::store
