// Outage causes set by hand (`illctl outage annotate`), keyed by link and outage start, with
// the audit trail the schema's triggers keep of every change.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct OutageAnnotation {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds start_t;
  std::chrono::sys_seconds end_t;
  std::string cause = "provider";  // provider | customer | planned | power | monitoring
  std::string note;
  std::string changed_by;
  std::chrono::sys_seconds changed_at;

  bool operator==(const OutageAnnotation&) const = default;
};

struct OutageAuditEntry {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds start_t;
  std::optional<std::string> old_cause;
  std::string new_cause;
  std::optional<std::string> old_note;
  std::string new_note;
  std::string changed_by;
  std::chrono::sys_seconds changed_at;
};

class OutageRepository {
public:
  explicit OutageRepository(Database& db) : m_db(db) {}

  // Sets the cause and note of the outage of `link_id` starting at `start_t` (insert or update);
  // the change is recorded in the audit trail.
  Status annotate(const OutageAnnotation& annotation);
  // Annotations of outages starting in `range`, by start.
  Result<std::vector<OutageAnnotation>> range(std::int64_t link_id, sla::TimeRange range);
  // Who changed what and when, oldest first.
  Result<std::vector<OutageAuditEntry>> audit(std::int64_t link_id,
                                              std::chrono::sys_seconds start_t);

private:
  Database& m_db;
};

}  // namespace ill::store
