// Text for times, durations and rates: the one place that decides how ill writes and reads them,
// for illctl's tables, the stored report JSON, the portal and the PDF reports alike.
//
// Decisions:
// - Times are UTC and written as RFC 3339 with a `Z` and whole seconds ("2026-01-31T18:30:00Z").
//   Stored JSON is read back strictly in that one form (parse_rfc3339); what people type is read
//   leniently (parse_time: an offset, minutes only, a space instead of `T`, a bare date).
// - Durations are written with the two largest units, the smaller zero-padded ("45s", "5m02s",
//   "2h05m", "3d04h"): short enough for a table column, exact enough for an outage.
// - Rates are bits per second in decimal units with two decimals: "bps", "kbps", "Mbps", "Gbps"
//   (the unit the contracts use, as in "committed Mbps").
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ill {

// Seconds since the Unix epoch, for the store's integer columns and for arithmetic.
constexpr std::int64_t unix_seconds(std::chrono::sys_seconds t) {
  return t.time_since_epoch().count();
}
constexpr std::chrono::sys_seconds from_unix_seconds(std::int64_t s) {
  return std::chrono::sys_seconds{std::chrono::seconds{s}};
}

// "2026-01-31T18:30:00Z".
std::string rfc3339(std::chrono::sys_seconds t);
// rfc3339(), or "-" when there is no time.
std::string time_text(std::optional<std::chrono::sys_seconds> t);
// Exactly the form rfc3339() writes; anything else is an error naming the text.
Result<std::chrono::sys_seconds> parse_rfc3339(std::string_view text);
// RFC 3339 with Z or an offset, "YYYY-MM-DDTHH:MM[:SS]" and "YYYY-MM-DD HH:MM[:SS]" (UTC), and
// "YYYY-MM-DD" (midnight UTC).
Result<std::chrono::sys_seconds> parse_time(std::string_view text);

// "45s", "5m02s", "2h05m", "3d04h"; negative durations are written as 0s.
std::string duration_text(std::chrono::seconds d);
std::string duration_text(std::optional<double> seconds);  // rounded; "-" when none
// "90m", "2h", "1d", "45s" or plain seconds; above zero.
Result<std::chrono::seconds> parse_duration(std::string_view text);

// "950 bps", "12.50 kbps", "1.00 Mbps", "2.50 Gbps"; "-" when none.
std::string rate_text(std::optional<double> bits_per_second);
// "512 B", "12.0 KB", "3.49 GB" (powers of 1000, as `df -H`): sizes in messages and tables.
std::string byte_size_text(std::uint64_t bytes);

}  // namespace ill
