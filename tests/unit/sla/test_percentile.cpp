#include "sla/percentile.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

using namespace ill::sla;

TEST_CASE("nearest rank is ceil(0.95 n) computed exactly", "[unit][sla]") {
  CHECK(nearest_rank(100, 95) == 95);
  CHECK(nearest_rank(8640, 95) == 8208);  // a 30-day month of 5-minute slots keeps 8,208
  CHECK(nearest_rank(8928, 95) == 8482);  // 31 days: ceil(8481.6)
  CHECK(nearest_rank(20, 95) == 19);
  CHECK(nearest_rank(21, 95) == 20);  // ceil(19.95)
  CHECK(nearest_rank(1, 95) == 1);
  CHECK(nearest_rank(0, 95) == 0);
}

TEST_CASE("the 95th percentile of 1..100 is 95 by rank and 95.05 interpolated", "[unit][sla]") {
  std::vector<double> values(100);
  std::iota(values.begin(), values.end(), 1.0);
  std::shuffle(values.begin(), values.end(), std::mt19937{95});
  auto copy = values;
  CHECK(percentile(values, 95, PercentileMethod::nearest_rank) == 95.0);
  // h = 99 x 0.95 = 94.05: x[94] = 95, x[95] = 96.
  CHECK(percentile(copy, 95, PercentileMethod::interpolated) == Approx(95.05).epsilon(1e-12));
}

TEST_CASE("percentiles of one value and of none", "[unit][sla]") {
  std::vector<double> one{7.5};
  CHECK(percentile(one, 95, PercentileMethod::nearest_rank) == 7.5);
  CHECK(percentile(one, 95, PercentileMethod::interpolated) == 7.5);
  std::vector<double> none;
  CHECK_FALSE(percentile(none, 95, PercentileMethod::nearest_rank));
}
