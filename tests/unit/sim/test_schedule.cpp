#include "sim/schedule.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

TEST_CASE("periodic windows repeat from the epoch with an offset", "[unit][sim]") {
  auto w = Window::periodic(k_hour, 5 * k_minute, 30 * k_minute);
  CHECK_FALSE(w.active(0));
  CHECK(w.active(30 * k_minute));
  CHECK(w.active(34 * k_minute + 59999));
  CHECK_FALSE(w.active(35 * k_minute));
  CHECK(w.active(10 * k_hour + 31 * k_minute));
  CHECK(w.active(-30 * k_minute + 1));  // before the epoch too

  std::vector<Interval> out;
  w.collect(0, 3 * k_hour, out);
  REQUIRE(out.size() == 3);
  CHECK(out[0] == Interval{30 * k_minute, 35 * k_minute});
  CHECK(out[2] == Interval{2 * k_hour + 30 * k_minute, 2 * k_hour + 35 * k_minute});
  out.clear();
  w.collect(32 * k_minute, 33 * k_minute, out);  // clipped
  REQUIRE(out.size() == 1);
  CHECK(out[0] == Interval{32 * k_minute, 33 * k_minute});
}

TEST_CASE("absolute windows and merged schedules", "[unit][sim]") {
  Schedule s;
  s.add(Window::absolute(1000, 5000));
  s.add(Window::absolute(4000, 9000));
  s.add(Window::absolute(20000, 21000));
  CHECK(s.active(1000));
  CHECK_FALSE(s.active(9000));
  auto merged = s.intervals(0, 100000);
  REQUIRE(merged.size() == 2);
  CHECK(merged[0] == Interval{1000, 9000});
  Interval i;
  REQUIRE(s.active_interval(4500, i));
  CHECK(i == Interval{1000, 9000});
  CHECK_FALSE(s.active_interval(10000, i));
}

TEST_CASE("the occurrence around a time and the last one before it", "[unit][sim]") {
  auto w = Window::periodic(k_minute, 10 * k_second, 5 * k_second);
  CHECK(w.occurrence(10 * k_minute + 7 * k_second) ==
        Interval{10 * k_minute + 5 * k_second, 10 * k_minute + 15 * k_second});
  TimeMs end = 0;
  REQUIRE(w.last_end(10 * k_minute + 7 * k_second, end));
  CHECK(end == 9 * k_minute + 15 * k_second);
  REQUIRE(w.last_end(10 * k_minute + 15 * k_second, end));
  CHECK(end == 10 * k_minute + 15 * k_second);

  // Touching windows chain into one stretch, found without enumerating a year of minutes.
  Schedule s;
  s.add(Window::periodic(k_minute, 10 * k_second, 5 * k_second));
  s.add(Window::absolute(10 * k_minute + 15 * k_second, 10 * k_minute + 30 * k_second));
  Interval i;
  REQUIRE(s.active_interval(10 * k_minute + 20 * k_second, i));
  CHECK(i == Interval{10 * k_minute + 5 * k_second, 10 * k_minute + 30 * k_second});
  CHECK_FALSE(s.active_interval(10 * k_minute + 40 * k_second, i));
}
