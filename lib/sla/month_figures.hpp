// Everything `illctl sla calculate` reports for one link and one period.
#pragma once

#include "sla/interval.hpp"
#include "sla/outage.hpp"
#include "sla/policy.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::sla {

struct Breach {
  bool availability = false;
  bool latency = false;
  bool loss = false;
  // One sentence per breach, e.g. "availability 99.4000 % is below the committed 99.50 %".
  std::vector<std::string> details;

  bool any() const { return availability || latency || loss; }
  friend bool operator==(const Breach&, const Breach&) = default;
};

// The downtime the commitment still allows this period (sla.md "Allowed downtime").
// allowed_s = full-period scheduled time x (1 - committed uptime / 100), where time after `as_of`
// is assumed up (only business hours and maintenance, known in advance, shape it). The
// commitment breaks when downtime exceeds allowed_s (equality is not a breach).
struct ErrorBudget {
  std::chrono::sys_seconds as_of;     // end of the measured part of the period
  std::int64_t full_scheduled_s = 0;  // scheduled seconds of the whole period
  double allowed_s = 0;
  double left_s = 0;  // allowed_s - downtime_s; negative once breached
  // At the pace so far: downtime_s x full_scheduled_s / scheduled_s (downtime_s when nothing
  // has been scheduled yet).
  double forecast_downtime_s = 0;
  double forecast_left_s = 0;
  bool forecast_breach = false;

  double left_min() const { return left_s / 60.0; }
  double forecast_left_min() const { return forecast_left_s / 60.0; }
  friend bool operator==(const ErrorBudget&, const ErrorBudget&) = default;
};

struct TrafficPercentile {
  std::optional<double> in_bps;   // from rx_bps
  std::optional<double> out_bps;  // from tx_bps
  std::optional<double> bps;      // the larger of the two
  std::size_t in_slots = 0;       // n: 5-minute slots with a value
  std::size_t out_slots = 0;
  PercentileMethod method = PercentileMethod::nearest_rank;
  friend bool operator==(const TrafficPercentile&, const TrafficPercentile&) = default;
};

struct MonthFigures {
  // The measured span: the period, cut at `now` when it was given inside the period.
  TimeRange measured;
  std::int64_t period_s = 0;  // length of `measured`
  std::int64_t hours_s = 0;   // of which inside business hours (= period_s without a schedule)

  // The pieces of hours_s: hours_s == excluded_s + up_s + down_s + unknown_s, where
  // down_s = (downtime_s - [unknown = down] unknown_s) + excused_s is all down time outside
  // maintenance.
  std::int64_t scheduled_s = 0;
  std::int64_t downtime_s = 0;
  std::int64_t unknown_s = 0;   // unknown outside maintenance
  std::int64_t excluded_s = 0;  // maintenance windows (merged, clipped)
  std::int64_t excused_s = 0;   // down time of outages whose cause does not count
  std::int64_t up_s = 0;        // up outside maintenance

  std::optional<double> availability_pct;
  std::string null_reason;  // set when availability and credit are null (rule 11)

  std::vector<Outage> outages;  // see outage.hpp for the three kinds of entries
  std::int64_t outage_count = 0;
  std::optional<double> mttr_s;
  std::optional<std::int64_t> longest_outage_s;

  std::optional<double> latency_avg_ms;
  std::optional<double> latency_p95_ms;
  std::size_t latency_n = 0;
  std::optional<double> loss_avg_pct;
  std::size_t loss_n = 0;
  PercentileMethod latency_method = PercentileMethod::nearest_rank;

  TrafficPercentile traffic;

  Breach breach;

  std::optional<double> credit_pct;
  std::optional<std::int64_t> credit_cents;
  std::optional<double> credit_days;  // models b and d
  std::string currency;

  std::optional<ErrorBudget> budget;  // null when the full period schedules nothing

  friend bool operator==(const MonthFigures&, const MonthFigures&) = default;
};

}  // namespace ill::sla
