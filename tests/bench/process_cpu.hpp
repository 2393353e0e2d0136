// The CPU time this process has used so far (user + system, every thread), for the benchmarks.
#pragma once

#include <ctime>

namespace ill::bench {

inline double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace ill::bench
