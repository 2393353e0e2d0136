// What sla::calculate needs of one link and one period, read from the store without its raw
// samples: the timeline from link_state (tens of rows a month), the maintenance windows and the
// outage annotations, and the sample summary (sla/sample_summary.hpp) from the rollups.
//
// How the sample summary is read, for a measured span M (the period, cut at `now`) and a
// schedule S (business hours, or M):
// - every UTC day of M that has a rollups_1d row: the rates of its 288 5-minute slots that lie
//   inside M; its up latency and loss sums and latency counts when the day lies inside S;
// - for latency and loss, a day that an edge of S cuts (a month that starts at 18:30 UTC in
//   Kolkata, business hours): its rollups_1h rows, and for an hour an edge cuts, its rollups_5m
//   rows;
// - a 5-minute slot that an edge cuts (`now`, business hours at 09:07, a zone whose offset is not a
//   multiple of 5 minutes): its raw samples. A raw sample past its retention is gone, and with it
//   the part of such a slot it stood for;
// - the slots from `unsettled_from` on, whose rollups illd may not have settled yet (see
//   unsettled_from()): raw samples, read as one range.
// A month of one link without business hours reads about 32 day rows, 48 hour rows and 24
// five-minute rows (in a zone like Kolkata's) and the few samples of the cut slots; business
// hours add the hours of each business day. The figures equal those of sla::calculate over the
// raw samples (the means up to the order of floating-point additions).
#pragma once

#include "core/result.hpp"
#include "sla/calculate.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace ill::figures {

// Rows read, by table: what the benchmark reports and `illctl -v sla calculate` logs.
struct ReadCounts {
  std::uint64_t link_state = 0;
  std::uint64_t maintenance = 0;
  std::uint64_t annotations = 0;
  std::uint64_t day_rollups = 0;
  std::uint64_t hour_rollups = 0;
  std::uint64_t slot_rollups = 0;
  std::uint64_t samples = 0;

  std::uint64_t total() const {
    return link_state + maintenance + annotations + day_rollups + hour_rollups + slot_rollups +
           samples;
  }
  ReadCounts& operator+=(const ReadCounts& other);
};

struct MonthInputs {
  std::vector<sla::Interval> timeline;  // clipped to the period
  std::vector<sla::TimeRange> maintenance;
  std::vector<sla::Annotation> annotations;
  sla::SampleSummary samples;
  ReadCounts rows;

  // Empties it, keeping the capacity (a fleet's calculation reuses one per thread).
  void clear();
};

// Where the rollups of a store may still lack samples that its raw table holds, at `now`: the
// start of the first 5-minute slot that illd may not have settled yet (collect/recorder.hpp).
// illd settles a slot up to one poll interval after it ends, so a running or cleanly stopped
// illd leaves only the last minutes unsettled. After a crash (its heartbeat neither recent nor
// saying it stopped), the slots it had open stay unsettled until it starts again, so the edge
// goes back to its last heartbeat. One read of the heartbeat; a store that illd never wrote to
// has its rollups rebuilt whole by `history import`, and gets the same rule as a running illd.
Result<std::chrono::sys_seconds> unsettled_from(store::Database& db, std::chrono::sys_seconds now);

// Reads into `out` (cleared first) what the figures of `link` over `period` need under `policy`,
// measured up to `measured_to` (sla::calculate's `now`), with the slots from `unsettled` on read
// from raw samples (none when nullopt: every rollup is taken as complete).
Status read_month_inputs(store::Database& db, const store::Link& link, const sla::Period& period,
                         const sla::Policy& policy,
                         std::optional<std::chrono::sys_seconds> measured_to,
                         std::optional<std::chrono::sys_seconds> unsettled, MonthInputs& out);

}  // namespace ill::figures
