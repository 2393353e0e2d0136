// A link's series and availability spans from the store, for the charts and the portal.
//
// Decisions:
// - The resolution follows the range's length: raw samples up to a day (plus a minute of
//   slack), 5-minute rollups up to 10 days, hourly rollups beyond: a month is ~744 points,
//   whatever the poll interval, and beyond a day the reader never touches raw samples (which
//   may have expired anyway).
// - A rollup point is the slot's averages (traffic, latency and loss of every sample in it), at
//   the slot's start.
// - Spans: link_state intervals clipped to the range, with the maintenance windows that apply
//   to the link (its own, its router's, global ones) cut out of them and added as
//   `maintenance`; the result is sorted and non-overlapping. Gaps stay gaps (the strip draws
//   them as unknown).
#pragma once

#include "core/result.hpp"
#include "report/chart.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::report {

enum class Resolution { raw, five_minutes, one_hour };
std::string_view to_string(Resolution resolution);
Resolution resolution_for(const sla::TimeRange& range);

struct SeriesPoint {
  std::chrono::sys_seconds t;
  std::optional<double> in_bps;
  std::optional<double> out_bps;
  std::optional<double> latency_ms;
  std::optional<double> loss_pct;
  friend bool operator==(const SeriesPoint&, const SeriesPoint&) = default;
};

struct Series {
  Resolution resolution = Resolution::raw;
  std::vector<SeriesPoint> points;  // by time, inside the range
};

Result<Series> read_series(store::Database& db, std::int64_t link_id, const sla::TimeRange& range);
Result<std::vector<StateSpan>> read_state_spans(store::Database& db, std::int64_t link_id,
                                                const sla::TimeRange& range);

// Pure: `spans` (sorted, non-overlapping) with `windows` cut out and added as maintenance,
// everything clipped to `range`.
std::vector<StateSpan> overlay_maintenance(const std::vector<StateSpan>& spans,
                                           std::vector<sla::TimeRange> windows,
                                           const sla::TimeRange& range);

// The charts of a series.
TrafficChart traffic_chart(const Series& series, const sla::TimeRange& range,
                           const date::time_zone* zone, std::optional<double> committed_bps,
                           std::optional<double> p95_bps);
QualityChart quality_chart(const Series& series, const sla::TimeRange& range,
                           const date::time_zone* zone, std::optional<double> committed_latency_ms,
                           std::optional<double> committed_loss_pct);

}  // namespace ill::report
