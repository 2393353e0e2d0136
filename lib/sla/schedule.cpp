#include "sla/schedule.hpp"

#include "sla/period.hpp"

#include <algorithm>

namespace ill::sla {

namespace {

void append_range(std::vector<TimeRange>& ranges, TimeRange range) {
  if (range.empty()) {
    return;
  }
  if (!ranges.empty() && ranges.back().to >= range.from) {
    ranges.back().to = std::max(ranges.back().to, range.to);
    return;
  }
  ranges.push_back(range);
}

}  // namespace

std::vector<TimeRange> scheduled_ranges(TimeRange range, const date::time_zone* zone,
                                        const std::optional<BusinessHours>& hours) {
  std::vector<TimeRange> ranges;
  if (range.empty()) {
    return ranges;
  }
  if (!hours) {
    ranges.push_back(range);
    return ranges;
  }
  // Walk the local days that touch the range, from the day before its start (zones west of UTC
  // can put part of a local day's hours before the UTC midnight) to the day of its end.
  const auto first = date::floor<date::days>(zone->to_local(range.from)) - date::days{1};
  const auto last = date::floor<date::days>(zone->to_local(range.to));
  for (auto day = first; day <= last; day += date::days{1}) {
    const date::weekday weekday{day};
    if (!hours->weekdays[weekday.c_encoding()]) {
      continue;
    }
    const auto local_start = date::local_seconds{day} + hours->start;
    const auto local_end = date::local_seconds{day} + hours->end;
    const auto start = std::chrono::time_point_cast<std::chrono::seconds>(
        zone->to_sys(local_start, date::choose::earliest));
    const auto end = std::chrono::time_point_cast<std::chrono::seconds>(
        zone->to_sys(local_end, date::choose::earliest));
    append_range(ranges, {std::max(start, range.from), std::min(end, range.to)});
  }
  return ranges;
}

std::vector<TimeRange> merge_windows(std::span<const TimeRange> windows, TimeRange clip) {
  std::vector<TimeRange> sorted;
  sorted.reserve(windows.size());
  for (const TimeRange& window : windows) {
    TimeRange clipped{std::max(window.from, clip.from), std::min(window.to, clip.to)};
    if (!clipped.empty()) {
      sorted.push_back(clipped);
    }
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
  std::vector<TimeRange> merged;
  merged.reserve(sorted.size());
  for (const TimeRange& window : sorted) {
    append_range(merged, window);
  }
  return merged;
}

std::vector<TimeRange> clip_ranges(std::span<const TimeRange> ranges, TimeRange clip) {
  std::vector<TimeRange> clipped;
  for (const TimeRange& range : ranges) {
    TimeRange piece{std::max(range.from, clip.from), std::min(range.to, clip.to)};
    if (!piece.empty()) {
      clipped.push_back(piece);
    }
  }
  return clipped;
}

std::int64_t overlap_s(std::span<const TimeRange> a, std::span<const TimeRange> b) {
  std::int64_t total = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const auto from = std::max(a[i].from, b[j].from);
    const auto to = std::min(a[i].to, b[j].to);
    if (to > from) {
      total += (to - from).count();
    }
    if (a[i].to < b[j].to) {
      ++i;
    } else {
      ++j;
    }
  }
  return total;
}

}  // namespace ill::sla
