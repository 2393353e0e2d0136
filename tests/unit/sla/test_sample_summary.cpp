// Latencies at 0.1 ms and their percentiles (sample_summary.hpp).
#include "sla/sample_summary.hpp"

#include "sla/percentile.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace ill::sla;

TEST_CASE("latencies round to the nearest 0.1 ms, halves away from zero", "[unit][sla]") {
  CHECK(latency_bucket(20.04) == 200);
  CHECK(latency_bucket(20.05) == 201);  // 200.5 in binary is just above: up
  CHECK(latency_bucket(20.25) == 203);  // 202.5 exactly: away from zero
  CHECK(latency_bucket(0.04) == 0);
  CHECK(latency_bucket(-3.0) == 0);
  CHECK(latency_bucket(std::nan("")) == 0);
  CHECK(latency_of_bucket(203) == 20.3);
  CHECK(latency_of_bucket(0) == 0.0);
}

TEST_CASE("the latency p95 is taken over the latencies rounded to 0.1 ms", "[unit][sla]") {
  std::vector<std::uint64_t> scratch;
  // 1..100 ms, each once, in two entries per value out of order: rank 95 is 95 ms.
  std::vector<LatencyCount> counts;
  for (int v = 100; v >= 1; --v) counts.push_back({v * 10, 1});
  CHECK(latency_percentile(counts, 95, PercentileMethod::nearest_rank, scratch) == 95.0);
  // Interpolated: h = 99 x 0.95 = 94.05 -> 95 + 0.05 x (96 - 95).
  CHECK(*latency_percentile(counts, 95, PercentileMethod::interpolated, scratch) ==
        Approx(95.05).epsilon(1e-12));
  // Counts above 1, and a bucket split over several entries, weigh as the values they stand for:
  // 19 x 20.0 ms and 1 x 35.1 ms: rank ceil(19) = 19 is 20.0; 20 x 20.0 and 2 x 35.1: rank 21.
  CHECK(latency_percentile({{{200, 10}, {351, 1}, {200, 9}}}, 95, PercentileMethod::nearest_rank,
                           scratch) == 20.0);
  CHECK(latency_percentile({{{200, 20}, {351, 2}}}, 95, PercentileMethod::nearest_rank, scratch) ==
        35.1);
  CHECK_FALSE(latency_percentile({}, 95, PercentileMethod::nearest_rank, scratch));
  CHECK_FALSE(latency_percentile({{{10, 0}}}, 95, PercentileMethod::nearest_rank, scratch));
}

TEST_CASE("latency percentiles equal percentile() over the rounded values", "[unit][sla]") {
  std::mt19937_64 random{7};
  std::vector<std::uint64_t> scratch;
  for (int round = 0; round < 200; ++round) {
    std::vector<LatencyCount> counts;
    std::vector<double> values;
    const auto n = std::uniform_int_distribution<int>{1, 300}(random);
    // Some rounds spread over hours of latency, past the dense array's reach.
    const double spread = round % 10 == 0 ? 1e8 : 500.0;
    for (int i = 0; i < n; ++i) {
      const double ms = std::uniform_real_distribution<double>{0, spread}(random);
      const auto bucket = latency_bucket(ms);
      counts.push_back({bucket, 1});
      values.push_back(latency_of_bucket(bucket));
    }
    for (auto method : {PercentileMethod::nearest_rank, PercentileMethod::interpolated}) {
      INFO("round " << round);
      CHECK(latency_percentile(counts, 95, method, scratch) == percentile(values, 95, method));
    }
  }
}
