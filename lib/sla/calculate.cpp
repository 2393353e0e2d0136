#include "sla/calculate.hpp"

#include "sla/credit.hpp"
#include "sla/percentile.hpp"
#include "sla/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace ill::sla {

namespace {

using std::chrono::sys_seconds;

constexpr sys_seconds k_never = sys_seconds::max();

// Walks the measured time as atoms of constant (scheduled, maintenance, state) and builds the
// time totals and the three kinds of outage entries.
class Sweep {
public:
  Sweep(const Policy& policy, std::span<const Interval> timeline,
        std::span<const TimeRange> maintenance)
      : m_policy(policy), m_timeline(timeline), m_maintenance(maintenance) {}

  void run(std::span<const TimeRange> scheduled) {
    for (const TimeRange& piece : scheduled) {
      sweep_piece(piece);
      // Leaving the schedule ends every run and dirties any gap.
      m_outage_open = false;
      m_gap_clean = false;
      m_planned_open = false;
      m_monitoring_open = false;
    }
  }

  std::int64_t excluded_s = 0;
  std::int64_t up_s = 0;
  std::int64_t down_s = 0;
  std::int64_t unknown_s = 0;
  std::vector<Outage> outages;     // outages proper, after merge_gap
  std::vector<Outage> planned;     // down inside maintenance
  std::vector<Outage> monitoring;  // unknown outside maintenance

private:
  void sweep_piece(TimeRange piece) {
    auto cur = piece.from;
    while (cur < piece.to) {
      // Skip what ended, and empty intervals wherever they are.
      while (m_ti < m_timeline.size() &&
             (m_timeline[m_ti].to <= cur || m_timeline[m_ti].to <= m_timeline[m_ti].from)) {
        ++m_ti;
      }
      State state = State::unknown;
      sys_seconds next_t = k_never;
      if (m_ti < m_timeline.size()) {
        if (m_timeline[m_ti].from <= cur) {
          state = m_timeline[m_ti].state;
          next_t = m_timeline[m_ti].to;
        } else {
          next_t = m_timeline[m_ti].from;
        }
      }
      while (m_mi < m_maintenance.size() && m_maintenance[m_mi].to <= cur) {
        ++m_mi;
      }
      bool in_maintenance = false;
      sys_seconds next_m = k_never;
      if (m_mi < m_maintenance.size()) {
        if (m_maintenance[m_mi].from <= cur) {
          in_maintenance = true;
          next_m = m_maintenance[m_mi].to;
        } else {
          next_m = m_maintenance[m_mi].from;
        }
      }
      const auto end = std::min({piece.to, next_t, next_m});
      atom(cur, end, state, in_maintenance);
      cur = end;
    }
  }

  static void extend_or_open(std::vector<Outage>& list, bool& open, sys_seconds from,
                             sys_seconds to, Cause cause) {
    const std::int64_t length = (to - from).count();
    if (open) {
      list.back().end = to;
      list.back().duration_s += length;
      list.back().down_s += length;
      return;
    }
    Outage entry;
    entry.start = from;
    entry.end = to;
    entry.duration_s = length;
    entry.down_s = length;
    entry.cause = cause;
    list.push_back(std::move(entry));
    open = true;
  }

  void atom(sys_seconds from, sys_seconds to, State state, bool in_maintenance) {
    const std::int64_t length = (to - from).count();
    if (in_maintenance) {
      excluded_s += length;
      m_outage_open = false;
      m_gap_clean = false;
      m_monitoring_open = false;
      if (state == State::down) {
        extend_or_open(planned, m_planned_open, from, to, Cause::planned);
      } else {
        m_planned_open = false;
      }
      return;
    }
    m_planned_open = false;
    switch (state) {
    case State::up:
      up_s += length;
      m_outage_open = false;
      m_monitoring_open = false;
      break;
    case State::down:
      down_s += length;
      m_monitoring_open = false;
      if (m_outage_open) {
        Outage& last = outages.back();
        last.end = to;
        last.duration_s = (last.end - last.start).count();
        last.down_s += length;
      } else if (!outages.empty() && m_gap_clean &&
                 (from - outages.back().end).count() <= m_policy.merge_gap_s) {
        Outage& last = outages.back();
        last.end = to;
        last.duration_s = (last.end - last.start).count();
        last.down_s += length;
        m_outage_open = true;
      } else {
        extend_or_open(outages, m_outage_open, from, to, Cause::provider);
      }
      m_gap_clean = true;
      break;
    case State::unknown:
      unknown_s += length;
      m_outage_open = false;
      m_gap_clean = false;
      extend_or_open(monitoring, m_monitoring_open, from, to, Cause::monitoring);
      break;
    }
  }

