// History CSV rows parsed without a store: order, columns, times with offsets, the future bound.
#include "core/format.hpp"
#include "inventory/history_import.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::inventory::parse_history;

namespace {

// 2026-03-01T12:00:00Z
const std::chrono::sys_seconds k_now = ill::from_unix_seconds(1772366400);

std::string errors_text(const ill::inventory::HistoryRows& parsed) {
  std::string out;
  for (const auto& e : parsed.errors)
    out += std::to_string(e.line) + " " + e.column + ": " + e.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("history rows: columns by name, rows sorted by time, offsets honoured",
          "[unit][inventory]") {
  auto parsed = parse_history(
      "loss_pct,state,time,rx_bps\n"
      "0.5,up,2026-03-01T10:05:00+01:00,1000\n"
      ",down,2026-03-01T08:00:00Z,\n",
      7, k_now);
  INFO(errors_text(parsed));
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.rows.size() == 2);
  // 10:05+01:00 is 09:05Z: after the 08:00Z row although it came first.
  CHECK(parsed.rows[0].line == 3);
  CHECK(ill::rfc3339(parsed.rows[0].sample.t) == "2026-03-01T08:00:00Z");
  CHECK(parsed.rows[0].sample.state == ill::sla::State::down);
  CHECK_FALSE(parsed.rows[0].sample.rx_bps);
  CHECK(ill::rfc3339(parsed.rows[1].sample.t) == "2026-03-01T09:05:00Z");
  CHECK(parsed.rows[1].sample.link_id == 7);
  CHECK(parsed.rows[1].sample.rx_bps == 1000.0);
  CHECK(parsed.rows[1].sample.loss_pct == 0.5);
}

TEST_CASE("history rows: every bad cell named with its line and column", "[unit][inventory]") {
  auto parsed = parse_history(
      "time,state,loss_pct\n"
      "2026-03-01T08:00:00,up,0\n"           // no offset
      "2026-03-01T08:01:00Z,sideways,101\n"  // two bad cells
      "2026-03-01T12:05:01Z,up,\n"           // past now + 5 min
      "2026-03-01T08:02:00Z,up,\n"
      "2026-03-01T08:02:00Z,down,\n",  // same time as line 5
      1, k_now);
  const auto text = errors_text(parsed);
  INFO(text);
  REQUIRE(parsed.errors.size() == 5);
  CHECK(parsed.errors[0].line == 2);
  CHECK(parsed.errors[0].column == "time");
  CHECK(parsed.errors[1].line == 3);
  CHECK(parsed.errors[2].line == 3);
  CHECK_THAT(text, Contains("3 state: 'sideways' is not one of up, down, unknown"));
  CHECK_THAT(text, Contains("3 loss_pct: 101 is out of range 0..100"));
  CHECK_THAT(text, Contains("4 time: 2026-03-01T12:05:01Z is in the future"));
  CHECK_THAT(text, Contains("6 time: 2026-03-01T08:02:00Z is also the time of line 5"));
}

TEST_CASE("history rows: a header must name time and state and nothing unknown",
          "[unit][inventory]") {
  auto parsed = parse_history("time,rx_bps,rx_bps,colour\n", 1, k_now);
  const auto text = errors_text(parsed);
  INFO(text);
  CHECK_THAT(text, Contains("1 rx_bps: column given twice"));
  CHECK_THAT(text, Contains("1 colour: unknown column"));
  CHECK_THAT(text, Contains("1 state: missing column"));
  CHECK(parse_history("", 1, k_now).errors.size() == 1);  // no header and no rows
}
