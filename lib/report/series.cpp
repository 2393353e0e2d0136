#include "report/series.hpp"

#include "store/database.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/sample_repository.hpp"

#include <algorithm>

namespace ill::report {
namespace {

using namespace std::chrono;

constexpr std::int64_t k_day_s = 86'400;

SpanState span_state(sla::State state) {
  switch (state) {
  case sla::State::up: return SpanState::up;
  case sla::State::down: return SpanState::down;
  case sla::State::unknown: break;
  }
  return SpanState::unknown;
}

std::optional<double> average(std::int64_t n, double sum) {
  return n > 0 ? std::optional(sum / static_cast<double>(n)) : std::nullopt;
}

}  // namespace

std::string_view to_string(Resolution resolution) {
  switch (resolution) {
  case Resolution::raw: return "raw";
  case Resolution::five_minutes: return "5m";
  case Resolution::one_hour: return "1h";
  }
  return "raw";
}

Resolution resolution_for(const sla::TimeRange& range) {
  const auto length = range.length_s();
  if (length <= k_day_s + 60) return Resolution::raw;
  if (length <= 10 * k_day_s) return Resolution::five_minutes;
  return Resolution::one_hour;
}

Result<Series> read_series(store::Database& db, std::int64_t link_id, const sla::TimeRange& range) {
  Series series;
  series.resolution = resolution_for(range);
  if (range.empty()) return series;
  if (series.resolution == Resolution::raw) {
    auto samples = store::SampleRepository(db).range(link_id, range);
    if (!samples) return fail(samples.error());
    series.points.reserve(samples->size());
    for (const auto& s : *samples)
      series.points.push_back({s.t, s.rx_bps, s.tx_bps, s.latency_avg_ms, s.loss_pct});
    return series;
  }
  const auto period = series.resolution == Resolution::five_minutes
                          ? store::RollupPeriod::five_minutes
                          : store::RollupPeriod::one_hour;
  // A slot that starts before `from` but reaches into the range belongs to it too.
  const auto slot = store::length_of(period);
  const auto first = range.from - (range.from.time_since_epoch() % slot + slot) % slot;
  auto rows = store::RollupRepository(db).range(period, link_id, {first, range.to},
                                                store::Histograms::skip);
  if (!rows) return fail(rows.error());
  series.points.reserve(rows->size());
  for (const auto& r : *rows)
    series.points.push_back({r.t, r.rx_bps_avg(), r.tx_bps_avg(),
                             average(r.latency_n, r.latency_sum), average(r.loss_n, r.loss_sum)});
  return series;
}

std::vector<StateSpan> overlay_maintenance(const std::vector<StateSpan>& spans,
                                           std::vector<sla::TimeRange> windows,
                                           const sla::TimeRange& range) {
  // Merge the windows (clipped), then walk the spans cutting the windows out.
  std::vector<sla::TimeRange> merged;
  std::sort(windows.begin(), windows.end(),
            [](const auto& a, const auto& b) { return a.from < b.from; });
  for (auto w : windows) {
    w.from = std::max(w.from, range.from);
    w.to = std::min(w.to, range.to);
    if (w.empty()) continue;
    if (!merged.empty() && w.from <= merged.back().to)
      merged.back().to = std::max(merged.back().to, w.to);
    else
      merged.push_back(w);
  }
  std::vector<StateSpan> out;
  for (const auto& s : spans) {
    auto from = std::max(s.from, range.from);
    const auto to = std::min(s.to, range.to);
    for (const auto& w : merged) {
      if (from >= to) break;
      if (w.to <= from || w.from >= to) continue;
      if (w.from > from) out.push_back({from, w.from, s.state});
      from = w.to;
    }
    if (from < to) out.push_back({from, to, s.state});
  }
  for (const auto& w : merged) out.push_back({w.from, w.to, SpanState::maintenance});
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.from < b.from; });
  return out;
}

Result<std::vector<StateSpan>> read_state_spans(store::Database& db, std::int64_t link_id,
                                                const sla::TimeRange& range) {
  auto intervals = store::LinkStateRepository(db).range(link_id, range);
  if (!intervals) return fail(intervals.error());
  auto windows = store::MaintenanceRepository(db).for_link(link_id, range);
  if (!windows) return fail(windows.error());
  std::vector<StateSpan> spans;
  spans.reserve(intervals->size());
  for (const auto& i : *intervals) {
    spans.push_back({i.from, i.to, span_state(i.state)});
  }
  std::vector<sla::TimeRange> ranges;
  ranges.reserve(windows->size());
  for (const auto& w : *windows) ranges.push_back({w.start_t, w.end_t});
  return overlay_maintenance(spans, std::move(ranges), range);
}

TrafficChart traffic_chart(const Series& series, const sla::TimeRange& range,
                           const date::time_zone* zone, std::optional<double> committed_bps,
                           std::optional<double> p95_bps) {
  TrafficChart chart{range, zone, {}, committed_bps, p95_bps};
  chart.points.reserve(series.points.size());
  for (const auto& p : series.points) chart.points.push_back({p.t, p.in_bps, p.out_bps});
  return chart;
}

QualityChart quality_chart(const Series& series, const sla::TimeRange& range,
                           const date::time_zone* zone, std::optional<double> committed_latency_ms,
                           std::optional<double> committed_loss_pct) {
  QualityChart chart{range, zone, {}, committed_latency_ms, committed_loss_pct};
  chart.points.reserve(series.points.size());
  for (const auto& p : series.points) chart.points.push_back({p.t, p.latency_ms, p.loss_pct});
  return chart;
}

}  // namespace ill::report
