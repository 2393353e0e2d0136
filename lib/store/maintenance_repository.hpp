// Planned maintenance windows for a link, a router (all its links) or everything.
#pragma once

#include "core/result.hpp"

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
  std::int64_t start_t = 0;               // [start_t, end_t), Unix seconds
  std::int64_t end_t = 0;
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
  // [from, to), ordered by start: what the SLA engine excludes.
  Result<std::vector<MaintenanceWindow>> for_link(std::int64_t link_id, std::int64_t from,
                                                  std::int64_t to);

private:
  Database& m_db;
};

}  // namespace ill::store
