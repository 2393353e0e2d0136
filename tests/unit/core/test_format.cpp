#include "core/format.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace std::chrono_literals;

namespace {
// 2026-01-31T18:30:00Z, worked out by hand: 20484 days after 1970-01-01, plus 18.5 hours.
constexpr std::int64_t k_t = 20484LL * 86400 + 18 * 3600 + 30 * 60;
}  // namespace

TEST_CASE("times are written and read back as RFC 3339 in UTC", "[unit][core]") {
  CHECK(rfc3339(from_unix_seconds(k_t)) == "2026-01-31T18:30:00Z");
  CHECK(rfc3339(from_unix_seconds(0)) == "1970-01-01T00:00:00Z");
  CHECK(unix_seconds(parse_rfc3339("2026-01-31T18:30:00Z").value()) == k_t);
  CHECK(time_text(std::nullopt) == "-");
  for (const char* bad :
       {"2026-01-31 18:30:00Z", "2026-01-31T18:30:00", "2026-02-30T00:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T18:30:0xZ", "", "+026-01-31T18:30:00Z"})
    CHECK_FALSE(parse_rfc3339(bad));
}

TEST_CASE("people may type times with an offset, minutes only or a bare date", "[unit][core]") {
  CHECK(unix_seconds(parse_time("2026-01-31T20:30:00+02:00").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31 18:30").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31").value()) == k_t - (18 * 3600 + 30 * 60));
  auto bad = parse_time("yesterday");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().what(), Catch::Contains("'yesterday'"));
}

// Found by tests/fuzz/fuzz_history_csv: date.h negated minutes::min() (undefined behaviour) for a
// sign with no hour after it, and read uninitialised seconds for every form without them;
// parse_time no longer uses date::parse.
TEST_CASE("a time whose offset sign has no hour after it is refused", "[unit][core]") {
  for (const char* bad : {"2026-01-31T18:30:00-", "2026-01-31T18:30:00+", "2026-01-31T18:30-",
                          "2026-01-31T18:30:00-x", "2026-01-31T18:30:00--"})
    CHECK_FALSE(parse_time(bad));
  CHECK(unix_seconds(parse_time("2026-01-31T16:30:00-02:00").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31T16:30-02:00").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31T16:30:00-02").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31T18:30Z").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31 18:30:00").value()) == k_t);
  CHECK(unix_seconds(parse_time("2026-01-31T18:30:00").value()) == k_t);  // UTC
  for (const char* bad : {"2026-1-31", "2026-01-31T18:60", "2026-02-29", "2026-01-31 18:30Z",
                          "2026-01-31T18:30:00.5Z", "2026-01-31t18:30Z", "2026-01-31T24:00:00Z",
                          "2026-01-31T18:30:00+24:00"})
    CHECK_FALSE(parse_time(bad));
}

// Found by tests/fuzz/fuzz_history_csv: these were read, then written by rfc3339() as text that
// neither parse_rfc3339 nor RFC 3339 accepts ("-026-01-10T10:10:00Z", "10000-01-01T04:59:59Z").
TEST_CASE("a time outside the years 0000 to 9999 in UTC is refused", "[unit][core]") {
  CHECK_FALSE(parse_time("-026-01-10T15:40:00+05:30"));
  for (const char* bad : {"0000-01-01T00:00:00+05:30", "9999-12-31T23:59:59-05:00"}) {
    auto t = parse_time(bad);
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error().what(), Catch::Contains("outside the years 0000 to 9999"));
  }
  const auto first = parse_time("0000-01-01T05:30:00+05:30");
  REQUIRE(first);
  CHECK(rfc3339(*first) == "0000-01-01T00:00:00Z");
  CHECK(parse_rfc3339(rfc3339(*first)).value() == *first);
  CHECK(rfc3339(parse_time("9999-12-31T23:59:59Z").value()) == "9999-12-31T23:59:59Z");
}

TEST_CASE("durations use their two largest units", "[unit][core]") {
  CHECK(duration_text(45s) == "45s");
  CHECK(duration_text(302s) == "5m02s");
  CHECK(duration_text(3600s) == "1h00m");
  CHECK(duration_text(2 * 86400s + 4 * 3600s + 59s) == "2d04h");
  CHECK(duration_text(-5s) == "0s");
  CHECK(duration_text(std::optional<double>(299.6)) == "5m00s");
  CHECK(duration_text(std::optional<double>()) == "-");
  CHECK(parse_duration("90m").value() == 90min);
  CHECK(parse_duration("1d").value() == 24h);
  CHECK(parse_duration("45").value() == 45s);
  CHECK_FALSE(parse_duration("0s"));
  CHECK_FALSE(parse_duration("2 weeks"));
  CHECK_FALSE(parse_duration("99999999999999999d"));
}

TEST_CASE("rates are bits per second in decimal units, Mbps and not Mb/s", "[unit][core]") {
  CHECK(rate_text(950.0) == "950 bps");
  CHECK(rate_text(12'500.0) == "12.50 kbps");
  CHECK(rate_text(1e6) == "1.00 Mbps");
  CHECK(rate_text(2.5e9) == "2.50 Gbps");
  CHECK(rate_text(std::nullopt) == "-");
}

TEST_CASE("sizes are bytes in decimal units, as df -H", "[unit][core]") {
  CHECK(byte_size_text(0) == "0 B");
  CHECK(byte_size_text(999) == "999 B");
  CHECK(byte_size_text(12'049) == "12.0 KB");
  CHECK(byte_size_text(5'900'000) == "5.90 MB");
  CHECK(byte_size_text(3'494'000'000) == "3.49 GB");
}
