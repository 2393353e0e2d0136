// Which time of a period is scheduled (business hours) and which is maintenance (rule 3).
#pragma once

#include "sla/interval.hpp"
#include "sla/policy.hpp"

#include <date/tz.h>

#include <optional>
#include <span>
#include <vector>

namespace ill::sla {

// The scheduled part of `range`: all of it without business hours; otherwise the local hours
// [start, end) of the listed weekdays in `zone`, clipped to `range`. Sorted, disjoint, merged.
std::vector<TimeRange> scheduled_ranges(TimeRange range, const date::time_zone* zone,
                                        const std::optional<BusinessHours>& hours);

// `windows` merged (overlapping or touching ones become one) and clipped to `clip`: sorted,
// disjoint, non-empty. The input may be in any order.
std::vector<TimeRange> merge_windows(std::span<const TimeRange> windows, TimeRange clip);

// The parts of sorted, disjoint `ranges` inside `clip`.
std::vector<TimeRange> clip_ranges(std::span<const TimeRange> ranges, TimeRange clip);

// Total length of the intersection of two sorted, disjoint lists.
std::int64_t overlap_s(std::span<const TimeRange> a, std::span<const TimeRange> b);

}  // namespace ill::sla
