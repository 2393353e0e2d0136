// One link's SLA figures for one period (sla.md "ill's exact rules", rules 3-11).
//
// Inputs, all for one link:
// - `timeline`: merged intervals (sorted, non-overlapping; gaps in it count as `unknown`);
// - `maintenance`: planned windows in any order (merged and clipped here);
// - `samples`: observations in time order, for latency, loss and traffic; or, in the second form,
//   their summary (sample_summary.hpp) over sample_window()'s spans, as the store reads it;
// - `annotations`: operators' causes for outages;
// - `now`: when given and inside the period, the figures are month-to-date: everything is
//   measured on [period.from, now), and the error budget looks ahead to the period's end. Without
//   it (or with `now` past the end) the whole period is measured.
//
// Decisions where sla.md is silent (see also outage.hpp, policy.hpp, timeline.hpp, period.hpp):
// - Rule 3's "excluded_s ... (never counting unknown time)" is read as: excluded_s is the length
//   of the merged, clipped maintenance windows and nothing else; time that policy unknown =
//   excluded takes out of the schedule is never added to it (it stays in unknown_s). Unknown or
//   down time inside a window is part of excluded_s, not of unknown_s or downtime_s.
// - The identity the figures obey, under every policy (all outside maintenance unless named):
//     hours_s     = excluded_s + up_s + down_s + unknown_s     (down_s: all down time)
//     down_s      = counted outage down time + excused_s
//     scheduled_s = hours_s - [removed](excluded_s + excused_s) - [unknown = excluded] unknown_s
//     downtime_s  = counted outage down time + [unknown = down] unknown_s
//   hence scheduled_s - downtime_s = up_s + [available](excluded_s + excused_s)
//                                    + [unknown = not_down] unknown_s.
// - Time the timeline does not cover counts as `unknown`, like a gap between polls.
// - Merge gap: two outages merge only when everything between them is `up`, outside maintenance
//   and inside business hours; a gap with any unknown or maintenance in it never merges.
//   min_outage_s is compared with the outage's duration_s (end - start, merged gaps included);
//   an outage of exactly min_outage_s counts. MTTR is the mean duration_s of counted outages.
// - Latency and loss: a sample is inside the period when period.from <= t < end; `up` is the
//   sample's own state (not the timeline's). With business hours, only samples inside them count.
//   Loss has a mean only (sla.md asks for no loss percentile). The p95 is over the latencies
//   rounded to 0.1 ms (see sample_summary.hpp for why); the mean is exact.
// - Traffic (rule 8): every sample inside the period with a rate counts, whatever its state (a
//   down link's 0 bps is a value); "in" is rx_bps, "out" is tx_bps. A slot that straddles the
//   period's edge (only in zones whose offset is not a multiple of 5 minutes) uses only the
//   samples inside the period. n is the number of slots with a value, so gaps shrink n (ill
//   reports n beside the figure, as sla.md asks). policy.percentile selects the method for latency
//   p95 and traffic p95 alike (default nearest rank, as the rules say).
// - Breach (rule 9) compares availability exactly (integers, see policy.hpp); latency and loss
//   compare the double means with the commitments.
// - Rule 11 reasons: "the link was activated on <date>, after this period", "the period has not
//   started", "no business hours fall in this period", "all of this period's time is excluded".
//   Breach.availability is false then (a null figure is not a breach); the error budget still
//   exists whenever the whole period schedules anything.
// - Error budget: see ErrorBudget in month_figures.hpp. Month to date, the time after `now` is
//   assumed up; only business hours and (under `removed`) maintenance windows shape it.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"
#include "sla/month_figures.hpp"
#include "sla/observation.hpp"
#include "sla/outage.hpp"
#include "sla/period.hpp"
#include "sla/policy.hpp"
#include "sla/sample_summary.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <vector>

namespace ill::sla {

// The spans a period's samples are summarised over: traffic over `measured` (the period, cut at
// `now`), latency and loss over `scheduled` (its business hours, or all of it), sorted and
// disjoint.
struct SampleWindow {
  TimeRange measured;
  std::vector<TimeRange> scheduled;
};
SampleWindow sample_window(const Period& period, const Policy& policy,
                           std::optional<std::chrono::sys_seconds> now = std::nullopt);

Result<MonthFigures> calculate(const Period& period, std::span<const Interval> timeline,
                               std::span<const TimeRange> maintenance, const SampleSummary& samples,
                               std::span<const Annotation> annotations, const Policy& policy,
                               std::optional<std::chrono::sys_seconds> now = std::nullopt);

// The same from the observations themselves: summarises them over sample_window() first.
Result<MonthFigures> calculate(const Period& period, std::span<const Interval> timeline,
                               std::span<const TimeRange> maintenance,
                               std::span<const Observation> samples,
                               std::span<const Annotation> annotations, const Policy& policy,
                               std::optional<std::chrono::sys_seconds> now = std::nullopt);

}  // namespace ill::sla
