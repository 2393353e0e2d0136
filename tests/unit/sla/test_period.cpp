#include "sla/period.hpp"

#include "sla_test_support.hpp"

#include <catch2/catch.hpp>

using namespace ill::sla;
using ill::sla::test::utc;

namespace {

const date::time_zone* zone(std::string_view name) {
  auto found = find_zone(name);
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE("a 31-day month in UTC is 44,640 minutes", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 1, zone("UTC"));
  REQUIRE(period);
  CHECK(period->from == utc(2026, 1, 1));
  CHECK(period->to == utc(2026, 2, 1));
  CHECK(period->length_s() == 44'640 * 60);
  CHECK(period->days_in_month == 31);
}

TEST_CASE("February of a leap year is 41,760 minutes", "[unit][sla]") {
  auto period = month_period(date::year{2028} / 2, zone("UTC"));
  REQUIRE(period);
  CHECK(period->length_s() == 41'760 * 60);
  CHECK(period->days_in_month == 29);
}

TEST_CASE("March 2026 in New York loses the DST hour", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 3, zone("America/New_York"));
  REQUIRE(period);
  CHECK(period->from == utc(2026, 3, 1, 5));  // 00:00 EST
  CHECK(period->to == utc(2026, 4, 1, 4));    // 00:00 EDT
  CHECK(period->length_s() == 743 * 3600);
  CHECK(period->days_in_month == 31);
}

TEST_CASE("November 2026 in New York gains the DST hour", "[unit][sla]") {
  // DST ends on Sunday 1 November 2026: 30 days + 1 h = 721 h (not 745: November has 30 days).
  auto period = month_period(date::year{2026} / 11, zone("America/New_York"));
  REQUIRE(period);
  CHECK(period->from == utc(2026, 11, 1, 4));  // 00:00 EDT
  CHECK(period->to == utc(2026, 12, 1, 5));    // 00:00 EST
  CHECK(period->length_s() == 721 * 3600);
  CHECK(period->days_in_month == 30);
}

TEST_CASE("October 2026 in London is 745 hours", "[unit][sla]") {
  // A 31-day month that gains an hour: BST ends on Sunday 25 October 2026.
  auto period = month_period(date::year{2026} / 10, zone("Europe/London"));
  REQUIRE(period);
  CHECK(period->from == utc(2026, 9, 30, 23));  // 00:00 BST
  CHECK(period->to == utc(2026, 11, 1, 0));     // 00:00 GMT
  CHECK(period->length_s() == 745 * 3600);
}

TEST_CASE("a month in Kolkata starts at 18:30 UTC the day before", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 4, zone("Asia/Kolkata"));
  REQUIRE(period);
  CHECK(period->from == utc(2026, 3, 31, 18, 30));
  CHECK(period->to == utc(2026, 4, 30, 18, 30));
  CHECK(period->length_s() == 30 * 86400);
}

TEST_CASE("a link activated mid-month starts its period at local midnight", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 4, zone("Asia/Kolkata"), date::year{2026} / 4 / 16);
  REQUIRE(period);
  CHECK(period->from == utc(2026, 4, 15, 18, 30));
  CHECK(period->to == utc(2026, 4, 30, 18, 30));
  CHECK(period->length_s() == 15 * 86400);
  CHECK(period->days_in_month == 30);  // a day of rental stays fee / 30
  CHECK_FALSE(period->activated_after());
}

TEST_CASE("a link activated before the month gets the whole month", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 4, zone("UTC"), date::year{2025} / 12 / 3);
  REQUIRE(period);
  CHECK(period->from == utc(2026, 4, 1));
  CHECK(period->length_s() == 30 * 86400);
}

TEST_CASE("a link activated after the month has an empty period", "[unit][sla]") {
  auto period = month_period(date::year{2026} / 4, zone("UTC"), date::year{2026} / 5 / 1);
  REQUIRE(period);
  CHECK(period->length_s() == 0);
  CHECK(period->activated_after());
}

TEST_CASE("an unknown time zone is an error", "[unit][sla]") {
  auto found = find_zone("Mars/Olympus_Mons");
  REQUIRE_FALSE(found);
  CHECK(found.error().category() == ill::Errc::invalid_input);
}

TEST_CASE("months parse as YYYY-MM or relative to now", "[unit][sla]") {
  const auto* kolkata = zone("Asia/Kolkata");
  const auto* new_york = zone("America/New_York");
  auto month = parse_month("2026-03", utc(2026, 1, 1), kolkata);
  REQUIRE(month);
  CHECK(*month == date::year{2026} / 3);

  // 20:00 UTC on 31 March is already 1 April in Kolkata, still 31 March in New York.
  const auto now = utc(2026, 3, 31, 20);
  CHECK(*parse_month("this month", now, kolkata) == date::year{2026} / 4);
  CHECK(*parse_month("this month", now, new_york) == date::year{2026} / 3);
  CHECK(*parse_month("last month", now, kolkata) == date::year{2026} / 3);
  CHECK(*parse_month("last month", utc(2026, 1, 15), kolkata) == date::year{2025} / 12);

  CHECK_FALSE(parse_month("2026-13", now, kolkata));
  CHECK_FALSE(parse_month("2026-00", now, kolkata));
  CHECK_FALSE(parse_month("26-03", now, kolkata));
  CHECK_FALSE(parse_month("2026-3", now, kolkata));
  CHECK_FALSE(parse_month("next month", now, kolkata));
}
