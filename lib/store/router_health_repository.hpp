// Router health per poll: CPU, memory, uptime and how long the poll took.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace ill::store {

class Database;

struct RouterHealth {
  std::int64_t router_id = 0;
  std::chrono::sys_seconds t;
  std::optional<double> cpu_load_pct;
  std::optional<std::int64_t> memory_used_bytes;
  std::optional<std::int64_t> memory_total_bytes;
  std::optional<std::int64_t> uptime_s;
  std::optional<double> poll_duration_ms;

  bool operator==(const RouterHealth&) const = default;
};

class RouterHealthRepository {
public:
  explicit RouterHealthRepository(Database& db) : m_db(db) {}

  // Inserts or replaces the row of the same router and time.
  Status put(const RouterHealth& health);
  // Rows of the router with range.from <= t < range.to, by time.
  Result<std::vector<RouterHealth>> range(std::int64_t router_id, sla::TimeRange range);
  Result<std::optional<RouterHealth>> latest(std::int64_t router_id);
  // Deletes every row older than `before`; returns how many went.
  Result<std::int64_t> expire_before(std::chrono::sys_seconds before);

private:
  Database& m_db;
};

}  // namespace ill::store
