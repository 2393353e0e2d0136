// The link page's graphs: lib/report's charts (the code that draws the PDF reports), inline as
// SVG, each with an accessible title and its figures as text beside it.
//
// Decisions:
// - cairo writes its colours and strokes as `style` attributes, which the portal's CSP
//   (style-src 'self', no 'unsafe-inline') would refuse; svg_presentation() turns each
//   declaration into the SVG presentation attribute of the same name, which draws the same
//   and needs no inline style.
// - The charts are the strip (states, with maintenance windows laid over them, as the PDF
//   shows them), traffic (in, out, committed speed, 95th percentile) and quality (latency and
//   loss). The figures: min/avg/max tables always, and every plotted point and state span in a
//   <details> table, so a screen reader, a text browser or a copy-paste gets the numbers.
// - Times on the axes and in the tables are in the client's zone (UTC when it has none).
// - Drawing three charts costs far more than reading their points, so the link page keeps the
//   charts' HTML per link, range and zone for a minute (ChartCache), as the month figures are.
#pragma once

#include "core/result.hpp"
#include "portal/views.hpp"
#include "store/maintenance_repository.hpp"

#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ill::portal {

// `svg` with every style="a:b;c:d" attribute rewritten as a="b" c="d".
std::string svg_presentation(std::string_view svg);

// The three figures of a link page, appended to `out`.
void append_link_charts(std::string& out, const LinkNow& link, const LinkSeries& series,
                        const std::vector<store::MaintenanceWindow>& windows,
                        const date::time_zone* zone);

// The charts of a link page as drawn, with the calendar month they show (for a month range).
struct DrawnCharts {
  std::string html;
  std::string month;
};

// Drawn charts by key, for `ttl`. A hit costs no read of the points either.
class ChartCache {
public:
  explicit ChartCache(std::chrono::seconds ttl) : m_ttl(ttl) {}
  // The entry of `key` made less than `ttl` before `now`, or what `make` makes now (kept when
  // it succeeds).
  Result<DrawnCharts> get(const std::string& key, std::chrono::sys_seconds now,
                          const std::function<Result<DrawnCharts>()>& make);

private:
  struct Entry {
    std::chrono::sys_seconds at;
    DrawnCharts drawn;
  };
  std::chrono::seconds m_ttl;
  std::mutex m_mutex;
  std::map<std::string, Entry> m_entries;
};

}  // namespace ill::portal