  const Policy& m_policy;
  std::span<const Interval> m_timeline;
  std::span<const TimeRange> m_maintenance;
  std::size_t m_ti = 0;
  std::size_t m_mi = 0;
  bool m_outage_open = false;
  bool m_gap_clean = false;
  bool m_planned_open = false;
  bool m_monitoring_open = false;
};

Status check_timeline(std::span<const Interval> timeline) {
  sys_seconds previous_end = sys_seconds::min();
  for (const Interval& interval : timeline) {
    if (interval.to <= interval.from) {
      continue;
    }
    if (interval.from < previous_end) {
      return fail(Errc::invalid_input, "timeline intervals overlap or are out of order at {} s",
                  interval.from.time_since_epoch().count());
    }
    previous_end = interval.to;
  }
  return {};
}

void apply_annotations(std::vector<Outage>& outages, std::span<const Annotation> annotations) {
  if (annotations.empty()) {
    return;
  }
  for (Outage& outage : outages) {
    const Annotation* best = nullptr;
    std::int64_t best_overlap = 0;
    for (const Annotation& annotation : annotations) {
      const auto from = std::max(outage.start, annotation.from);
      const auto to = std::min(outage.end, annotation.to);
      const std::int64_t overlap = (to - from).count();
      if (overlap > best_overlap) {
        best = &annotation;
        best_overlap = overlap;
      }
    }
    if (best != nullptr) {
      outage.cause = best->cause;
      outage.annotated = true;
      outage.note = best->note;
    }
  }
}

std::string null_reason(const Period& period, const MonthFigures& figures) {
  if (period.activated_after()) {
    return fmt::format("the link was activated on {}, after this period",
                       date::format("%F", *period.activation));
  }
  if (figures.period_s == 0) {
    return "the period has not started";
  }
  if (figures.hours_s == 0) {
    return "no business hours fall in this period";
  }
  return "all of this period's time is excluded";
}

std::vector<Outage> merge_lists(std::vector<Outage> a, std::vector<Outage> b,
                                std::vector<Outage> c) {
  std::vector<Outage> all;
  all.reserve(a.size() + b.size() + c.size());
  for (auto* list : {&a, &b, &c}) {
    std::move(list->begin(), list->end(), std::back_inserter(all));
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Outage& x, const Outage& y) { return x.start < y.start; });
  return all;
}

}  // namespace

SampleWindow sample_window(const Period& period, const Policy& policy,
                           std::optional<std::chrono::sys_seconds> now) {
  const TimeRange full = period.range();
  SampleWindow window;
  window.measured = {full.from, now ? std::clamp(*now, full.from, full.to) : full.to};
  if (period.zone != nullptr) {
    window.scheduled =
        clip_ranges(scheduled_ranges(full, period.zone, policy.business_hours), window.measured);
  }
  return window;
}

Result<MonthFigures> calculate(const Period& period, std::span<const Interval> timeline,
                               std::span<const TimeRange> maintenance,
                               std::span<const Observation> samples,
                               std::span<const Annotation> annotations, const Policy& policy,
                               std::optional<std::chrono::sys_seconds> now) {
  if (period.zone == nullptr) {
    return fail(Errc::usage, "period has no time zone");
  }
  // Kept per thread so a fleet's calculations reuse the buffers' capacity.
  thread_local SampleSummary summary;
  summary.clear();
  const SampleWindow window = sample_window(period, policy, now);
  if (auto status = summarize(samples, window.measured, window.scheduled, summary); !status) {
    return fail(status.error());
  }
  return calculate(period, timeline, maintenance, summary, annotations, policy, now);
}

