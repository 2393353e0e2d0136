#include "sla/percentile.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace ill::sla {

namespace {

// An unsigned key that sorts like the double: flip all bits of negatives, the sign bit of the rest.
std::uint64_t sort_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  return (bits & sign) != 0 ? ~bits : (bits | sign);
}

// The k-th smallest (0-based) of `values`, which it leaves as they are. A most-significant-digit
// radix select on the keys: find the highest bit in which the candidates differ, count the 11-bit
// digit below it, keep (copying branch-free) the bucket that holds rank k, repeat; nth_element
// finishes a small rest. A few linear passes instead of introselect's unpredictable partitions,
// which took a third of the SLA benchmark's time.
double select_kth(std::span<const double> values, std::size_t k, std::vector<double>& scratch) {
  constexpr int k_bits = 11;
  constexpr std::uint64_t k_mask = (std::uint64_t{1} << k_bits) - 1;
  constexpr std::size_t k_small = 256;
  std::array<std::uint32_t, std::size_t{1} << k_bits> counts;
  std::span<const double> candidates = values;
  scratch.resize(values.size());
  while (candidates.size() > k_small) {
    const std::uint64_t first_key = sort_key(candidates[0]);
    std::uint64_t differ = 0;
    for (double value : candidates) {
      differ |= sort_key(value) ^ first_key;
    }
    if (differ == 0) {
      return candidates[0];  // all equal
    }
    const int top = 63 - std::countl_zero(differ);
    const int shift = std::max(0, top + 1 - k_bits);
    counts.fill(0);
    for (double value : candidates) {
      ++counts[(sort_key(value) >> shift) & k_mask];
    }
    std::size_t below = 0;
    std::uint64_t bucket = 0;
    while (below + counts[bucket] <= k) {
      below += counts[bucket];
      ++bucket;
    }
    // `candidates` may already live in `scratch`: copying forward in place is safe.
    std::size_t out = 0;
    for (double value : candidates) {
      scratch[out] = value;
      out += ((sort_key(value) >> shift) & k_mask) == bucket ? 1 : 0;
    }
    candidates = std::span<const double>(scratch.data(), out);
    k -= below;
  }
  if (candidates.data() != scratch.data()) {
    std::copy(candidates.begin(), candidates.end(), scratch.begin());
  }
  auto first = scratch.begin();
  auto nth = first + static_cast<std::ptrdiff_t>(k);
  std::nth_element(first, nth, first + static_cast<std::ptrdiff_t>(candidates.size()));
  return *nth;
}

// The k-th smallest of `values` by a sample first, after Floyd and Rivest: two order statistics
// of a fixed pseudo-random sample bracket rank k; one branch-free pass counts the values below the
// bracket and keeps those inside it (about a tenth of them at the 95th percentile), and
// nth_element finishes on the few kept. A month's traffic slots (8,928 a link) take one pass this
// way where the radix select took several. None when the bracket misses rank k: values that
// repeat so much that the bracket holds most of them, or a sample too unlike the whole (at four
// standard deviations of its rank, about one draw in 16,000).
std::optional<double> select_by_sample(std::span<const double> values, std::size_t k,
                                       std::vector<double>& scratch) {
  constexpr std::size_t k_sample = 256;
  const std::size_t n = values.size();
  std::array<double, k_sample> sample;
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;  // fixed: the same values, the same work
  for (double& v : sample) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    // An index in [0, n) by multiplying rather than by `%`, a division per draw.
    v = values[n < (std::size_t{1} << 32) ? ((state >> 32) * n) >> 32 : state % n];
  }
  // Where rank k falls in the sample, and a margin of four standard deviations of that rank.
  const double p = (static_cast<double>(k) + 0.5) / static_cast<double>(n);
  const double at = p * k_sample;
  const double margin = 4 * std::sqrt(k_sample * p * (1 - p)) + 2;
  const auto low_rank = static_cast<std::size_t>(std::max(0.0, at - margin));
  const auto high_rank =
      static_cast<std::size_t>(std::min(static_cast<double>(k_sample - 1), at + margin));
  std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(low_rank),
                   sample.end());
  const double low = sample[low_rank];
  std::nth_element(sample.begin() + static_cast<std::ptrdiff_t>(low_rank),
                   sample.begin() + static_cast<std::ptrdiff_t>(high_rank), sample.end());
  const double high = sample[high_rank];
  scratch.resize(n);
  std::size_t below = 0;
  std::size_t kept = 0;
  std::size_t unordered = 0;  // NaNs, which the radix select places by their bits
  for (const double v : values) {
    below += v < low ? 1 : 0;
    unordered += std::isnan(v) ? 1 : 0;
    scratch[kept] = v;
    kept += (v >= low && v <= high) ? 1 : 0;
  }
  if (unordered > 0 || k < below || k >= below + kept || kept > n / 2) return std::nullopt;
  const auto nth = scratch.begin() + static_cast<std::ptrdiff_t>(k - below);
  std::nth_element(scratch.begin(), nth, scratch.begin() + static_cast<std::ptrdiff_t>(kept));
  return *nth;
}

// Fewer values go straight to the radix select, whose few passes cost little there.
constexpr std::size_t k_sampled_from = 2048;

double select(std::span<const double> values, std::size_t k, std::vector<double>& scratch) {
  if (values.size() >= k_sampled_from)
    if (auto v = select_by_sample(values, k, scratch)) return *v;
  return select_kth(values, k, scratch);
}

}  // namespace

std::size_t nearest_rank(std::size_t n, unsigned percent) { return (n * percent + 99) / 100; }

std::optional<double> percentile(std::span<const double> values, unsigned percent,
                                 PercentileMethod method) {
  std::vector<double> scratch;
  return percentile(values, percent, method, scratch);
}

std::optional<double> percentile(std::span<const double> values, unsigned percent,
                                 PercentileMethod method, std::vector<double>& scratch) {
  const std::size_t n = values.size();
  if (n == 0) {
    return std::nullopt;
  }
  if (method == PercentileMethod::nearest_rank) {
    const std::size_t rank = std::max<std::size_t>(nearest_rank(n, percent), 1);
    return select(values, rank - 1, scratch);
  }
  // Interpolated: h = (n - 1) p / 100; split into integer part and fraction exactly.
  const std::size_t scaled = (n - 1) * percent;
  const std::size_t lower = scaled / 100;
  const double fraction = static_cast<double>(scaled % 100) / 100.0;
  const double low = select(values, lower, scratch);
  if (lower + 1 >= n || fraction == 0) {
    return low;
  }
  const double high = select(values, lower + 1, scratch);
  return low + fraction * (high - low);
}

}  // namespace ill::sla
