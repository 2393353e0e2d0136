// A link's external dashboard: the UID of its Grafana dashboard (the seed's
// grafana_dashboard_uid), which the portal's link page links to when [portal] grafana_url is set.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ill::store {

class Database;

class LinkDashboardRepository {
public:
  explicit LinkDashboardRepository(Database& db) : m_db(db) {}

  // Not found when there is no such link.
  Result<std::optional<std::string>> grafana_uid(std::int64_t link_id);
  // nullopt clears it. Refused unless it is 1-64 characters of A-Z a-z 0-9 _ -.
  Status set_grafana_uid(std::int64_t link_id, const std::optional<std::string>& uid);

private:
  Database& m_db;
};

}  // namespace ill::store