Result<MonthFigures> calculate(const Period& period, std::span<const Interval> timeline,
                               std::span<const TimeRange> maintenance, const SampleSummary& samples,
                               std::span<const Annotation> annotations, const Policy& policy,
                               std::optional<std::chrono::sys_seconds> now) {
  if (period.zone == nullptr) {
    return fail(Errc::usage, "period has no time zone");
  }
  if (auto status = validate(policy); !status) {
    return fail(status.error());
  }
  if (auto status = check_timeline(timeline); !status) {
    return fail(status.error());
  }

  MonthFigures figures;
  figures.currency = policy.currency;
  const TimeRange full = period.range();
  auto end = full.to;
  if (now) {
    end = std::clamp(*now, full.from, full.to);
  }
  figures.measured = {full.from, end};
  figures.period_s = figures.measured.length_s();

  const auto scheduled_full = scheduled_ranges(full, period.zone, policy.business_hours);
  const auto scheduled = clip_ranges(scheduled_full, figures.measured);
  const auto maintenance_full = merge_windows(maintenance, full);
  for (const TimeRange& piece : scheduled) {
    figures.hours_s += piece.length_s();
  }

  // Time: rules 3, 4 and 6.
  Sweep sweep(policy, timeline, maintenance_full);
  sweep.run(scheduled);
  figures.excluded_s = sweep.excluded_s;
  figures.up_s = sweep.up_s;
  figures.unknown_s = sweep.unknown_s;

  apply_annotations(sweep.outages, annotations);
  std::int64_t counted_down_s = 0;
  std::int64_t counted_total_s = 0;
  for (Outage& outage : sweep.outages) {
    outage.is_downtime = policy.counts(outage.cause);
    if (outage.is_downtime) {
      counted_down_s += outage.down_s;
    } else {
      figures.excused_s += outage.down_s;
    }
    outage.counted = outage.is_downtime && outage.duration_s >= policy.min_outage_s;
    if (outage.counted) {
      ++figures.outage_count;
      counted_total_s += outage.duration_s;
      figures.longest_outage_s = std::max(figures.longest_outage_s.value_or(0), outage.duration_s);
    }
  }
  if (figures.outage_count > 0) {
    figures.mttr_s =
        static_cast<double>(counted_total_s) / static_cast<double>(figures.outage_count);
  }
  for (Outage& entry : sweep.monitoring) {
    entry.is_downtime = policy.unknown == UnknownPolicy::down;
  }

  const bool removed = policy.excluded_time == ExcludedTime::removed;
  figures.downtime_s =
      counted_down_s + (policy.unknown == UnknownPolicy::down ? figures.unknown_s : 0);
  figures.scheduled_s = figures.hours_s - (removed ? figures.excluded_s + figures.excused_s : 0) -
                        (policy.unknown == UnknownPolicy::excluded ? figures.unknown_s : 0);
  figures.outages =
      merge_lists(std::move(sweep.outages), std::move(sweep.planned), std::move(sweep.monitoring));

  // Rule 5 and 11.
  if (figures.scheduled_s > 0) {
    figures.availability_pct = 100.0 * (1.0 - static_cast<double>(figures.downtime_s) /
                                                  static_cast<double>(figures.scheduled_s));
  } else {
    figures.null_reason = null_reason(period, figures);
  }

  // Rules 7 and 8.
  thread_local std::vector<double> scratch;
  thread_local std::vector<std::uint64_t> counts;
  figures.latency_method = policy.percentile;
  figures.latency_n = samples.latency_n;
  if (figures.latency_n > 0) {
    figures.latency_avg_ms = samples.latency_sum / static_cast<double>(figures.latency_n);
    figures.latency_p95_ms = latency_percentile(samples.latencies, 95, policy.percentile, counts);
  }
  figures.loss_n = samples.loss_n;
  if (figures.loss_n > 0) {
    figures.loss_avg_pct = samples.loss_sum / static_cast<double>(figures.loss_n);
  }
  auto& traffic = figures.traffic;
  traffic.method = policy.percentile;
  traffic.in_slots = samples.in_rates.size();
  traffic.out_slots = samples.out_rates.size();
  traffic.in_bps = percentile(samples.in_rates, 95, policy.percentile, scratch);
  traffic.out_bps = percentile(samples.out_rates, 95, policy.percentile, scratch);
  if (traffic.in_bps || traffic.out_bps) {
    traffic.bps = std::max(traffic.in_bps.value_or(0), traffic.out_bps.value_or(0));
  }

  // Rule 9.
  const auto& commit = policy.commitments;
  if (figures.availability_pct &&
      !availability_at_least(figures.scheduled_s, figures.downtime_s, commit.uptime_pct)) {
    figures.breach.availability = true;
    figures.breach.details.push_back(
        fmt::format("availability {:.4f} % is below the committed {:.2f} %",
                    *figures.availability_pct, commit.uptime_pct));
  }
  if (figures.latency_avg_ms && *figures.latency_avg_ms > commit.latency_ms) {
    figures.breach.latency = true;
    figures.breach.details.push_back(
        fmt::format("mean latency {:.2f} ms is above the committed {:.2f} ms",
                    *figures.latency_avg_ms, commit.latency_ms));
  }
  if (figures.loss_avg_pct && *figures.loss_avg_pct > commit.loss_pct) {
    figures.breach.loss = true;
    figures.breach.details.push_back(
        fmt::format("mean loss {:.3f} % is above the committed {:.2f} %", *figures.loss_avg_pct,
                    commit.loss_pct));
  }

  // Rule 10.
  if (figures.scheduled_s > 0) {
    const Credit credit =
        compute_credit(policy, figures.scheduled_s, figures.downtime_s, period.days_in_month);
    figures.credit_pct = credit.pct;
    figures.credit_cents = credit.amount_cents;
    if (policy.credit.model == CreditModel::availability_days_of_rental ||
        policy.credit.model == CreditModel::days_per_started_hour) {
      figures.credit_days = credit.days;
    }
  }

  // Error budget: the rest of the period counts as up; only its schedule and maintenance matter.
  const TimeRange ahead{end, full.to};
  const auto scheduled_ahead = clip_ranges(scheduled_full, ahead);
  std::int64_t ahead_s = 0;
  for (const TimeRange& piece : scheduled_ahead) {
    ahead_s += piece.length_s();
  }
  if (removed) {
    ahead_s -= overlap_s(scheduled_ahead, maintenance_full);
  }
  const std::int64_t full_scheduled_s = figures.scheduled_s + ahead_s;
  if (full_scheduled_s > 0) {
    ErrorBudget budget;
    budget.as_of = end;
    budget.full_scheduled_s = full_scheduled_s;
    const std::int64_t allowed_micro = 100'000'000 - to_micro_pct(commit.uptime_pct);
    budget.allowed_s =
        static_cast<double>(full_scheduled_s) * static_cast<double>(allowed_micro) / 1e8;
    budget.left_s = budget.allowed_s - static_cast<double>(figures.downtime_s);
    budget.forecast_downtime_s = figures.scheduled_s > 0
                                     ? static_cast<double>(figures.downtime_s) *
                                           static_cast<double>(full_scheduled_s) /
                                           static_cast<double>(figures.scheduled_s)
                                     : static_cast<double>(figures.downtime_s);
    budget.forecast_left_s = budget.allowed_s - budget.forecast_downtime_s;
    budget.forecast_breach = budget.forecast_left_s < 0;
    figures.budget = budget;
  }
  return figures;
}

}  // namespace ill::sla
