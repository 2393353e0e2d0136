#include "sla/period.hpp"

#include <exception>
#include <string>

namespace ill::sla {

Result<const date::time_zone*> find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception& e) {
    return fail(Errc::invalid_input, "unknown time zone '{}'", name);
  }
}

std::chrono::sys_seconds local_midnight(const date::time_zone* zone, date::local_days day) {
  const auto local = date::local_seconds{day};
  return std::chrono::time_point_cast<std::chrono::seconds>(
      zone->to_sys(local, date::choose::earliest));
}

Result<Period> month_period(date::year_month month, const date::time_zone* zone,
                            std::optional<date::year_month_day> activation) {
  if (zone == nullptr) {
    return fail(Errc::usage, "no time zone given for the period");
  }
  if (!month.ok()) {
    return fail(Errc::invalid_input, "invalid month");
  }
  if (activation && !activation->ok()) {
    return fail(Errc::invalid_input, "invalid activation date");
  }
  const auto first = date::local_days{month / 1};
  const auto next = date::local_days{(month + date::months{1}) / 1};
  Period period;
  period.month = month;
  period.zone = zone;
  period.month_range = {local_midnight(zone, first), local_midnight(zone, next)};
  period.days_in_month = static_cast<int>((next - first).count());
  period.activation = activation;
  period.from = period.month_range.from;
  period.to = period.month_range.to;
  if (activation) {
    const auto active = date::local_days{*activation};
    if (active >= next) {
      period.from = period.to;
    } else if (active > first) {
      period.from = local_midnight(zone, active);
    }
  }
  return period;
}

namespace {

bool parse_digits(std::string_view text, int& value) {
  if (text.empty()) {
    return false;
  }
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  return true;
}

}  // namespace

Result<date::year_month> parse_month(std::string_view text, std::chrono::sys_seconds now,
                                     const date::time_zone* zone) {
  if (text == "this month" || text == "last month") {
    if (zone == nullptr) {
      return fail(Errc::usage, "no time zone given for '{}'", text);
    }
    const auto local = zone->to_local(now);
    const date::year_month_day today{date::floor<date::days>(local)};
    date::year_month month = today.year() / today.month();
    if (text == "last month") {
      month -= date::months{1};
    }
    return month;
  }
  int year = 0;
  int month = 0;
  if (text.size() != 7 || text[4] != '-' || !parse_digits(text.substr(0, 4), year) ||
      !parse_digits(text.substr(5, 2), month) || year < 1970 || month < 1 || month > 12) {
    return fail(Errc::invalid_input,
                "invalid month '{}': expected YYYY-MM, 'this month' or 'last month'", text);
  }
  return date::year{year} / date::month{static_cast<unsigned>(month)};
}

}  // namespace ill::sla
