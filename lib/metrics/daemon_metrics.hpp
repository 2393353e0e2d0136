// What illd exposes on /metrics, rendered from a snapshot of the daemon's state. Names follow
// mktxp where the figures overlap (so Grafana dashboard 13679 works unchanged); ill's own
// families are named illd_*.
#pragma once

#include "metrics/fleet_metrics.hpp"

#include <chrono>
#include <string>

namespace ill::metrics {

struct DaemonSnapshot {
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point config_loaded;
  unsigned reloads = 0;
  unsigned failed_reloads = 0;
};

// The whole /metrics body: illd's own figures, then the routers, links and collector.
std::string render(const DaemonSnapshot& daemon, const FleetSnapshot& fleet);
// illd's own figures alone (what illd serves until the collector fills a FleetSnapshot).
std::string render(const DaemonSnapshot& snapshot);
// Appends illd's own figures (build, start time, configuration reloads) to `out`.
void render_daemon(const DaemonSnapshot& snapshot, Exposition& out);

}  // namespace ill::metrics
