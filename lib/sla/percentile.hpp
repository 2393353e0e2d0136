// Percentiles for SLA figures (sla.md rules 7 and 8).
//
// nearest_rank: the value at 1-based index ceil(p/100 x n) of the ascending values, computed in
// integers (p in whole percent), so 100 values 1..100 give 95 at p = 95.
// interpolated: linear between closest ranks (the "R-7" definition of numpy's default and most
// spreadsheets): h = (n - 1) x p/100 (0-based), value = x[floor h] + (h - floor h) x
// (x[floor h + 1] - x[floor h]); 1..100 gives 95.05 at p = 95.
#pragma once

#include "sla/policy.hpp"

#include <cstddef>
#include <optional>
#include <span>

namespace ill::sla {

// The 1-based nearest rank ceil(percent/100 x n) for a whole `percent` in 1..100; 0 when n == 0.
std::size_t nearest_rank(std::size_t n, unsigned percent);

// The percentile of `values`, reordering them in place (O(n), no allocation); null when empty.
std::optional<double> percentile(std::span<double> values, unsigned percent,
                                 PercentileMethod method);

}  // namespace ill::sla
