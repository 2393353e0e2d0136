#include "sim/sim_time.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

TEST_CASE("durations parse in RouterOS and seconds forms", "[unit][sim]") {
  CHECK(parse_duration("90").value() == 90000);
  CHECK(parse_duration("1.5").value() == 1500);
  CHECK(parse_duration("500ms").value() == 500);
  CHECK(parse_duration("1h30m").value() == 90 * k_minute);
  CHECK(parse_duration("1w2d").value() == 9 * k_day);
  CHECK(parse_duration("00:01:05").value() == 65000);
  CHECK(parse_duration_us("10ms").value() == 10000);
  CHECK(parse_duration_us("0.01").value() == 10000);
  CHECK_FALSE(parse_duration("5x"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration(""));
}

TEST_CASE("RFC 3339 times round-trip", "[unit][sim]") {
  auto t = parse_rfc3339("2026-10-01T00:00:00Z").value();
  CHECK(t == 1790812800000);
  CHECK(format_rfc3339(t) == "2026-10-01T00:00:00Z");
  CHECK(parse_rfc3339("2026-10-01T02:00:00+02:00").value() == t);
  CHECK(parse_rfc3339("2026-10-01T00:00:00.250Z").value() == t + 250);
  CHECK_FALSE(parse_rfc3339("2026-10-01 00:00"));
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("RouterOS durations, dates and ping times by version", "[unit][sim]") {
  CHECK(format_routeros_duration(0) == "0s");
  CHECK(format_routeros_duration(272573 * k_second) == "3d3h42m53s");
  CHECK(format_routeros_duration(9344573 * k_second) == "15w3d3h42m53s");
  auto t = parse_rfc3339("2026-11-23T22:07:35Z").value();
  CHECK(format_routeros_date(t, DateStyle::legacy) == "nov/23/2026 22:07:35");
  CHECK(format_routeros_date(t, DateStyle::iso) == "2026-11-23 22:07:35");
  CHECK(format_ping_time(12345, PingTimeStyle::v6_ms) == "12ms");
  CHECK(format_ping_time(12345, PingTimeStyle::v7_us) == "12ms345us");
  CHECK(format_ping_time(453, PingTimeStyle::v7_us) == "453us");
  CHECK(format_ping_time(1500, PingTimeStyle::v7_us) == "1ms500us");
  CHECK(format_ping_time(12000, PingTimeStyle::v7_us) == "12ms");
}
