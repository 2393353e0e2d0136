#include "sla/percentile.hpp"

#include <algorithm>
#include <cmath>

namespace ill::sla {

std::size_t nearest_rank(std::size_t n, unsigned percent) { return (n * percent + 99) / 100; }

std::optional<double> percentile(std::span<double> values, unsigned percent,
                                 PercentileMethod method) {
  const std::size_t n = values.size();
  if (n == 0) {
    return std::nullopt;
  }
  if (method == PercentileMethod::nearest_rank) {
    const std::size_t rank = std::max<std::size_t>(nearest_rank(n, percent), 1);
    auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
  }
  // Interpolated: h = (n - 1) p / 100; split into integer part and fraction exactly.
  const std::size_t scaled = (n - 1) * percent;
  const std::size_t lower = scaled / 100;
  const double fraction = static_cast<double>(scaled % 100) / 100.0;
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(lower);
  std::nth_element(values.begin(), nth, values.end());
  const double low = *nth;
  if (lower + 1 >= n || fraction == 0) {
    return low;
  }
  const double high = *std::min_element(nth + 1, values.end());
  return low + fraction * (high - low);
}

}  // namespace ill::sla
