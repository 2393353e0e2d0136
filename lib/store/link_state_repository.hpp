// The availability timeline: merged intervals [from_t, to_t) of up, down or unknown per link.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ill::store {

class Database;

struct StateInterval {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  sla::State state = sla::State::unknown;

  sla::Interval interval() const { return {from, to, state}; }

  bool operator==(const StateInterval&) const = default;
};

// A link with the last interval of its timeline: what `illctl status` needs of every link.
struct LinkLastState {
  std::int64_t link_id = 0;
  std::string link;
  std::string client;
  std::int64_t router_id = 0;
  std::string router;
  std::string interface;
  bool active = true;                 // the link and its router are both active
  std::optional<StateInterval> last;  // none while the link has no timeline yet

  bool operator==(const LinkLastState&) const = default;
};

class LinkStateRepository {
public:
  explicit LinkStateRepository(Database& db) : m_db(db) {}

  // Adds an interval at the end of the link's timeline. When the last interval has the same
  // state and reaches `interval.from`, it is extended instead; when the last interval runs
  // past `interval.from` with another state, it is cut back first. Intervals are appended in
  // time order (the daemon's case); use replace() to rewrite history.
  Status record(const StateInterval& interval);
  // The collector's incremental update (sla::TimelineUpdate): moves the end of the interval
  // that starts at `last_from` to `last_to` (when given), then inserts `appended` after it.
  // Call it inside the writer's transaction.
  Status apply(std::int64_t link_id, const std::optional<sla::TimeRange>& last_end,
               const std::vector<StateInterval>& appended);
  // Replaces everything of the link inside [from, to) by `intervals` (history import).
  Status replace(std::int64_t link_id, sla::TimeRange range,
                 const std::vector<StateInterval>& intervals);
  // Intervals of the link that overlap [from, to), by start (not clipped).
  Result<std::vector<StateInterval>> range(std::int64_t link_id, sla::TimeRange range);
  Result<std::optional<StateInterval>> last(std::int64_t link_id);
  // Every link, by name, with its last interval: one statement and one index seek per link,
  // so it stays fast for 10,000 links however long their timelines are.
  Result<std::vector<LinkLastState>> last_of_every_link();

private:
  Status insert(const StateInterval& interval);
  Database& m_db;
};

}  // namespace ill::store
