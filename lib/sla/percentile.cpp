#include "sla/percentile.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
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
    return select_kth(values, rank - 1, scratch);
  }
  // Interpolated: h = (n - 1) p / 100; split into integer part and fraction exactly.
  const std::size_t scaled = (n - 1) * percent;
  const std::size_t lower = scaled / 100;
  const double fraction = static_cast<double>(scaled % 100) / 100.0;
  const double low = select_kth(values, lower, scratch);
  if (lower + 1 >= n || fraction == 0) {
    return low;
  }
  const double high = select_kth(values, lower + 1, scratch);
  return low + fraction * (high - low);
}

}  // namespace ill::sla
