// How long the SLA math takes for a fleet: N links x one month of one-minute observations.
// Build with -DILL_BENCH=ON (and a Release build type), run by hand: bench_sla [links]
// (default 10,000). Generating the observations is not timed; building each link's timeline and
// its month figures is, in this thread's CPU time (the build machines are shared, so wall time
// would count other processes' turns) and in wall time.
#include "sla/calculate.hpp"
#include "sla/timeline.hpp"

#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

// This thread's CPU time.
struct CpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<CpuClock>;
  static constexpr bool is_steady = true;
  static time_point now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return time_point{std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec}};
  }
};

// xorshift64*: cheap and deterministic, so generation stays out of the way.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
  }
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }
};

void generate(std::vector<ill::sla::Observation>& out, const ill::sla::Period& period,
              std::uint64_t seed) {
  using ill::sla::State;
  out.clear();
  Random random{seed * 0x9E3779B97F4A7C15ULL + 1};
  State state = State::up;
  std::int64_t state_left = 0;
  for (auto t = period.from; t < period.to; t += std::chrono::seconds{60}) {
    if (random.below(20'000) == 0) {
      t += std::chrono::seconds{random.below(3600)};  // the router was unreachable for a while
    }
    if (state_left == 0) {
      state = random.below(3000) == 0 ? State::down : State::up;
      state_left = state == State::down ? 1 + random.below(30) : 1;
    }
    --state_left;
    ill::sla::Observation o;
    o.t = t + std::chrono::seconds{random.below(9) - 4};  // poll jitter
    o.state = state;
    o.rx_bps = static_cast<double>(random.below(100'000'000));
    o.tx_bps = static_cast<double>(random.below(20'000'000));
    if (state == State::up) {
      o.latency_ms = 5.0 + static_cast<double>(random.below(4000)) / 100.0;
      o.loss_pct = random.below(100) == 0 ? 1.0 : 0.0;
    }
    out.push_back(o);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long links = argc > 1 ? std::atol(argv[1]) : 10'000;
  auto zone = ill::sla::find_zone("Asia/Kolkata");
  auto period = ill::sla::month_period(date::year{2026} / 1, *zone);
  if (!zone || !period) {
    std::fprintf(stderr, "bench_sla: no period\n");
    return 1;
  }
  ill::sla::Policy policy;
  policy.monthly_fee_cents = 2'500'000;
  const std::vector<ill::sla::TimeRange> maintenance{
      {period->from + std::chrono::hours{24 * 9}, period->from + std::chrono::hours{24 * 9 + 4}}};

  std::vector<ill::sla::Observation> observations;
  observations.reserve(46'000);
  using clock = CpuClock;
  const auto wall_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration wall_time{};
  clock::duration timeline_time{};
  clock::duration figures_time{};
  std::size_t total_observations = 0;
  std::size_t total_intervals = 0;
  std::int64_t total_downtime = 0;
  double checksum = 0;
  for (long link = 0; link < links; ++link) {
    generate(observations, *period, static_cast<std::uint64_t>(link));
    total_observations += observations.size();

    const auto w0 = std::chrono::steady_clock::now();
    const auto t0 = clock::now();
    auto timeline =
        ill::sla::build_timeline(observations, std::chrono::seconds{60}, period->range());
    const auto t1 = clock::now();
    auto figures = ill::sla::calculate(*period, *timeline, maintenance, observations, {}, policy);
    const auto t2 = clock::now();
    wall_time += std::chrono::steady_clock::now() - w0;
    if (!timeline || !figures) {
      std::fprintf(stderr, "bench_sla: link %ld failed\n", link);
      return 1;
    }
    timeline_time += t1 - t0;
    figures_time += t2 - t1;
    total_intervals += timeline->size();
    total_downtime += figures->downtime_s;
    checksum += figures->availability_pct.value_or(0) + figures->traffic.bps.value_or(0) +
                figures->latency_p95_ms.value_or(0);
  }
  auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
  const double total = seconds(timeline_time + figures_time);
  std::printf("links %ld, observations %zu (%.0f per link), intervals %zu (%.1f per link)\n", links,
              total_observations,
              static_cast<double>(total_observations) / static_cast<double>(links), total_intervals,
              static_cast<double>(total_intervals) / static_cast<double>(links));
  std::printf(
      "timeline %.3f s, figures %.3f s, total %.3f s (%.1f us per link, %.2f ns per observation)\n",
      seconds(timeline_time), seconds(figures_time), total,
      1e6 * total / static_cast<double>(links),
      1e9 * total / static_cast<double>(total_observations));
  std::printf("wall time of the timed parts %.3f s; whole run %.3f s\n", seconds(wall_time),
              seconds(std::chrono::steady_clock::now() - wall_start));
  std::printf("mean downtime %.1f s per link, checksum %.6g\n",
              static_cast<double>(total_downtime) / static_cast<double>(links), checksum);
  return 0;
}
