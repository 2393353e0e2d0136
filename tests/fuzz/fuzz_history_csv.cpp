// libFuzzer target for `illctl history import`'s rows, through what lib/ exposes for them.
//
// The row loop itself (columns by header name, numbers, the future-skew check) lives in
// cli/cmd_history.cpp today, so it cannot be linked here; issue #12 moves it into lib/, and this
// target should then call it directly. Until then it drives the library calls that loop is made
// of, the way it makes them: inventory::parse_csv for the file, parse_time for `time`,
// sla::state_from_string for `state`, and sla::build_timeline over the rows, sorted, with the
// poll interval the first byte chooses.
//
// Checked for any input: a parsed time writes back (rfc3339) to text that reads back to the same
// second, strictly and leniently; the batch timeline is merged, contiguous and spans
// [first row, last row + interval); the incremental TimelineBuilder, fed the same rows one by
// one, ends with exactly the batch timeline (the collector and history import must agree).
#include "core/format.hpp"
#include "fuzz_support.hpp"
#include "inventory/csv_reader.hpp"
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

  auto records = ill::inventory::parse_csv(text);
  if (!records) {
    check(records.error().message().starts_with("line "), "a CSV error names no line");
    return 0;
  }
  std::optional<std::size_t> time_col, state_col;
  bool header_seen = false;
  std::vector<ill::sla::Observation> observations;
  for (const auto& record : *records) {
    if (record.blank()) continue;
    if (!header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (record.fields[i] == "time" && !time_col) time_col = i;
        if (record.fields[i] == "state" && !state_col) state_col = i;
      }
      if (!time_col || !state_col) return 0;  // the import stops at a header without them
      continue;
    }
    const auto cell = [&](std::size_t c) -> std::string_view {
      return c < record.fields.size() ? std::string_view(record.fields[c]) : std::string_view();
    };
    auto t = ill::parse_time(cell(*time_col));
    auto state = ill::sla::state_from_string(cell(*state_col));
    if (t) {
      const std::string written = ill::rfc3339(*t);
      auto strict = ill::parse_rfc3339(written);
      check(strict && *strict == *t, "rfc3339() text does not read back strictly");
      auto lenient = ill::parse_time(written);
      check(lenient && *lenient == *t, "rfc3339() text does not read back with parse_time");
    }
    if (state) {
      check(ill::sla::state_from_string(ill::sla::to_string(*state)) == state,
            "a state's text does not read back");
    }
    if (t && state) observations.push_back({.t = *t, .state = *state});
  }
  if (observations.empty()) return 0;

  // As the import does: sorted by time; rows at the same second are refused there, so keep one.
  std::stable_sort(observations.begin(), observations.end(),
                   [](const auto& a, const auto& b) { return a.t < b.t; });
  observations.erase(std::unique(observations.begin(), observations.end(),
                                 [](const auto& a, const auto& b) { return a.t == b.t; }),
                     observations.end());

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
