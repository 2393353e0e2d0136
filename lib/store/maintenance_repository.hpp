// Planned maintenance windows for a link, a router (all its links) or everything.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {

class Database;

enum class MaintenanceScope { link, router, all };
std::string_view to_string(MaintenanceScope scope);
std::optional<MaintenanceScope> parse_maintenance_scope(std::string_view text);

struct MaintenanceWindow {
  std::int64_t id = 0;
  MaintenanceScope scope = MaintenanceScope::all;
  std::optional<std::int64_t> link_id;    // scope link
  std::optional<std::int64_t> router_id;  // scope router
  std::string target_name;                // link or router name, filled when read
  std::chrono::sys_seconds start_t;       // [start_t, end_t)
  std::chrono::sys_seconds end_t;
  std::string reason;

  bool operator==(const MaintenanceWindow&) const = default;
};

class MaintenanceRepository {
public:
  explicit MaintenanceRepository(Database& db) : m_db(db) {}

  Result<std::int64_t> add(const MaintenanceWindow& window);
  Status remove(std::int64_t id);
  Result<MaintenanceWindow> get(std::int64_t id);
  // Every window, ordered by start.
  Result<std::vector<MaintenanceWindow>> list();
  // The windows that apply to a link (its own, its router's, and global ones) and overlap
  // `range`, ordered by start: what the SLA engine excludes.
  Result<std::vector<MaintenanceWindow>> for_link(std::int64_t link_id, sla::TimeRange range);

private:
  Database& m_db;
};

}  // namespace ill::store
