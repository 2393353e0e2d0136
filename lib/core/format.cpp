#include "core/format.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace ill {

std::string rfc3339(std::chrono::sys_seconds t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::string time_text(std::optional<std::chrono::sys_seconds> t) { return t ? rfc3339(*t) : "-"; }

Result<std::chrono::sys_seconds> parse_rfc3339(std::string_view text) {
  const auto bad = [&] {
    return fail(Errc::invalid_input, "'{}' is not a UTC time like 2026-01-31T18:30:00Z", text);
  };
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return bad();
  const auto number = [&](std::size_t at, std::size_t length, unsigned& out) {
    const char* first = text.data() + at;
    auto [end, ec] = std::from_chars(first, first + length, out);
    return ec == std::errc() && end == first + length;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!number(0, 4, y) || !number(5, 2, mo) || !number(8, 2, d) || !number(11, 2, h) ||
      !number(14, 2, mi) || !number(17, 2, s) || h > 23 || mi > 59 || s > 59)
    return bad();
  const date::year_month_day day{date::year{static_cast<int>(y)} / mo / d};
  if (!day.ok()) return fail(Errc::invalid_input, "'{}' is not a date", text);
  return date::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

namespace {

// Reads `count` decimal digits at `at` into `out`; false when any is not a digit.
bool digits(std::string_view text, std::size_t at, std::size_t count, unsigned& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

}  // namespace

// Parsed by hand rather than with date::parse: date.h reads an uninitialised long double for
// the seconds of a format that failed before them (every bare date, every HH:MM form), and
// negates minutes::min() for a sign without an hour: undefined behaviour that fuzz_history_csv
// found under clang's UBSan.
Result<std::chrono::sys_seconds> parse_time(std::string_view text) {
  const auto bad = [&] {
    return fail(Errc::invalid_input,
                "'{}' is not a time: use RFC 3339 such as 2024-05-01T02:00:00Z or "
                "2024-05-01T02:00-03:00, or 'YYYY-MM-DD HH:MM' in UTC",
                text);
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, mo) ||
      text[7] != '-' || !digits(text, 8, 2, d))
    return bad();
  const date::year_month_day day{date::year{static_cast<int>(y)} / mo / d};
  if (!day.ok()) return bad();
  std::chrono::sys_seconds t = date::sys_days{day};
  std::size_t at = 10;
  if (at < text.size()) {
    const char separator = text[at];
    if (separator != 'T' && separator != ' ') return bad();
    if (!digits(text, at + 1, 2, h) || text.size() <= at + 3 || text[at + 3] != ':' ||
        !digits(text, at + 4, 2, mi) || h > 23 || mi > 59)
      return bad();
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!digits(text, at + 1, 2, sec) || sec > 59) return bad();
      at += 3;
    }
    t += std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec};
    // An offset or Z only in the RFC 3339 form; "YYYY-MM-DD HH:MM" is UTC.
    if (at < text.size() && separator == 'T') {
      if (text[at] == 'Z' && at + 1 == text.size()) {
        at += 1;
      } else if (text[at] == '+' || text[at] == '-') {
        unsigned oh = 0, om = 0;
        if (!digits(text, at + 1, 2, oh) || oh > 23) return bad();
        std::size_t end = at + 3;
        if (end < text.size() && text[end] == ':') {
          if (!digits(text, end + 1, 2, om) || om > 59) return bad();
          end += 3;
        }
        const auto offset = std::chrono::hours{oh} + std::chrono::minutes{om};
        t = text[at] == '+' ? t - offset : t + offset;
        at = end;
      }
    }
  }
  if (at != text.size()) return bad();
  // Only what rfc3339() can write (and parse_rfc3339 read back) is a time: an offset that carries
  // 0000-01-01 or 9999-12-31 across the edge is not.
  constexpr auto k_first = date::sys_days{date::year{0} / 1 / 1};
  constexpr auto k_end = date::sys_days{date::year{10000} / 1 / 1};
  if (t < k_first || t >= k_end)
    return fail(Errc::invalid_input, "'{}' is outside the years 0000 to 9999 in UTC", text);
  return t;
}

std::string duration_text(std::chrono::seconds d) {
  const std::int64_t s = d.count() < 0 ? 0 : d.count();
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d{:02}h", s / 86400, s % 86400 / 3600);
}

std::string duration_text(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds)) return "-";
  return duration_text(std::chrono::seconds{std::llround(*seconds)});
}

Result<std::chrono::seconds> parse_duration(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::int64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  if (ec != std::errc() || scale == 0 || value <= 0 || value > INT64_MAX / 86400 / 1000)
    return fail(Errc::invalid_input, "'{}' is not a duration such as 90m, 2h or 1d", text);
  return std::chrono::seconds{value * scale};
}

std::string rate_text(std::optional<double> bps) {
  if (!bps || !std::isfinite(*bps)) return "-";
  if (*bps >= 1e9) return fmt::format("{:.2f} Gbps", *bps / 1e9);
  if (*bps >= 1e6) return fmt::format("{:.2f} Mbps", *bps / 1e6);
  if (*bps >= 1e3) return fmt::format("{:.2f} kbps", *bps / 1e3);
  return fmt::format("{:.0f} bps", *bps);
}

std::string byte_size_text(std::uint64_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (bytes >= 1'000'000'000) return fmt::format("{:.2f} GB", b / 1e9);
  if (bytes >= 1'000'000) return fmt::format("{:.2f} MB", b / 1e6);
  if (bytes >= 1'000) return fmt::format("{:.1f} KB", b / 1e3);
  return fmt::format("{} B", bytes);
}

}  // namespace ill
