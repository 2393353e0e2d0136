// libFuzzer target for `illctl history import`'s rows: inventory::parse_history, the import's
// own parser, then sla::build_timeline over the rows it accepts, with the poll interval the first
// byte chooses.
//
// Checked for any input: errors come in line order; accepted rows are sorted, and refused at
// one time; a parsed time writes back (rfc3339) to text that reads back to the same
// second, strictly and leniently; the batch timeline is merged, contiguous and spans
// [first row, last row + interval); the incremental TimelineBuilder, fed the same rows one by
// one, ends with exactly the batch timeline (the collector and history import must agree).
#include "core/format.hpp"
#include "fuzz_support.hpp"
#include "inventory/history_import.hpp"
#include "sla/timeline.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ill::fuzz::check;
using std::chrono::seconds;

void check_merged(const std::vector<ill::sla::Interval>& timeline) {
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    check(timeline[i].from < timeline[i].to, "an empty interval in a timeline");
    if (i > 0) {
      check(timeline[i - 1].to == timeline[i].from, "a gap or overlap in a timeline");
      check(timeline[i - 1].state != timeline[i].state, "two touching intervals share a state");
    }
  }
}

// The collector's way: one observation at a time, the updates applied as the store would.
std::vector<ill::sla::Interval> incremental(const std::vector<ill::sla::Observation>& obs,
                                            seconds interval) {
  std::vector<ill::sla::Interval> stored;
  ill::sla::TimelineBuilder builder(interval);
  for (const auto& o : obs) {
    auto update = builder.push(o);
    check(update.has_value(), "TimelineBuilder refuses time-ordered observations");
    if (update->changed_last) {
      check(!stored.empty() && stored.back().from == update->changed_last->from,
            "an update changes an interval the store does not end with");
      stored.back() = *update->changed_last;
    }
    for (const auto& i : update->appended()) stored.push_back(i);
  }
  return stored;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ill::fuzz::quiet();
  if (size == 0) return 0;
  const seconds interval{1 + data[0] % 120 * 5};  // 1 s .. 596 s
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  // The import's own parser, with "now" at the end of year 9999 so no time is in the future.
  const auto now = ill::from_unix_seconds(253402300799 - 3600);
  const auto parsed = ill::inventory::parse_history(text, 1, now);
  for (std::size_t i = 1; i < parsed.errors.size(); ++i)
    check(parsed.errors[i - 1].line <= parsed.errors[i].line, "errors out of line order");
  std::vector<ill::sla::Observation> observations;
  for (const auto& row : parsed.rows) {
    check(row.line > 0, "a row without its line");
    const std::string written = ill::rfc3339(row.sample.t);
    auto strict = ill::parse_rfc3339(written);
    check(strict && *strict == row.sample.t, "rfc3339() text does not read back strictly");
    auto lenient = ill::parse_time(written);
    check(lenient && *lenient == row.sample.t, "rfc3339() text does not read back with parse_time");
    check(ill::sla::state_from_string(ill::sla::to_string(row.sample.state)) == row.sample.state,
          "a state's text does not read back");
    if (!observations.empty())
      check(observations.back().t <= row.sample.t, "rows are not sorted by time");
    observations.push_back({.t = row.sample.t, .state = row.sample.state});
  }
  if (!parsed.errors.empty() || observations.empty()) return 0;  // nothing would be imported
  for (std::size_t i = 1; i < observations.size(); ++i)
    check(observations[i - 1].t < observations[i].t, "two rows at one time were not refused");

  auto batch = ill::sla::build_timeline(observations, interval);
  check(batch.has_value(), "build_timeline refuses sorted observations");
  check_merged(*batch);
  check(!batch->empty(), "observations give an empty timeline");
  check(batch->front().from == observations.front().t, "the timeline starts elsewhere");
  check(batch->back().to == observations.back().t + interval, "the timeline ends elsewhere");
  check(incremental(observations, interval) == *batch,
        "the incremental timeline differs from the batch one");

  // The windowed form over the rows' own span, widened by an interval each side.
  const ill::sla::TimeRange window{observations.front().t - interval,
                                   observations.back().t + 2 * interval};
  auto clipped = ill::sla::build_timeline(observations, interval, window);
  check(clipped.has_value(), "the windowed build_timeline refuses sorted observations");
  check_merged(*clipped);
  check(
      !clipped->empty() && clipped->front().from == window.from && clipped->back().to == window.to,
      "the windowed timeline does not span its window");
  return 0;
}
