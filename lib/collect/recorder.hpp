// What illd writes down from its polls. For each link of a polled router: what the poll says of
// it (observe.hpp: state, rates from the 64-bit counter deltas, probe latency and loss) stored as
// a sample (its rollups settled a 5-minute slot at a time), and the availability timeline
// (sla::TimelineBuilder's incremental form, so the stored intervals are exactly what sla.md's
// coverage rule gives), both through store::LinkHistory; for the router its status, last error and
// health. Once a batch is committed, the live figures /metrics shows (live_figures.hpp) take its
// results.
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
#include "collect/live_figures.hpp"
#include "sla/timeline.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

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

  // Writes the results, in order, in one transaction. A link's 5-minute slot is settled
  // (store::LinkHistory::settle_slot) in the batch that stores its first sample of a later slot,
  // or in the first batch one poll interval after the slot ended when no sample comes.
  Result<BatchCounts> record(std::span<const PollResult> batch);
  // Settles every slot still open, in one transaction: at stop, so that the store's rollups
  // cover every sample (after a crash the next start settles them).
  Status settle_open_slots();

  // The live figures (thread-safe); name them with set_inventory.
  LiveFigures& live() { return m_live; }
  const LiveFigures& live() const { return m_live; }

private:
  struct LinkTrack {
    std::chrono::seconds interval{60};
    sla::TimelineBuilder timeline{std::chrono::seconds(60)};
    std::optional<CounterReading> counters;
    std::optional<std::chrono::sys_seconds> last_sample_t;
    // The 5-minute slot whose rollups may not yet cover every stored sample: the last sample's,
    // until it is settled.
    std::optional<std::chrono::sys_seconds> open_slot;
    bool warned_missing = false;
  };
  // The live figures of one result, applied once its batch commits.
  struct Pending {
    const PollResult* result = nullptr;
    std::size_t first = 0, count = 0;  // its links in m_pending_links
  };

  Result<LinkTrack*> track(const store::Link& link, std::chrono::seconds interval);
  Status record_one(const PollResult& result, BatchCounts& counts);
  Status record_poll(const PollResult& result, BatchCounts& counts);
  Status record_failure(const PollResult& result, BatchCounts& counts);
  // Drops every link's in-memory track (timeline, counters, open slot) after the store refused
  // a write: each is resumed from the store when next needed.
  void forget_tracks();
  // Marks `slot` as the link's open slot, due to be settled by time.
  void open_slot(std::int64_t link_id, LinkTrack& track, std::chrono::sys_seconds slot);
  // Settles the open slots that ended at least an interval before `now`.
  Status settle_closed_slots(std::chrono::sys_seconds now);
  Status push_observation(const store::Link& link, LinkTrack& track,
                          const sla::Observation& observation, BatchCounts& counts);

  store::Database& m_db;
  BatchHook m_in_transaction;
  std::unordered_map<std::int64_t, LinkTrack> m_links;
  std::chrono::sys_seconds m_latest{};  // the latest poll time recorded
  // When each open slot is due to be settled by time, earliest first (scanning every link each
  // batch cost illd 5 % of its CPU at 50,000 links). An entry whose link has since settled that
  // slot or moved on is skipped when it comes up.
  struct SettleDue {
    std::chrono::sys_seconds due;
    std::int64_t link_id = 0;
    std::chrono::sys_seconds slot;
    bool operator>(const SettleDue& other) const { return due > other.due; }
  };
  std::priority_queue<SettleDue, std::vector<SettleDue>, std::greater<>> m_settle_due;
  std::vector<Pending> m_pending;
  std::vector<LiveFigures::LinkUpdate> m_pending_links;
  LiveFigures m_live;
};

}  // namespace ill::collect
