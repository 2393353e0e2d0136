// Small builders shared by the sla unit tests.
#pragma once

#include "sla/interval.hpp"
#include "sla/period.hpp"

#include <date/date.h>

#include <chrono>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace ill::sla::test {

inline std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0,
                                    int ss = 0) {
  return std::chrono::sys_seconds{date::sys_days{date::year{y} / m / d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

inline Period period_of(int y, unsigned m, std::string_view zone_name) {
  auto zone = find_zone(zone_name);
  if (!zone) {
    throw std::runtime_error("no zone");
  }
  auto period = month_period(date::year{y} / m, *zone);
  if (!period) {
    throw std::runtime_error("no period");
  }
  return *period;
}

// A timeline that is `up` over `range` except for the given pieces (sorted, inside it).
inline std::vector<Interval> up_except(TimeRange range, std::vector<Interval> pieces) {
  std::vector<Interval> timeline;
  auto cursor = range.from;
  for (const Interval& piece : pieces) {
    if (piece.from > cursor) {
      timeline.push_back({cursor, piece.from, State::up});
    }
    timeline.push_back(piece);
    cursor = piece.to;
  }
  if (cursor < range.to) {
    timeline.push_back({cursor, range.to, State::up});
  }
  return timeline;
}

}  // namespace ill::sla::test
