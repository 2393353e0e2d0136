// Monthly SLA figures, one row per link and month; recalculation replaces the row.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct SlaReport {
  std::int64_t link_id = 0;
  std::string link_name;  // filled when read
  std::string month;      // YYYY-MM in the client's time zone
  std::string figures;    // JSON: every figure and the breach details
  std::string policy;     // JSON: the effective policy used
  std::chrono::sys_seconds computed_at;
  std::int64_t id = 0;  // filled when read: the row's id (the portal's report id)

  bool operator==(const SlaReport&) const = default;
};

class SlaReportRepository {
public:
  explicit SlaReportRepository(Database& db) : m_db(db) {}

  // Inserts or replaces the report of (link, month).
  Status put(const SlaReport& report);
  Result<std::optional<SlaReport>> get(std::int64_t link_id, const std::string& month);
  // Every report of a month (all links), or every month of a link, by link name then month.
  Result<std::vector<SlaReport>> for_month(const std::string& month);
  Result<std::vector<SlaReport>> for_link(std::int64_t link_id);
  // The portal's reads: only reports of the client's links, newest month first; a report of
  // another client's link is not found, exactly like a missing one.
  Result<std::vector<SlaReport>> for_client(std::int64_t client_id);
  Result<std::optional<SlaReport>> get_for_client(std::int64_t id, std::int64_t client_id);

private:
  Database& m_db;
};

}  // namespace ill::store
