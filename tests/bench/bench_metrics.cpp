// illd's /metrics page at fleet scale, rendered as a scrape renders it (render_pieces: a thread
// handing 256 KiB pieces through a channel). Run by hand:
//   bench_metrics [routers=10000] [links_per_router=5] [scrapes=10]
// The links' labels are packed once, as illd packs them once per inventory
// (metrics::LinkLabelTable); each scrape copies the snapshot as illd does.
// Prints the page's size, the time and CPU of one scrape, and the bytes rendered per second.
#include "metrics/daemon_metrics.hpp"
#include "metrics/fleet_metrics.hpp"
#include "process_cpu.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

ill::metrics::FleetSnapshot fleet_of(int routers, int links_per_router) {
  using namespace ill::metrics;
  FleetSnapshot fleet;
  std::vector<LinkNames> names;
  for (int r = 1; r <= routers; ++r) {
    RouterFigures router;
    router.name = fmt::format("edge{}", r);
    router.address = fmt::format("127.1.{}.{}", r / 256, r % 256);
    router.identity = router.name;
    router.version = "7.16.2 (stable)";
    router.board = "CCR2004-1G-12S+2XS";
    router.cpu = "ARM64";
    router.architecture = "arm64";
    router.status = "online";
    router.up = true;
    router.cpu_load_pct = r % 100;
    router.free_memory_bytes = 3'000'000'000ull + static_cast<unsigned>(r);
    router.total_memory_bytes = 4'294'967'296ull;
    router.uptime_s = 86'400.0 * 30 + r;
    router.poll_duration_s = 0.0123 + r * 1e-6;
    router.polls_total = 1'440;
    router.last_poll = 1'796'000'000 + r % 60;
    const std::string router_name = router.name, address = router.address;
    fleet.routers.push_back(std::move(router));
    for (int i = 1; i <= links_per_router; ++i) {
      names.push_back({fmt::format("{}-vlan{}", router_name, 100 + i),
                       fmt::format("client{:03}", (r * links_per_router + i) % 500), router_name,
                       address, fmt::format("vlan{}", 100 + i)});
      LinkFigures l;
      l.rx_bytes = 1'234'567'890'123ull * static_cast<unsigned>(i) + static_cast<unsigned>(r);
      l.tx_bytes = 987'654'321'098ull * static_cast<unsigned>(i) + static_cast<unsigned>(r);
      l.rx_bps = 81'234'567.0 + r;  // whole bit/s, as the recorder stores them
      l.tx_bps = 12'345'678.0 + i;
      l.state = LinkState::up;
      l.state_since = 1'795'000'000 + r;
      l.latency_ms = 3.25 + (r % 7) * 0.125;
      l.loss_pct = (r % 10) == 0 ? 33.3 : 0.0;
      fleet.links.push_back(std::move(l));
    }
  }
  fleet.name_links(names);
  return fleet;
}

}  // namespace

int main(int argc, char** argv) {
  const int routers = argc > 1 ? std::atoi(argv[1]) : 10'000;
  const int links_per_router = argc > 2 ? std::atoi(argv[2]) : 5;
  const int scrapes = argc > 3 ? std::atoi(argv[3]) : 10;
  const auto fleet = fleet_of(routers, links_per_router);
  std::size_t bytes = 0;
  double best_wall = 1e9, total_cpu = 0;
  for (int i = 0; i < scrapes; ++i) {
    const double cpu0 = ill::bench::process_cpu_seconds();
    const auto wall0 = std::chrono::steady_clock::now();
    // As illd serves a scrape: the snapshot is copied into the renderer's thread.
    auto next = ill::metrics::render_pieces(ill::metrics::DaemonSnapshot{}, fleet);
    std::string piece;
    bytes = 0;
    while (next(piece)) bytes += piece.size();
    best_wall = std::min(
        best_wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count());
    total_cpu += ill::bench::process_cpu_seconds() - cpu0;
  }
  std::printf("routers %d, links %d: page %.1f MB\n", routers, routers * links_per_router,
              static_cast<double>(bytes) / 1e6);
  std::printf("one scrape: best %.0f ms wall, %.0f ms CPU on average; %.0f MB/s\n", best_wall * 1e3,
              total_cpu / scrapes * 1e3, static_cast<double>(bytes) / 1e6 / best_wall);
  return 0;
}
