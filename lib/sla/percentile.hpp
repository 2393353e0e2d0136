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
#include <vector>

namespace ill::sla {

// The 1-based nearest rank ceil(percent/100 x n) for a whole `percent` in 1..100; 0 when n == 0.
std::size_t nearest_rank(std::size_t n, unsigned percent);

// The percentile of `values` (any order, left unchanged; O(n)); null when empty.
std::optional<double> percentile(std::span<const double> values, unsigned percent,
                                 PercentileMethod method);
// The same, with a caller-owned scratch buffer so repeated calls do not allocate.
std::optional<double> percentile(std::span<const double> values, unsigned percent,
                                 PercentileMethod method, std::vector<double>& scratch);

}  // namespace ill::sla
