// Outages and their causes (sla.md rule 6 and "Counting downtime").
//
// Decisions where sla.md is silent:
// - One list, `MonthFigures::outages`, sorted by start, holds three kinds of entries:
//   * outages proper (rule 6): maximal down intervals outside maintenance, inside the period (and
//     the business hours, when set), after `merge_gap_s`. Their cause is `provider` unless an
//     annotation says otherwise. `is_downtime` is true when the policy counts their cause;
//     `counted` when, in addition, they last at least `min_outage_s` (only those enter
//     outage_count, MTTR and longest). An outage whose cause does not count is listed, and its down
//     time goes to `excused_s` instead of `downtime_s`.
//   * `planned` entries: down intervals inside a maintenance window. Listed so a report can show
//     what happened during the window; never downtime (rule 3), never counted.
//   * `monitoring` entries: unknown intervals outside maintenance (ill's own blind spots). Never
//     counted as outages (rule 6); `is_downtime` only under policy unknown = down, where their
//     time is part of downtime_s (rule 4).
// - Annotations apply to outages proper only. An annotation applies to every outage it overlaps
//   (one annotation can cover a flapping series); when several overlap one outage, the one with
//   the largest overlap wins, ties to the one listed first. An annotation that overlaps no outage
//   has no effect.
// - `planned` and `monitoring` as annotation causes are allowed (an unannounced emergency window,
//   a false alarm of ill's own); whether they count is the policy's, like any cause.
#pragma once

#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ill::sla {

enum class Cause : std::uint8_t { provider, customer, planned, power, monitoring };
inline constexpr std::size_t k_cause_count = 5;

std::string_view to_string(Cause cause);

// An operator's statement about an outage: its span, what caused it, and why.
struct Annotation {
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  Cause cause = Cause::provider;
  std::string note;
};

struct Outage {
  std::chrono::sys_seconds start;
  std::chrono::sys_seconds end;
  // end - start; for a merged outage this includes the all-up gaps it spans.
  std::int64_t duration_s = 0;
  // The down (or, for `monitoring`, unknown) seconds inside it; excludes merged gaps.
  std::int64_t down_s = 0;
  Cause cause = Cause::provider;
  bool annotated = false;
  std::string note;
  // Its `down_s` is part of downtime_s.
  bool is_downtime = false;
  // It enters outage_count, MTTR and longest.
  bool counted = false;

  friend bool operator==(const Outage&, const Outage&) = default;
};

}  // namespace ill::sla
