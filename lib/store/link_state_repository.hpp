// The availability timeline: merged intervals [from_t, to_t) of up, down or unknown per link.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct StateInterval {
  std::int64_t link_id = 0;
  std::int64_t from_t = 0;
  std::int64_t to_t = 0;
  std::string state;  // up | down | unknown

  bool operator==(const StateInterval&) const = default;
};

class LinkStateRepository {
public:
  explicit LinkStateRepository(Database& db) : m_db(db) {}

  // Adds an interval at the end of the link's timeline. When the last interval has the same
  // state and reaches `interval.from_t`, it is extended instead; when the last interval runs
  // past `interval.from_t` with another state, it is cut back first. Intervals are appended in
  // time order (the daemon's case); use replace() to rewrite history.
  Status record(const StateInterval& interval);
  // Replaces everything of the link inside [from, to) by `intervals` (history import).
  Status replace(std::int64_t link_id, std::int64_t from, std::int64_t to,
                 const std::vector<StateInterval>& intervals);
  // Intervals of the link that overlap [from, to), by start (not clipped).
  Result<std::vector<StateInterval>> range(std::int64_t link_id, std::int64_t from,
                                           std::int64_t to);
  Result<std::optional<StateInterval>> last(std::int64_t link_id);

private:
  Status insert(const StateInterval& interval);
  Database& m_db;
};

}  // namespace ill::store
