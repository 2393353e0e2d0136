// What the latency, loss and traffic figures need of a period's samples (sla.md rules 7 and 8), in
// a form that adds up: counts and sums, the latencies as counts per 0.1 ms, and one rate per
// 5-minute slot. The store keeps the same sums per hour and per 5-minute slot as samples arrive,
// so a month's figures never read the month's raw samples (see figures/month_inputs.hpp).
//
// Decision where sla.md rule 7 cannot be met at scale: the latency p95 is taken over the
// latencies rounded to the nearest 0.1 ms (halves away from zero). A month of one-minute polls is
// 44,640 latencies per link, 446 million for 10,000 links: too many to keep a second time and to
// read in the seconds a fleet's month may take. Counted at 0.1 ms they fit in a few hundred bytes
// an hour. 0.1 ms is finer than any commitment (whole milliseconds) and than the jitter of a ping
// across a carrier's network; the mean, which decides a latency breach (rule 9), stays exact.
// Nearest rank and interpolation (policy.percentile) work on the rounded values as on any others.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"
#include "sla/observation.hpp"
#include "sla/policy.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ill::sla {

// Traffic slots are [k x 300 s, (k + 1) x 300 s) since the Unix epoch (rule 8).
inline constexpr std::int64_t k_slot_s = 300;

// A latency as a whole count of 0.1 ms, rounded to nearest (halves away from zero); negative and
// non-finite values count as 0.
std::int64_t latency_bucket(double latency_ms);
// The latency a bucket stands for, in ms: the double nearest to bucket / 10.
double latency_of_bucket(std::int64_t bucket);

// `count` latencies that round to `bucket`.
struct LatencyCount {
  std::int64_t bucket = 0;
  std::uint64_t count = 0;
  friend bool operator==(const LatencyCount&, const LatencyCount&) = default;
};

struct SampleSummary {
  // Rule 7: observations in the schedule whose state is `up` and that carry the value.
  std::uint64_t latency_n = 0;
  double latency_sum = 0;               // of the exact values
  std::vector<LatencyCount> latencies;  // any order; a bucket may appear more than once
  std::uint64_t loss_n = 0;
  double loss_sum = 0;
  // Rule 8: the rate of each 5-minute slot that has one, any order.
  std::vector<double> in_rates;
  std::vector<double> out_rates;

  // Empties it, keeping the capacity.
  void clear();
};

// Summarises `samples` (one link, in time order): traffic over `measured`, latency and loss over
// `scheduled` (sorted, disjoint ranges inside `measured`). A slot cut by an edge of `measured`
// uses only the samples inside it. Appends to `out`; fails on samples out of time order.
Status summarize(std::span<const Observation> samples, TimeRange measured,
                 std::span<const TimeRange> scheduled, SampleSummary& out);

// The percentile of the latencies that `counts` holds (see percentile.hpp for the methods);
// null when there is none. `scratch` is reused between calls.
std::optional<double> latency_percentile(std::span<const LatencyCount> counts, unsigned percent,
                                         PercentileMethod method,
                                         std::vector<std::uint64_t>& scratch);

}  // namespace ill::sla
