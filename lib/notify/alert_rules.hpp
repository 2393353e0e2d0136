// When illd raises and closes an alert (pure: values in, a decision out; no clock, no store).
//
// Decisions, written down once:
// - A subject (a link, a router) is watched for one bad condition (down, unreachable). An alert
//   is raised when the condition has held for `raise_after` without a break; shorter outages
//   raise nothing. The alert is then open, remembering when the condition began.
// - An open alert is closed (the recovery is announced, with the outage length from the
//   condition's start to the first good observation) only after the subject has been good for
//   `hold_down` without a break. A relapse within the hold-down continues the same alert: a
//   flapping link raises one alert and one recovery, not one per flap.
// - `unknown` (the subject cannot be seen, e.g. a link behind an unreachable router) changes
//   nothing: the router's own alert covers it.
// - Thresholds (month-to-date availability below the commitment, the error budget used past a
//   share) are raised once per link and month, and never closed: they become true only once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace ill::notify {

enum class Condition { good, bad, unknown };

struct WatchState {
  bool open = false;
  std::optional<std::chrono::sys_seconds> opened_from;  // when the open alert's condition began
  bool operator==(const WatchState&) const = default;
};

struct Sighting {
  Condition condition = Condition::unknown;
  std::chrono::sys_seconds since{};  // when the current condition began
  std::chrono::sys_seconds now{};
};

enum class Action { none, raise, close };

struct Decision {
  Action action = Action::none;
  std::chrono::sys_seconds from{};  // raise: condition start; close: the outage's start
  std::chrono::sys_seconds to{};    // close: the outage's end (first good observation)
  WatchState next;
};

Decision decide(const WatchState& state, const Sighting& sighting, std::chrono::seconds raise_after,
                std::chrono::seconds hold_down);

// Month-to-date figures of one link, and the thresholds they cross.
struct BudgetFigures {
  std::int64_t elapsed_s = 0;   // scheduled time of the month so far
  std::int64_t month_s = 0;     // scheduled time of the whole month
  std::int64_t downtime_s = 0;  // down so far
  double committed_pct = 99.5;
};

// Availability so far below the commitment.
bool availability_below(const BudgetFigures& f);
// Downtime so far at least `share_pct` of what the commitment allows for the whole month.
bool budget_used(const BudgetFigures& f, int share_pct);

}  // namespace ill::notify
