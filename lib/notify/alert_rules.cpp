#include "notify/alert_rules.hpp"

namespace ill::notify {

Decision decide(const WatchState& state, const Sighting& s, std::chrono::seconds raise_after,
                std::chrono::seconds hold_down) {
  Decision d;
  d.next = state;
  switch (s.condition) {
  case Condition::bad:
    if (!state.open && s.now - s.since >= raise_after) {
      d.action = Action::raise;
      d.from = s.since;
      d.next = {true, s.since};
    }
    break;
  case Condition::good:
    if (state.open && s.now - s.since >= hold_down) {
      d.action = Action::close;
      d.from = state.opened_from.value_or(s.since);
      d.to = s.since;
      d.next = {false, std::nullopt};
    }
    break;
  case Condition::unknown: break;
  }
  return d;
}

bool availability_below(const BudgetFigures& f) {
  if (f.elapsed_s <= 0) return false;
  const double availability =
      100.0 * static_cast<double>(f.elapsed_s - f.downtime_s) / static_cast<double>(f.elapsed_s);
  return availability < f.committed_pct;
}

bool budget_used(const BudgetFigures& f, int share_pct) {
  const double allowed = static_cast<double>(f.month_s) * (100.0 - f.committed_pct) / 100.0;
  if (allowed <= 0) return f.downtime_s > 0;
  return static_cast<double>(f.downtime_s) >= allowed * share_pct / 100.0;
}

}  // namespace ill::notify
