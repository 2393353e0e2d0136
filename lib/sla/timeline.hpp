// Observations -> the merged availability timeline, in batch and incrementally (sla.md rule 2).
//
// Coverage rule: an observation at t covers [t, t') where t' is the link's next observation when
// t' - t <= 2 x poll interval; otherwise it covers [t, t + interval) and [t + interval, t') is
// `unknown`. The last observation covers [t, t + interval) until a later one arrives. An explicit
// `unknown` observation covers like any other. Touching intervals of the same state are merged.
//
// Decisions where sla.md is silent:
// - Observations must be in non-decreasing time order; an observation earlier than the previous
//   one is an error (Errc::invalid_input). An observation at the same second as the previous one
//   is ignored (the first one seen wins), in both forms, so both forms agree.
// - The poll interval is the link's current one; it is applied to the whole history given.
// - The batch form without a window spans [first observation, last observation + interval); the
//   windowed form clips to [from, to) and fills the time before the first observation and after
//   the last coverage with `unknown`. No observations in a window: all of it is `unknown`.
// - Incremental form: the store keeps the merged intervals; the builder needs only the last stored
//   interval and the time of the last observation. Each new observation yields at most one change
//   to that last interval (its end moves: later on extension, or earlier when a gap truncates the
//   tentative [t, t + interval) coverage) and at most two appended intervals (an `unknown` gap and
//   the new observation's coverage). Applying the updates in order gives exactly the batch result.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"
#include "sla/observation.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace ill::sla {

// The timeline of `observations` (one link, time-ordered) under the coverage rule.
Result<std::vector<Interval>> build_timeline(std::span<const Observation> observations,
                                             std::chrono::seconds poll_interval);

// The same, clipped to `window` with `unknown` before the first and after the last coverage.
Result<std::vector<Interval>> build_timeline(std::span<const Observation> observations,
                                             std::chrono::seconds poll_interval, TimeRange window);

// Appends `interval` to a merged timeline, merging it with the last interval when they touch and
// share a state. Empty intervals are dropped. `timeline` must end at or before `interval.from`.
void append_merged(std::vector<Interval>& timeline, const Interval& interval);

// What the store must do after one more observation to keep its intervals merged.
struct TimelineUpdate {
  // The previously last interval with its new end (`from` and `state` unchanged; identify the
  // stored row by `from`). Empty optional: the last interval is unchanged.
  std::optional<Interval> changed_last;
  // New intervals to insert after it, in time order (0, 1 or 2).
  std::array<Interval, 2> appended_storage{};
  std::size_t appended_count = 0;

  std::span<const Interval> appended() const { return {appended_storage.data(), appended_count}; }
  bool empty() const { return !changed_last && appended_count == 0; }
};

// The collector's incremental timeline for one link.
class TimelineBuilder {
public:
  // A link with no stored history.
  explicit TimelineBuilder(std::chrono::seconds poll_interval);
  // Resumes from the store: `last` is the last stored interval and `last_observation` the time of
  // the observation whose tentative coverage ends it (normally last.to - poll interval).
  TimelineBuilder(std::chrono::seconds poll_interval, Interval last,
                  std::chrono::sys_seconds last_observation);

  // Takes the next observation. Fails on an observation earlier than the previous one and on a
  // non-positive poll interval; returns an empty update for one at the same second.
  Result<TimelineUpdate> push(const Observation& observation);

  // The last interval as the store now holds it, if any.
  const std::optional<Interval>& last() const { return m_last; }
  // The time of the last observation taken; none before the first.
  std::optional<std::chrono::sys_seconds> last_observation() const {
    if (!m_last) return std::nullopt;
    return m_last_t;
  }
  std::chrono::seconds interval() const { return m_interval; }

private:
  std::chrono::seconds m_interval;
  std::optional<Interval> m_last;
  std::chrono::sys_seconds m_last_t{};
};

}  // namespace ill::sla
