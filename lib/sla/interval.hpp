// The availability timeline's building blocks: a link's state over a half-open span of UTC time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ill::sla {

// What ill knew about a link at an instant: `up` (interface running, probe answered), `down`
// (interface not running, or 100 % probe loss), `unknown` (ill could not see the link).
enum class State : std::uint8_t { up, down, unknown };

// "up", "down", "unknown", and back: the one text form of a state (the store's column, JSON,
// CSV). Anything else is none.
std::string_view to_string(State state);
std::optional<State> state_from_string(std::string_view text);

// A half-open span of UTC time, [from, to). Empty when to <= from.
struct TimeRange {
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;

  std::int64_t length_s() const { return to > from ? (to - from).count() : 0; }
  bool empty() const { return to <= from; }
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// One piece of the timeline: the link was in `state` throughout [from, to).
// A stored timeline is merged: sorted, non-overlapping, and no two touching intervals share a
// state.
struct Interval {
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  State state = State::unknown;

  std::int64_t length_s() const { return to > from ? (to - from).count() : 0; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

}  // namespace ill::sla
