// One link's SLA figures for one period (sla.md "ill's exact rules", rules 3-11).
//
// Inputs, all for one link:
// - `timeline`: merged intervals (sorted, non-overlapping; gaps in it count as `unknown`);
// - `maintenance`: planned windows in any order (merged and clipped here);
// - `samples`: observations in time order, for latency, loss and traffic;
// - `annotations`: operators' causes for outages;
// - `now`: when given and inside the period, the figures are month-to-date: everything is
//   measured on [period.from, now), and the error budget looks ahead to the period's end. Without
//   it (or with `now` past the end) the whole period is measured.
//
// Decisions where sla.md is silent (see also outage.hpp, policy.hpp, timeline.hpp, period.hpp):
// - The identity the figures obey, under every policy (all outside maintenance unless named):
//     hours_s     = excluded_s + up_s + down_s + unknown_s     (down_s: all down time)
//     down_s      = counted outage down time + excused_s
//     scheduled_s = hours_s - [removed](excluded_s + excused_s) - [unknown = excluded] unknown_s
//     downtime_s  = counted outage down time + [unknown = down] unknown_s
// - Merge gap: two outages merge only when everything between them is `up`, outside maintenance
//   and inside business hours; a gap with any unknown or maintenance in it never merges.
//   min_outage_s is compared with the outage's duration_s (end - start, merged gaps included).
// - Latency and loss: a sample is inside the period when period.from <= t < end; state `up` is the
//   sample's own state (not the timeline's). With business hours, only samples inside them count.
//   Loss has a mean only (sla.md asks for no loss percentile).
// - Traffic (rule 8): every sample inside the period with a rate counts, whatever its state (a
//   down link's 0 bps is a value). A slot that straddles the period's edge (possible only in zones
//   with an offset that is not a multiple of 5 minutes) uses only the samples inside the period.
//   policy.percentile selects the method for latency p95 and traffic p95 alike (default
//   nearest rank, as the rules say).
// - Rule 11 reasons: "the link was activated on <date>, after this period", "the period has not
//   started", "no business hours fall in this period", "all of this period's time is excluded".
// - Error budget: see ErrorBudget in month_figures.hpp.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"
#include "sla/month_figures.hpp"
#include "sla/observation.hpp"
#include "sla/outage.hpp"
#include "sla/period.hpp"
#include "sla/policy.hpp"

#include <chrono>
#include <optional>
#include <span>

namespace ill::sla {

Result<MonthFigures> calculate(const Period& period, std::span<const Interval> timeline,
                               std::span<const TimeRange> maintenance,
                               std::span<const Observation> samples,
                               std::span<const Annotation> annotations, const Policy& policy,
                               std::optional<std::chrono::sys_seconds> now = std::nullopt);

}  // namespace ill::sla
