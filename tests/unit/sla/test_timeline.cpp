#include "sla/timeline.hpp"

#include "sla_test_support.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace ill::sla;
using std::chrono::seconds;

namespace {

std::chrono::sys_seconds at(std::int64_t s) { return std::chrono::sys_seconds{seconds{s}}; }

Observation obs(std::int64_t s, State state) { return Observation{at(s), state, {}, {}, {}, {}}; }

Interval iv(std::int64_t from, std::int64_t to, State state) {
  return Interval{at(from), at(to), state};
}

// Applies incremental updates the way the store does: rewrite the last row, insert new rows.
void apply_update(std::vector<Interval>& store, const TimelineUpdate& update) {
  if (update.changed_last) {
    REQUIRE_FALSE(store.empty());
    REQUIRE(store.back().from == update.changed_last->from);
    REQUIRE(store.back().state == update.changed_last->state);
    store.back() = *update.changed_last;
  }
  for (const Interval& interval : update.appended()) {
    REQUIRE((store.empty() || store.back().to <= interval.from));
    store.push_back(interval);
  }
}

}  // namespace

TEST_CASE("polls 61 s and 119 s apart stay covered at a 60 s interval", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(61, State::up), obs(180, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(0, 240, State::up)});
}

TEST_CASE("polls 121 s apart leave a gap of unknown", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(121, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(0, 60, State::up), iv(60, 121, State::unknown),
                                           iv(121, 181, State::up)});
}

TEST_CASE("state changes split the timeline and equal states merge", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(60, State::down),
                                        obs(120, State::down), obs(180, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(0, 60, State::up), iv(60, 180, State::down),
                                           iv(180, 240, State::up)});
}

TEST_CASE("an explicit unknown observation covers like any other", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(60, State::unknown),
                                        obs(120, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(0, 60, State::up), iv(60, 120, State::unknown),
                                           iv(120, 180, State::up)});
}

TEST_CASE("a second observation at the same second is ignored", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(0, State::down), obs(60, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(0, 120, State::up)});
}

TEST_CASE("observations out of order are rejected", "[unit][sla]") {
  std::vector<Observation> observations{obs(60, State::up), obs(0, State::up)};
  auto timeline = build_timeline(observations, seconds{60});
  REQUIRE_FALSE(timeline);
  CHECK(timeline.error().category() == ill::Errc::invalid_input);
  CHECK_FALSE(build_timeline(observations, seconds{0}));
}

TEST_CASE("a window is unknown before the first and after the last coverage", "[unit][sla]") {
  std::vector<Observation> observations{obs(0, State::up), obs(60, State::up)};
  auto timeline = build_timeline(observations, seconds{60}, TimeRange{at(-100), at(500)});
  REQUIRE(timeline);
  CHECK(*timeline == std::vector<Interval>{iv(-100, 0, State::unknown), iv(0, 120, State::up),
                                           iv(120, 500, State::unknown)});

  auto clipped = build_timeline(observations, seconds{60}, TimeRange{at(30), at(90)});
  REQUIRE(clipped);
  CHECK(*clipped == std::vector<Interval>{iv(30, 90, State::up)});

  auto empty = build_timeline({}, seconds{60}, TimeRange{at(0), at(500)});
  REQUIRE(empty);
  CHECK(*empty == std::vector<Interval>{iv(0, 500, State::unknown)});
}

TEST_CASE("the incremental timeline extends, closes and inserts gaps", "[unit][sla]") {
  TimelineBuilder builder{seconds{60}};

  auto first = builder.push(obs(0, State::up));
  REQUIRE(first);
  CHECK_FALSE(first->changed_last);
  REQUIRE(first->appended().size() == 1);
  CHECK(first->appended()[0] == iv(0, 60, State::up));

  auto early = builder.push(obs(30, State::up));  // jitter: shortens the tentative coverage
  REQUIRE(early);
  CHECK(early->changed_last == iv(0, 90, State::up));
  CHECK(early->appended().empty());

  auto change = builder.push(obs(90, State::down));
  REQUIRE(change);
  CHECK(change->changed_last == iv(0, 90, State::up));
  REQUIRE(change->appended().size() == 1);
  CHECK(change->appended()[0] == iv(90, 150, State::down));

  auto gap = builder.push(obs(400, State::up));  // 310 s > 2 x 60 s
  REQUIRE(gap);
  CHECK_FALSE(gap->changed_last);
  REQUIRE(gap->appended().size() == 2);
  CHECK(gap->appended()[0] == iv(150, 400, State::unknown));
  CHECK(gap->appended()[1] == iv(400, 460, State::up));

  auto duplicate = builder.push(obs(400, State::down));
  REQUIRE(duplicate);
  CHECK(duplicate->empty());

  CHECK_FALSE(builder.push(obs(399, State::up)));
}

TEST_CASE("the incremental timeline resumes from the last stored interval", "[unit][sla]") {
  TimelineBuilder builder{seconds{60}, iv(0, 120, State::up), at(60)};
  auto update = builder.push(obs(150, State::up));
  REQUIRE(update);
  CHECK(update->changed_last == iv(0, 210, State::up));
  CHECK(update->appended().empty());
}

TEST_CASE("the incremental timeline equals the batch timeline", "[unit][sla]") {
  std::mt19937_64 random{20260401};
  for (int round = 0; round < 300; ++round) {
    const std::int64_t interval = std::uniform_int_distribution<std::int64_t>{1, 120}(random);
    std::uniform_int_distribution<int> pick{0, 99};
    std::vector<Observation> observations;
    std::int64_t t = std::uniform_int_distribution<std::int64_t>{-100'000, 100'000}(random);
    const int n = std::uniform_int_distribution<int>{0, 400}(random);
    for (int i = 0; i < n; ++i) {
      const int step_kind = pick(random);
      if (step_kind < 5) {
        t += 0;  // duplicate timestamp
      } else if (step_kind < 15) {
        t += std::uniform_int_distribution<std::int64_t>{2 * interval + 1, 20 * interval}(random);
      } else {
        t += std::uniform_int_distribution<std::int64_t>{1, 2 * interval}(random);
      }
      const int state_kind = pick(random);
      const State state = state_kind < 70   ? State::up
                          : state_kind < 90 ? State::down
                                            : State::unknown;
      observations.push_back(obs(t, state));
    }
    auto batch = build_timeline(observations, seconds{interval});
    REQUIRE(batch);

    // Every push, and also a resume from the store halfway through.
    std::vector<Interval> store;
    TimelineBuilder builder{seconds{interval}};
    std::int64_t last_t = 0;
    for (std::size_t i = 0; i < observations.size(); ++i) {
      if (i == observations.size() / 2 && builder.last()) {
        builder = TimelineBuilder{seconds{interval}, *builder.last(), at(last_t)};
      }
      auto update = builder.push(observations[i]);
      REQUIRE(update);
      apply_update(store, *update);
      last_t = observations[i].t.time_since_epoch().count();
    }
    REQUIRE(store == *batch);
    for (std::size_t i = 1; i < store.size(); ++i) {
      REQUIRE(store[i - 1].to == store[i].from);      // contiguous
      REQUIRE(store[i - 1].state != store[i].state);  // merged
    }
  }
}
