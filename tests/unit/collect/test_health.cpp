// illd's health verdict: what stops the watchdog, what only turns /healthz to 503.
#include "collect/health.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::collect::assess_health;
using ill::collect::HealthInputs;

namespace {

// A daemon that turned a moment ago, polling every 60 s and on time.
HealthInputs fresh() {
  HealthInputs in;
  in.now = std::chrono::steady_clock::time_point(10'000s);
  in.interval = 60s;
  in.writer_progress = in.now - 3s;
  in.collector_tick = in.now - 1s;
  in.collector_lag = 200ms;
  return in;
}

}  // namespace

TEST_CASE("health: a daemon that turns and writes is alive and healthy", "[unit][collect]") {
  auto verdict = assess_health(fresh());
  CHECK(verdict.alive);
  CHECK(verdict.healthy);
  CHECK(verdict.reason.empty());
}

TEST_CASE("health: a wedged thread withholds the watchdog", "[unit][collect]") {
  auto in = fresh();
  SECTION("the writer") {
    in.writer_progress = in.now - 121s;
    auto verdict = assess_health(in);
    CHECK_FALSE(verdict.alive);
    CHECK_FALSE(verdict.healthy);
    CHECK_THAT(verdict.reason, Contains("writer thread has made no progress for 121 s"));
  }
  SECTION("the collector") {
    in.collector_tick = in.now - 31s;
    auto verdict = assess_health(in);
    CHECK_FALSE(verdict.alive);
    CHECK_THAT(verdict.reason, Contains("collector thread has made no progress for 31 s"));
  }
  SECTION("a slow write or a long expiry pass is not a wedge") {
    in.writer_progress = in.now - 119s;
    in.collector_tick = in.now - 29s;
    CHECK(assess_health(in).alive);
  }
}

TEST_CASE("health: a failing store and late polls are reported, the watchdog still pinged",
          "[unit][collect]") {
  auto in = fresh();
  SECTION("writes refused for more than two intervals") {
    in.writer_failing_since = in.now - 121s;
    in.writer_failure = "database or disk is full";
    auto verdict = assess_health(in);
    CHECK(verdict.alive);
    CHECK_FALSE(verdict.healthy);
    CHECK_THAT(verdict.reason, Contains("refused writes for 121 s: database or disk is full"));
  }
  SECTION("a short failure, retried, is not yet worth a 503") {
    in.writer_failing_since = in.now - 119s;
    CHECK(assess_health(in).healthy);
  }
  SECTION("polls more than one interval behind their slots") {
    in.collector_lag = 61s;
    auto verdict = assess_health(in);
    CHECK(verdict.alive);
    CHECK_FALSE(verdict.healthy);
    CHECK_THAT(verdict.reason, Contains("61.0 s behind their slots (interval 60 s)"));
  }
  SECTION("every reason is given") {
    in.collector_lag = 90s;
    in.writer_progress = in.now - 200s;
    auto verdict = assess_health(in);
    CHECK_THAT(verdict.reason, Contains("writer thread") && Contains("behind their slots"));
  }
}
