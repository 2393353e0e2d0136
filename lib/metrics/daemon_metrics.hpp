// What illd exposes on /metrics, rendered from a snapshot of the daemon's state. Names follow
// mktxp where the figures overlap (so Grafana dashboard 13679 works unchanged); ill's own
// families are named illd_*.
#pragma once

#include "metrics/fleet_metrics.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
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
// The same text in pieces of about `piece_bytes`, rendered on a thread of its own that waits
// while two pieces are unread: a scrape of 50,000 links (64 MB of text) never holds its whole
// page. Each call fills `piece` with the next one; false once there is none. Destroying the
// last copy of the function (the scrape ended or the client left) stops the thread and joins it.
std::function<bool(std::string& piece)> render_pieces(DaemonSnapshot daemon, FleetSnapshot fleet,
                                                      std::size_t piece_bytes = 256 * 1024);
// illd's own figures alone (what illd serves until the collector fills a FleetSnapshot).
std::string render(const DaemonSnapshot& snapshot);
// Appends illd's own figures (build, start time, configuration reloads) to `out`.
void render_daemon(const DaemonSnapshot& snapshot, Exposition& out);

}  // namespace ill::metrics
