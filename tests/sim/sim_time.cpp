#include "sim/sim_time.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace ill::sim {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses "<number><unit>..." into microseconds. Units: w d h m s ms us; a bare number is seconds.
Result<std::int64_t> parse_units_us(std::string_view text) {
  if (text.empty()) return fail(Errc::invalid_input, "empty duration");
  // h:m:s form
  if (text.find(':') != std::string_view::npos) {
    std::int64_t parts[3] = {0, 0, 0};
    int n = 0;
    std::size_t pos = 0;
    double seconds = 0;
    while (n < 3) {
      auto next = text.find(':', pos);
      auto piece = text.substr(pos, next == std::string_view::npos ? text.npos : next - pos);
      if (piece.empty()) return fail(Errc::invalid_input, "bad duration '{}'", text);
      if (n == 2 || next == std::string_view::npos) {
        seconds = std::strtod(std::string(piece).c_str(), nullptr);
        ++n;
        break;
      }
      auto r = std::from_chars(piece.data(), piece.data() + piece.size(), parts[n]);
      if (r.ec != std::errc() || r.ptr != piece.data() + piece.size())
        return fail(Errc::invalid_input, "bad duration '{}'", text);
      ++n;
      pos = next + 1;
    }
    if (n != 3) return fail(Errc::invalid_input, "bad duration '{}' (use hh:mm:ss)", text);
    return (parts[0] * 3600 + parts[1] * 60) * 1000000 +
           static_cast<std::int64_t>(std::llround(seconds * 1e6));
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
    if (start == i) return fail(Errc::invalid_input, "bad duration '{}'", text);
    double number = std::strtod(std::string(text.substr(start, i - start)).c_str(), nullptr);
    std::size_t ustart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    auto unit = text.substr(ustart, i - ustart);
    double scale = 0;
    if (unit.empty() || unit == "s")
      scale = 1e6;
    else if (unit == "ms")
      scale = 1e3;
    else if (unit == "us")
      scale = 1;
    else if (unit == "m")
      scale = 60e6;
    else if (unit == "h")
      scale = 3600e6;
    else if (unit == "d")
      scale = 86400e6;
    else if (unit == "w")
      scale = 7 * 86400e6;
    else
      return fail(Errc::invalid_input, "bad duration '{}': unknown unit '{}'", text, unit);
    if (unit.empty() && i != text.size())
      return fail(Errc::invalid_input, "bad duration '{}'", text);
    total += static_cast<std::int64_t>(std::llround(number * scale));
    any = true;
  }
  if (!any) return fail(Errc::invalid_input, "bad duration '{}'", text);
  return total;
}

}  // namespace

Result<std::int64_t> parse_duration_us(std::string_view text) {
  if (!text.empty() && text[0] == '-')
    return fail(Errc::invalid_input, "negative duration '{}'", text);
  return parse_units_us(text);
}

Result<DurationMs> parse_duration(std::string_view text) {
  auto us = parse_duration_us(text);
  if (!us) return fail(us.error());
  if (*us > 0 && *us < 1000) return DurationMs{1};
  return (*us + 500) / 1000;
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(y + (month <= 2));
}

Result<TimeMs> parse_rfc3339(std::string_view t) {
  auto bad = [&] {
    return fail(Errc::invalid_input, "bad time '{}' (use RFC 3339, e.g. 2026-10-01T00:00:00Z)", t);
  };
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > t.size()) return false;
    auto r = std::from_chars(t.data() + pos, t.data() + pos + len, out);
    return r.ec == std::errc() && r.ptr == t.data() + pos + len;
  };
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || !num(0, 4, y) || t[4] != '-' || !num(5, 2, mo) || t[7] != '-' ||
      !num(8, 2, d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !num(11, 2, h) ||
      t[13] != ':' || !num(14, 2, mi) || t[16] != ':' || !num(17, 2, s))
    return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return bad();
  std::size_t pos = 19;
  std::int64_t ms = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < t.size() && is_digit(t[pos])) {
      if (digits < 3) ms = ms * 10 + (t[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  std::int64_t offset_min = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    int oh, om;
    if (!num(pos + 1, 2, oh) || t.size() < pos + 6 || t[pos + 3] != ':' || !num(pos + 4, 2, om))
      return bad();
    offset_min = (oh * 60 + om) * (t[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != t.size()) return bad();
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_min * 60;
  return secs * 1000 + ms;
}

namespace {

void split_time(TimeMs time, int& y, unsigned& mo, unsigned& d, int& h, int& mi, int& s) {
  std::int64_t secs = time >= 0 ? time / 1000 : (time - 999) / 1000;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t rem = secs - days * 86400;
  civil_from_days(days, y, mo, d);
  h = static_cast<int>(rem / 3600);
  mi = static_cast<int>(rem / 60 % 60);
  s = static_cast<int>(rem % 60);
}

void put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void append_rfc3339(std::string& out, TimeMs time) {
  int y, h, mi, s;
  unsigned mo, d;
  split_time(time, y, mo, d, h, mi, s);
  char buf[20];
  put2(buf, y / 100);
  put2(buf + 2, y % 100);
  buf[4] = '-';
  put2(buf + 5, static_cast<int>(mo));
  buf[7] = '-';
  put2(buf + 8, static_cast<int>(d));
  buf[10] = 'T';
  put2(buf + 11, h);
  buf[13] = ':';
  put2(buf + 14, mi);
  buf[16] = ':';
  put2(buf + 17, s);
  buf[19] = 'Z';
  out.append(buf, 20);
}

std::string format_rfc3339(TimeMs time) {
  std::string out;
  append_rfc3339(out, time);
  return out;
}

std::string format_routeros_duration(DurationMs duration) {
  if (duration < 0) duration = 0;
  std::int64_t s = duration / 1000;
  std::string out;
  const std::pair<std::int64_t, char> units[] = {
      {7 * 86400, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [size, letter] : units) {
    if (s >= size) {
      out += fmt::format("{}{}", s / size, letter);
      s %= size;
    }
  }
  if (out.empty()) out = "0s";
  return out;
}

std::string format_routeros_date(TimeMs time, DateStyle style) {
  int y, h, mi, s;
  unsigned mo, d;
  split_time(time, y, mo, d, h, mi, s);
  if (style == DateStyle::iso)
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", y, mo, d, h, mi, s);
  static constexpr std::array<const char*, 12> k_months = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  return fmt::format("{}/{:02}/{:04} {:02}:{:02}:{:02}", k_months[mo - 1], d, y, h, mi, s);
}

std::string format_ping_time(std::int64_t us, PingTimeStyle style) {
  if (us < 0) us = 0;
  if (style == PingTimeStyle::v6_ms) return fmt::format("{}ms", (us + 500) / 1000);
  std::int64_t ms = us / 1000, rest = us % 1000;
  if (ms == 0) return fmt::format("{}us", rest);
  if (rest == 0) return fmt::format("{}ms", ms);
  return fmt::format("{}ms{}us", ms, rest);
}

}  // namespace ill::sim
