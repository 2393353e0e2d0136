// Router health per poll: CPU, memory, uptime and how long the poll took.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ill::store {

class Database;

struct RouterHealth {
  std::int64_t router_id = 0;
  std::int64_t t = 0;
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
  Result<std::vector<RouterHealth>> range(std::int64_t router_id, std::int64_t from,
                                          std::int64_t to);
  Result<std::optional<RouterHealth>> latest(std::int64_t router_id);
  Result<std::int64_t> expire_before(std::int64_t before);

private:
  Database& m_db;
};

}  // namespace ill::store
