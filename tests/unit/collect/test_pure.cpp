#include "collect/backoff.hpp"
#include "collect/counter_rate.hpp"
#include "collect/schedule.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace ill::collect;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {
CounterReading reading(int at_s, std::uint64_t rx, std::uint64_t tx, int uptime_s) {
  return {std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000 + at_s)), rx, tx,
          std::chrono::seconds(uptime_s)};
}
}  // namespace

TEST_CASE("a counter delta over 60 s gives bits per second", "[unit][collect]") {
  auto rate =
      rate_between(reading(0, 1'000, 2'000, 100), reading(60, 1'000 + 7'500'000, 2'000 + 750, 160));
  REQUIRE(rate);
  CHECK(rate->rx_bps == Approx(1'000'000.0));  // 7.5 MB * 8 / 60 s
  CHECK(rate->tx_bps == Approx(100.0));
}

TEST_CASE("64-bit counters beyond 2^32 give exact rates", "[unit][collect]") {
  std::uint64_t big = 0xFFFF'FFFF'0000'0000ULL;
  auto rate = rate_between(reading(0, big, big, 10), reading(10, big + 1'250'000'000ULL, big, 20));
  REQUIRE(rate);
  CHECK(rate->rx_bps == Approx(1e9));
  CHECK(rate->tx_bps == 0);
}

TEST_CASE("a counter going backwards is a reset, not a negative rate", "[unit][collect]") {
  CHECK_FALSE(rate_between(reading(0, 5'000, 5'000, 100), reading(60, 4'000, 6'000, 160)));
  CHECK_FALSE(rate_between(reading(0, 5'000, 5'000, 100), reading(60, 6'000, 4'000, 160)));
}

TEST_CASE("uptime going backwards is a reboot even when counters grew", "[unit][collect]") {
  CHECK_FALSE(
      rate_between(reading(0, 5'000, 5'000, 100'000), reading(60, 9'000'000, 9'000'000, 30)));
}

TEST_CASE("readings at the same instant or an absurd rate give no rate", "[unit][collect]") {
  CHECK_FALSE(rate_between(reading(0, 0, 0, 1), reading(0, 10, 10, 1)));
  CHECK_FALSE(rate_between(reading(0, 0, 0, 1), reading(1, 1ULL << 62, 0, 2)));
}

TEST_CASE("backoff doubles up to its cap and starts over after a success", "[unit][collect]") {
  Backoff b(BackoffPolicy{.initial = 1'000ms, .cap = 8'000ms, .factor = 2.0, .jitter = 0.0});
  CHECK(b.next_delay() == 1'000ms);
  CHECK(b.next_delay() == 2'000ms);
  CHECK(b.next_delay() == 4'000ms);
  CHECK(b.next_delay() == 8'000ms);
  CHECK(b.next_delay() == 8'000ms);
  b.reset();
  CHECK(b.next_delay() == 1'000ms);
}

TEST_CASE("backoff jitter stays within its band and never passes the cap", "[unit][collect]") {
  Backoff b(BackoffPolicy{.initial = 10'000ms, .cap = 300'000ms, .factor = 2.0, .jitter = 0.2}, 42);
  auto first = b.next_delay();
  CHECK(first >= 8'000ms);
  CHECK(first <= 12'000ms);
  for (int i = 0; i < 20; ++i) CHECK(b.next_delay() <= 300'000ms);
  Backoff other(BackoffPolicy{.initial = 10'000ms, .cap = 300'000ms, .factor = 2.0, .jitter = 0.2},
                43);
  CHECK(other.next_delay() != first);  // different routers retry at different moments
}

TEST_CASE("poll slots are stable per router and spread over the interval", "[unit][collect]") {
  CHECK(slot_offset("gw1", 60s) == slot_offset("gw1", 60s));
  std::map<int, int> per_ten_seconds;
  for (int i = 0; i < 6000; ++i) {
    auto offset = slot_offset("router-" + std::to_string(i), 60s);
    REQUIRE(offset >= 0ms);
    REQUIRE(offset < 60'000ms);
    ++per_ten_seconds[static_cast<int>(offset.count() / 10'000)];
  }
  REQUIRE(per_ten_seconds.size() == 6);
  for (const auto& [bucket, count] : per_ten_seconds) {
    CHECK(count > 850);  // 1000 expected per bucket
    CHECK(count < 1150);
  }
}

TEST_CASE("the next poll time is aligned to the router's slot", "[unit][collect]") {
  using Clock = std::chrono::system_clock;
  Clock::time_point now(std::chrono::seconds(1'800'000'000));  // a multiple of 60 s
  CHECK(next_poll_after(now, 60s, 7'000ms) == now + 7s);
  CHECK(next_poll_after(now + 7s, 60s, 7'000ms) == now + 67s);
  CHECK(next_poll_after(now + 8s, 60s, 7'000ms) == now + 67s);
  CHECK(next_poll_after(now - 1ms, 60s, 0ms) == now);
}
