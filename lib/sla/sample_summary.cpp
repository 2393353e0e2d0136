#include "sla/sample_summary.hpp"

#include "sla/percentile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ill::sla {

namespace {

using std::chrono::sys_seconds;

// Far above any real latency (a day is 864,000,000 buckets); keeps the conversion defined.
constexpr double k_max_bucket = 1e15;
// Up to this many buckets between the smallest and the largest latency, the percentile counts
// into an array indexed by bucket (26 s of spread); wider spreads sort instead.
constexpr std::int64_t k_max_dense_span = std::int64_t{1} << 18;

std::int64_t slot_of(sys_seconds t) {
  const std::int64_t epoch = t.time_since_epoch().count();
  return epoch >= 0 ? epoch / k_slot_s : -((-epoch + k_slot_s - 1) / k_slot_s);
}

// Finds the values at 0-based ranks `low` <= `high` by walking buckets in ascending order;
// `visit` yields (bucket, count) pairs in that order.
struct RankWalk {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::uint64_t below = 0;
  std::optional<std::int64_t> low_bucket;
  std::optional<std::int64_t> high_bucket;

  // Returns true when both are found.
  bool take(std::int64_t bucket, std::uint64_t count) {
    if (count == 0) return false;
    below += count;
    if (!low_bucket && low < below) low_bucket = bucket;
    if (!high_bucket && high < below) high_bucket = bucket;
    return high_bucket.has_value();
  }
};

}  // namespace

std::int64_t latency_bucket(double latency_ms) {
  const double scaled = latency_ms * 10.0;
  if (!(scaled > 0)) return 0;  // negative, zero or NaN
  return std::llround(std::min(scaled, k_max_bucket));
}

double latency_of_bucket(std::int64_t bucket) { return static_cast<double>(bucket) / 10.0; }

void SampleSummary::clear() {
  latency_n = 0;
  latency_sum = 0;
  latencies.clear();
  loss_n = 0;
  loss_sum = 0;
  in_rates.clear();
  out_rates.clear();
}

Status summarize(std::span<const Observation> samples, TimeRange measured,
                 std::span<const TimeRange> scheduled, SampleSummary& out) {
  std::size_t si = 0;
  std::int64_t slot = std::numeric_limits<std::int64_t>::min();
  double in_sum = 0;
  double out_sum = 0;
  std::size_t in_n = 0;
  std::size_t out_n = 0;
  auto close_slot = [&] {
    if (in_n > 0) out.in_rates.push_back(in_sum / static_cast<double>(in_n));
    if (out_n > 0) out.out_rates.push_back(out_sum / static_cast<double>(out_n));
    in_sum = out_sum = 0;
    in_n = out_n = 0;
  };
  sys_seconds previous = sys_seconds::min();
  for (const Observation& sample : samples) {
    if (sample.t < previous) {
      return fail(Errc::invalid_input, "samples out of order at {} s",
                  sample.t.time_since_epoch().count());
    }
    previous = sample.t;
    if (sample.t < measured.from) continue;
    if (sample.t >= measured.to) break;
    // Traffic: every sample in the period.
    const std::int64_t sample_slot = slot_of(sample.t);
    if (sample_slot != slot) {
      close_slot();
      slot = sample_slot;
    }
    if (sample.rx_bps) {
      in_sum += *sample.rx_bps;
      ++in_n;
    }
    if (sample.tx_bps) {
      out_sum += *sample.tx_bps;
      ++out_n;
    }
    // Latency and loss: up samples inside the schedule.
    if (sample.state != State::up) continue;
    while (si < scheduled.size() && scheduled[si].to <= sample.t) ++si;
    if (si == scheduled.size() || scheduled[si].from > sample.t) continue;
    if (sample.latency_ms) {
      ++out.latency_n;
      out.latency_sum += *sample.latency_ms;
      const std::int64_t bucket = latency_bucket(*sample.latency_ms);
      // Consecutive equal latencies share an entry: cheap, and common on a steady link.
      if (!out.latencies.empty() && out.latencies.back().bucket == bucket)
        ++out.latencies.back().count;
      else
        out.latencies.push_back({bucket, 1});
    }
    if (sample.loss_pct) {
      ++out.loss_n;
      out.loss_sum += *sample.loss_pct;
    }
  }
  close_slot();
  return {};
}

std::optional<double> latency_percentile(std::span<const LatencyCount> counts, unsigned percent,
                                         PercentileMethod method,
                                         std::vector<std::uint64_t>& scratch) {
  std::uint64_t n = 0;
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  for (const LatencyCount& c : counts) {
    if (c.count == 0) continue;
    n += c.count;
    lo = std::min(lo, c.bucket);
    hi = std::max(hi, c.bucket);
  }
  if (n == 0) return std::nullopt;

  // The 0-based ranks wanted, as percentile() computes them.
  RankWalk walk;
  double fraction = 0;
  if (method == PercentileMethod::nearest_rank) {
    walk.low = walk.high = std::max<std::uint64_t>(nearest_rank(n, percent), 1) - 1;
  } else {
    const std::uint64_t scaled = (n - 1) * percent;
    walk.low = walk.high = scaled / 100;
    fraction = static_cast<double>(scaled % 100) / 100.0;
    if (walk.low + 1 < n && fraction != 0) walk.high = walk.low + 1;
  }

  if (hi - lo < k_max_dense_span) {
    const auto span = static_cast<std::size_t>(hi - lo + 1);
    scratch.assign(span, 0);
    for (const LatencyCount& c : counts)
      scratch[static_cast<std::size_t>(c.bucket - lo)] += c.count;
    for (std::size_t i = 0; i < span; ++i)
      if (walk.take(lo + static_cast<std::int64_t>(i), scratch[i])) break;
  } else {
    std::vector<LatencyCount> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const LatencyCount& a, const LatencyCount& b) { return a.bucket < b.bucket; });
    for (const LatencyCount& c : sorted)
      if (walk.take(c.bucket, c.count)) break;
  }
  const double low = latency_of_bucket(*walk.low_bucket);
  if (walk.high == walk.low) return low;
  const double high = latency_of_bucket(*walk.high_bucket);
  return low + fraction * (high - low);
}

}  // namespace ill::sla
