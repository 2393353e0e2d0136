#include "collect/health.hpp"

#include <fmt/format.h>

namespace ill::collect {

namespace {

long long whole_seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

}  // namespace

Health assess_health(const HealthInputs& in) {
  Health out;
  auto add = [&](std::string reason) {
    out.healthy = false;
    if (!out.reason.empty()) out.reason += "; ";
    out.reason += reason;
  };
  if (auto idle = in.now - in.writer_progress; idle > in.writer_stall) {
    out.alive = false;
    add(fmt::format("the writer thread has made no progress for {} s", whole_seconds(idle)));
  }
  if (auto idle = in.now - in.collector_tick; idle > in.collector_stall) {
    out.alive = false;
    add(fmt::format("the collector thread has made no progress for {} s", whole_seconds(idle)));
  }
  if (in.writer_failing_since) {
    if (auto failing = in.now - *in.writer_failing_since; failing > 2 * in.interval) {
      add(fmt::format("the database has refused writes for {} s: {}", whole_seconds(failing),
                      in.writer_failure));
    }
  }
  if (in.collector_lag > in.interval) {
    add(fmt::format("polls start {:.1f} s behind their slots (interval {} s)",
                    std::chrono::duration<double>(in.collector_lag).count(), in.interval.count()));
  }
  return out;
}

}  // namespace ill::collect
