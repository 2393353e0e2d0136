// What illd writes down from its polls. For each link of a polled router: a sample (rates from
// the 64-bit counter deltas, running state, probe latency and loss), its rollups, and the
// availability timeline (sla::TimelineBuilder's incremental form, so the stored intervals are
// exactly what sla.md's coverage rule gives); for the router its status, last error and health.
// It also keeps the live figures /metrics shows.
//
// A poll that could not reach the router records no sample. Its links become `unknown` by the
// coverage rule; once a link's last observation is more than two intervals old, each failed
// attempt records an explicit `unknown` observation so the timeline shows the blind spot as it
// happens rather than only when the router comes back (the result is the same either way).
//
// One batch is one transaction. When it cannot be committed (disk full, database locked past
// the busy timeout) nothing of it is in the store, the in-memory state is dropped and reloaded
// from the store, and the caller may retry the same batch later.
#pragma once

#include "collect/collector.hpp"
#include "collect/counter_rate.hpp"
#include "metrics/fleet_metrics.hpp"
#include "sla/timeline.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>

namespace ill::collect {

struct BatchCounts {
  std::size_t results = 0;
  std::size_t samples = 0;
  std::size_t intervals = 0;  // link_state rows written or moved
};

// Runs inside a batch's transaction after the batch was recorded, so what it writes commits
// with the batch or not at all (illd's alerts, notify/alert_engine.hpp). An error rolls the
// batch back.
using BatchHook = std::function<Status(store::Database&, std::span<const PollResult>)>;

class Recorder {
public:
  explicit Recorder(store::Database& db, BatchHook in_transaction = {});

  // Writes the results, in order, in one transaction.
  Result<BatchCounts> record(std::span<const PollResult> batch);

  // Drops the live figures of routers and links no longer in the inventory and renames the
  // rest (a renamed client or link shows under its new name at once).
  void set_inventory(const Inventory& inventory);

  // The live figures, for /metrics (thread-safe).
  metrics::FleetSnapshot snapshot() const;
  // Routers by status ("online", "unreachable", "auth-failed", "unknown": not polled yet).
  std::map<std::string, std::size_t> router_status_counts() const;

private:
  struct LinkTrack {
    std::chrono::seconds interval{60};
    sla::TimelineBuilder timeline{std::chrono::seconds(60)};
    std::optional<CounterReading> counters;
    std::optional<std::int64_t> last_sample_t;
    std::optional<double> rx_bps, tx_bps;  // of the last sample
    bool warned_missing = false;
  };

  Result<LinkTrack*> track(const store::Link& link, std::chrono::seconds interval);
  Status record_one(const PollResult& result, BatchCounts& counts);
  Status record_poll(const PollResult& result, BatchCounts& counts);
  Status record_failure(const PollResult& result, BatchCounts& counts);
  Status push_observation(const store::Link& link, LinkTrack& track,
                          const sla::Observation& observation, BatchCounts& counts);
  void update_live(const PollResult& result);

  store::Database& m_db;
  BatchHook m_in_transaction;
  std::unordered_map<std::int64_t, LinkTrack> m_links;

  mutable std::mutex m_live_mutex;
  std::map<std::int64_t, metrics::RouterFigures> m_routers;   // by router id
  std::map<std::int64_t, metrics::LinkFigures> m_live_links;  // by link id
};

}  // namespace ill::collect
