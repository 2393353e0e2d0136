// Time windows: when a link is down, a router unreachable, a ping target degraded. A window is
// either periodic (every/for/offset, anchored at the Unix epoch so live mode and history mode
// agree) or absolute (from/to).
#pragma once

#include "sim/sim_time.hpp"

#include <vector>

namespace ill::sim {

struct Interval {
  TimeMs from = 0;
  TimeMs to = 0;  // exclusive
  bool operator==(const Interval&) const = default;
};

struct Window {
  enum class Kind { periodic, absolute };
  Kind kind = Kind::absolute;
  // periodic: active during [k*every + offset, k*every + offset + length) for every integer k.
  DurationMs every = 0;
  DurationMs length = 0;
  DurationMs offset = 0;
  // absolute: active during [from, to).
  TimeMs from = 0;
  TimeMs to = 0;

  static Window periodic(DurationMs every, DurationMs length, DurationMs offset = 0);
  static Window absolute(TimeMs from, TimeMs to);

  bool active(TimeMs t) const;
  // The occurrence containing t (only meaningful when active(t)).
  Interval occurrence(TimeMs t) const;
  // The end of the latest occurrence that ended at or before t, if any.
  bool last_end(TimeMs t, TimeMs& out) const;
  // Appends the parts of this window's occurrences that overlap [a, b), clipped to it.
  void collect(TimeMs a, TimeMs b, std::vector<Interval>& out) const;
};

class Schedule {
public:
  Schedule() = default;
  explicit Schedule(std::vector<Window> windows) : m_windows(std::move(windows)) {}
  void add(Window window) { m_windows.push_back(window); }
  bool empty() const { return m_windows.empty(); }
  const std::vector<Window>& windows() const { return m_windows; }

  bool active(TimeMs t) const;
  // Every active stretch overlapping [a, b), clipped, sorted and merged.
  std::vector<Interval> intervals(TimeMs a, TimeMs b) const;
  // The latest end of any occurrence at or before t, if any.
  bool last_end(TimeMs t, TimeMs& out) const;
  // The active stretch containing t (merged over all windows), if any.
  bool active_interval(TimeMs t, Interval& out) const;

private:
  std::vector<Window> m_windows;
};

// Sorts and merges overlapping or touching intervals in place.
void merge_intervals(std::vector<Interval>& intervals);

}  // namespace ill::sim
