// The SLA period: a calendar month in the client's IANA time zone, as UTC instants (rule 1).
//
// [local 00:00 of the 1st, local 00:00 of the next 1st), DST-correct, so 2026-03 in
// America/New_York is 743 hours and 2026-11 is 745. When the link was activated during the month
// the period starts at local 00:00 of the activation date; activated after the month, the period
// is empty (from == to == the month's end) and its figures are null (rule 11).
//
// Decisions where sla.md is silent:
// - A local midnight that does not exist (a DST jump at 00:00, as in some zones) is taken as the
//   first instant of that local day (the transition); an ambiguous one as its first occurrence.
// - An activation date before the month gives the full month.
// - `days_in_month` is the calendar day count of the month (28-31), whatever the activation
//   (rule 10: a day of rental is the fee / calendar days, no proration).
// - parse_month accepts "YYYY-MM" (year 1970-9999), "this month" and "last month"; the relative
//   forms are the month containing `now` in the period's zone, and the one before it.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ill::sla {

struct Period {
  date::year_month month;
  const date::time_zone* zone = nullptr;
  // The instants the figures cover: [from, to).
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  // The whole calendar month, before any activation date is applied.
  TimeRange month_range;
  int days_in_month = 0;
  std::optional<date::year_month_day> activation;

  TimeRange range() const { return {from, to}; }
  std::int64_t length_s() const { return to > from ? (to - from).count() : 0; }
  // True when the link was activated after the month, so nothing is scheduled.
  bool activated_after() const { return from == to && month_range.from != month_range.to; }
};

// Looks up an IANA zone ("Asia/Kolkata") in the system's tz database.
Result<const date::time_zone*> find_zone(std::string_view name);

// The first instant of the local calendar day `day` in `zone`.
std::chrono::sys_seconds local_midnight(const date::time_zone* zone, date::local_days day);

// The period of `month` in `zone` for a link activated on `activation` (local date), if given.
Result<Period> month_period(date::year_month month, const date::time_zone* zone,
                            std::optional<date::year_month_day> activation = std::nullopt);

// Parses "YYYY-MM", "this month" or "last month"; `now` anchors the relative forms in `zone`.
Result<date::year_month> parse_month(std::string_view text, std::chrono::sys_seconds now,
                                     const date::time_zone* zone);

}  // namespace ill::sla
