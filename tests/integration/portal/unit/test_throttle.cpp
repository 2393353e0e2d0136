#include "portal/auth.hpp"

#include <catch2/catch.hpp>

using namespace ill;

TEST_CASE("failed logins cost nothing at first, then double a wait up to 15 minutes",
          "[unit][portal]") {
  store::ThrottleState s;
  const std::chrono::sys_seconds now{std::chrono::seconds{1000}};
  for (int i = 0; i < 3; ++i) {
    s = portal::after_failure(s, 3, now);
    CHECK(s.blocked_until == std::chrono::sys_seconds{});
  }
  std::int64_t expected = 1;
  for (int i = 0; i < 12; ++i) {
    s = portal::after_failure(s, 3, now);
    CHECK(s.blocked_until == now + std::chrono::seconds{std::min<std::int64_t>(expected, 900)});
    expected *= 2;
  }
  CHECK(s.failures == 15);
  for (int i = 0; i < 100; ++i) s = portal::after_failure(s, 3, now);
  CHECK(s.blocked_until == now + std::chrono::seconds{900});
}
