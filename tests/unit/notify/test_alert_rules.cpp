// When alerts are raised and closed: after the raise delay, once per outage, recoveries after the
// hold-down, flaps inside it damped; and the month's thresholds.
#include "notify/alert_rules.hpp"

#include "core/format.hpp"

#include <catch2/catch.hpp>

using namespace ill::notify;
using ill::from_unix_seconds;

namespace {

constexpr std::chrono::seconds k_after{300};
constexpr std::chrono::seconds k_hold{600};

// Unix seconds as the rules' time.
std::chrono::sys_seconds at(std::int64_t t) { return from_unix_seconds(t); }

// Feeds sightings in order and collects the actions taken.
struct Watch {
  WatchState state;
  std::vector<Decision> actions;
  void see(Condition c, std::int64_t since, std::int64_t now) {
    auto d = decide(state, {c, at(since), at(now)}, k_after, k_hold);
    state = d.next;
    if (d.action != Action::none) actions.push_back(d);
  }
};

}  // namespace

TEST_CASE("a link down for less than the delay raises nothing", "[unit][notify]") {
  Watch w;
  w.see(Condition::bad, 1000, 1000);
  w.see(Condition::bad, 1000, 1299);
  w.see(Condition::good, 1299, 1400);
  w.see(Condition::good, 1299, 5000);
  CHECK(w.actions.empty());
  CHECK_FALSE(w.state.open);
}

TEST_CASE("an outage raises one alert, and its recovery one close with the outage's length",
          "[unit][notify]") {
  Watch w;
  w.see(Condition::bad, 1000, 1300);  // exactly the delay
  w.see(Condition::bad, 1000, 1400);
  w.see(Condition::bad, 1000, 9000);
  REQUIRE(w.actions.size() == 1);
  CHECK(w.actions[0].action == Action::raise);
  CHECK(w.actions[0].from == at(1000));
  w.see(Condition::good, 9100, 9100);
  w.see(Condition::good, 9100, 9699);  // not yet through the hold-down
  CHECK(w.actions.size() == 1);
  w.see(Condition::good, 9100, 9700);
  REQUIRE(w.actions.size() == 2);
  CHECK(w.actions[1].action == Action::close);
  CHECK(w.actions[1].from == at(1000));
  CHECK(w.actions[1].to == at(9100));
  w.see(Condition::good, 9100, 20000);
  CHECK(w.actions.size() == 2);
}

TEST_CASE("flapping inside the hold-down continues the alert it raised", "[unit][notify]") {
  Watch w;
  w.see(Condition::bad, 0, 400);
  for (std::int64_t t = 500; t < 5000; t += 200) {
    w.see(Condition::good, t, t + 50);
    w.see(Condition::bad, t + 100, t + 150);
  }
  REQUIRE(w.actions.size() == 1);
  CHECK(w.actions[0].action == Action::raise);
  w.see(Condition::good, 5000, 5600);
  REQUIRE(w.actions.size() == 2);
  CHECK(w.actions[1].from == at(0));  // the recovery spans the whole flapping episode
  CHECK(w.actions[1].to == at(5000));
}

TEST_CASE("unknown changes nothing", "[unit][notify]") {
  Watch w;
  w.see(Condition::bad, 0, 400);
  w.see(Condition::unknown, 500, 5000);
  CHECK(w.state.open);
  CHECK(w.actions.size() == 1);
}

TEST_CASE("a zero delay and hold-down raise and close at once", "[unit][notify]") {
  auto d = decide({}, {Condition::bad, at(10), at(10)}, {}, {});
  CHECK(d.action == Action::raise);
  auto up = decide(d.next, {Condition::good, at(20), at(20)}, {}, {});
  CHECK(up.action == Action::close);
  CHECK(up.to - up.from == std::chrono::seconds{10});
}

TEST_CASE("month thresholds: availability below the commitment, budget share used",
          "[unit][notify]") {
  // A 30-day month at 99.5 % allows 12,960 s of downtime.
  BudgetFigures f{
      .elapsed_s = 86400, .month_s = 30 * 86400, .downtime_s = 0, .committed_pct = 99.5};
  CHECK_FALSE(availability_below(f));
  CHECK_FALSE(budget_used(f, 80));
  f.downtime_s = 432;  // exactly 99.5 % of one day
  CHECK_FALSE(availability_below(f));
  f.downtime_s = 433;
  CHECK(availability_below(f));
  f.downtime_s = 10367;
  CHECK_FALSE(budget_used(f, 80));
  f.downtime_s = 10368;  // 80 % of 12,960
  CHECK(budget_used(f, 80));
  f.committed_pct = 100;  // no allowance: any downtime uses it up
  f.downtime_s = 1;
  CHECK(budget_used(f, 80));
}
