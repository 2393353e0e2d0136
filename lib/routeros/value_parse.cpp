#include "routeros/value_parse.hpp"

#include <charconv>
#include <limits>

namespace ill::routeros {

Result<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  return fail(Errc::invalid_input, "not a boolean: '{}'", text);
}

Result<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const char* b = text.data();
  const char* e = b + text.size();
  if (text.empty() || text[0] < '0' || text[0] > '9') {
    return fail(Errc::invalid_input, "not a number: '{}'", text);
  }
  auto [ptr, ec] = std::from_chars(b, e, value);
  if (ec == std::errc::result_out_of_range) {
    return fail(Errc::invalid_input, "number out of range: '{}'", text);
  }
  if (ec != std::errc() || ptr != e) return fail(Errc::invalid_input, "not a number: '{}'", text);
  return value;
}

namespace {

constexpr std::uint64_t k_us_per_s = 1'000'000;

// hh:mm:ss (hours may exceed 24).
Result<std::chrono::microseconds> parse_clock(std::string_view text) {
  std::uint64_t parts[3] = {};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t colon = i < 2 ? text.find(':', pos) : text.size();
    if (colon == std::string_view::npos) return fail(Errc::invalid_input, "not a duration");
    auto value = parse_u64(text.substr(pos, colon - pos));
    if (!value || (i > 0 && *value > 59)) return fail(Errc::invalid_input, "not a duration");
    parts[i] = *value;
    pos = colon + 1;
  }
  if (parts[0] > 1'000'000'000) return fail(Errc::invalid_input, "duration out of range");
  const std::uint64_t us = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * k_us_per_s;
  return std::chrono::microseconds(static_cast<std::int64_t>(us));
}

}  // namespace

Result<std::chrono::microseconds> parse_duration(std::string_view text) {
  auto bad = [&] { return fail(Errc::invalid_input, "not a duration: '{}'", text); };
  if (text.empty()) return bad();
  if (text.find(':') != std::string_view::npos) {
    auto clock = parse_clock(text);
    if (!clock) return bad();
    return clock;
  }
  constexpr std::uint64_t k_max =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start || i == text.size()) return bad();
    auto number = parse_u64(text.substr(start, i - start));
    if (!number) return bad();
    std::uint64_t unit = 0;
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("ms")) {
      unit = 1000;
      i += 2;
    } else if (rest.starts_with("us")) {
      unit = 1;
      i += 2;
    } else {
      switch (text[i]) {
      case 'w': unit = 7 * 86400 * k_us_per_s; break;
      case 'd': unit = 86400 * k_us_per_s; break;
      case 'h': unit = 3600 * k_us_per_s; break;
      case 'm': unit = 60 * k_us_per_s; break;
      case 's': unit = k_us_per_s; break;
      default: return bad();
      }
      ++i;
    }
    if (*number > (k_max - total) / unit) {
      return fail(Errc::invalid_input, "duration out of range: '{}'", text);
    }
    total += *number * unit;
  }
  return std::chrono::microseconds(static_cast<std::int64_t>(total));
}

}  // namespace ill::routeros
