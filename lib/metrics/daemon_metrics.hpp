// What illd exposes on /metrics, rendered from a snapshot of the daemon's state. Names follow
// mktxp where the figures overlap (so Grafana dashboard 13679 works unchanged); ill's own
// families are named illd_*.
#pragma once

#include <chrono>
#include <string>

namespace ill::metrics {

struct DaemonSnapshot {
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point config_loaded;
  unsigned reloads = 0;
  unsigned failed_reloads = 0;
};

std::string render(const DaemonSnapshot& snapshot);

}  // namespace ill::metrics
