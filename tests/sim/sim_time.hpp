// Time in ill-sim: milliseconds since the Unix epoch (UTC) on the simulator's clock, and the text
// forms RouterOS and the history CSV use for times and durations.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ill::sim {

using TimeMs = std::int64_t;      // a point in time: ms since 1970-01-01T00:00:00Z
using DurationMs = std::int64_t;  // a length of time in ms

inline constexpr DurationMs k_second = 1000;
inline constexpr DurationMs k_minute = 60 * k_second;
inline constexpr DurationMs k_hour = 60 * k_minute;
inline constexpr DurationMs k_day = 24 * k_hour;

// "90", "1.5" (seconds), "500ms", "10s", "5m", "1h30m", "2d", "1w2d", "250us" (rounded to ms,
// at least 1 ms when non-zero), "00:00:01" (RouterOS h:m:s). Negative durations are refused.
Result<DurationMs> parse_duration(std::string_view text);
// Same, but keeps microseconds (for ping intervals like 0.01 or 10ms).
Result<std::int64_t> parse_duration_us(std::string_view text);

// "2026-10-01T00:00:00Z", also with fractional seconds or a +hh:mm offset.
Result<TimeMs> parse_rfc3339(std::string_view text);
// "2026-10-01T00:00:00Z" (whole seconds, always UTC).
std::string format_rfc3339(TimeMs time);
// Appends the same to `out` without allocating a temporary (history mode writes millions).
void append_rfc3339(std::string& out, TimeMs time);

// RouterOS durations: "2d20h12m20s", "15w3d3h42m53s", "0s" (seconds resolution).
std::string format_routeros_duration(DurationMs duration);

// RouterOS dates: v6 and v7 before 7.10 "nov/23/2026 22:07:35", 7.10+ "2026-11-23 22:07:35".
enum class DateStyle { legacy, iso };
std::string format_routeros_date(TimeMs time, DateStyle style);

// Ping round-trip times: v6 whole milliseconds "12ms"; v7 "453us", "12ms", "12ms345us".
enum class PingTimeStyle { v6_ms, v7_us };
std::string format_ping_time(std::int64_t microseconds, PingTimeStyle style);

// Days since the epoch <-> civil date (Howard Hinnant's algorithms).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day);

}  // namespace ill::sim
