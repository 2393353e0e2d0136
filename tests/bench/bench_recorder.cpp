// illd's writer side alone, without routers or a network: the recorder committing a fleet's
// polls into an on-disk store as illd's writer does (batches of one second's results). Run by hand:
//   bench_recorder [routers=10000] [links_per_router=5] [minutes=5] [dir=/tmp]
// Each simulated minute polls every router once, spread over the minute in 60 batches; the
// first minute (links seen for the first time) is not measured. Prints the CPU the recorder took
// per simulated minute, as a share of one core at a 60 s interval, and the WAL written.
#include "collect/inventory.hpp"
#include "collect/recorder.hpp"
#include "process_cpu.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

template <class T>
T must(ill::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "bench_recorder: %s: %s\n", what, r.error().what().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

ill::collect::PollResult poll_of(const ill::collect::PollTarget& target, int minute,
                                 std::chrono::system_clock::time_point at) {
  ill::collect::PollResult p;
  p.target = target;
  p.at = at;
  p.interval = 60s;
  p.status = ill::store::RouterStatus::online;
  ill::collect::RouterPoll poll;
  poll.at = at;
  poll.duration = 40ms;
  poll.router.uptime = std::chrono::seconds(1'000'000 + minute * 60);
  poll.router.cpu_load_pct = 5;
  poll.router.total_memory = 1 << 30;
  poll.router.free_memory = 1 << 29;
  for (const auto& link : target->links) {
    ill::collect::InterfaceStats s;
    s.name = link.interface;
    s.running = true;
    const auto m = static_cast<std::uint64_t>(minute);
    s.rx_bytes = 1'000'000'000ull + m * 600'000'000ull + static_cast<std::uint64_t>(link.id);
    s.tx_bytes = 1'000'000'000ull + m * 75'000'000ull;
    poll.interfaces.push_back(s);
    ill::collect::PingSummary ping;
    ping.address = *link.probe_target;
    ping.sent = 3;
    ping.received = 3;
    ping.loss_pct = 0;
    ping.min_ms = 1.5;
    ping.avg_ms = 2.25 + (link.id % 7) * 0.5;
    ping.max_ms = 4;
    poll.pings.push_back(ping);
  }
  p.poll = std::move(poll);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  const int routers = argc > 1 ? std::atoi(argv[1]) : 10'000;
  const int per_router = argc > 2 ? std::atoi(argv[2]) : 5;
  const int minutes = argc > 3 ? std::atoi(argv[3]) : 5;
  const std::filesystem::path dir = std::filesystem::path(argc > 4 ? argv[4] : "/tmp") /
                                    fmt::format("ill-bench-recorder-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "ill.db").string();

  auto db = must(ill::store::Database::open(path, ill::store::OpenMode::create), "open");
  {
    auto tx = must(db->begin(), "begin");
    ill::store::Client c;
    c.name = "bench";
    const auto client = must(ill::store::ClientRepository(*db).add(c), "client");
    for (int r = 1; r <= routers; ++r) {
      ill::store::Router router;
      router.name = fmt::format("edge{}", r);
      router.host = fmt::format("127.1.{}.{}", r / 256, r % 256);
      router.username = "bench";
      router.id = must(ill::store::RouterRepository(*db).add(router), "router");
      for (int i = 1; i <= per_router; ++i) {
        ill::store::Link l;
        l.name = fmt::format("edge{}-vlan{}", r, 100 + i);
        l.client_id = client;
        l.router_id = router.id;
        l.interface = fmt::format("vlan{}", 100 + i);
        l.committed_mbps = 100;
        l.probe_target = fmt::format("10.0.{}.1", i);
        must(ill::store::LinkRepository(*db).add(l), "link");
      }
    }
    if (auto st = tx.commit(); !st) return 1;
  }
  const auto inventory = must(ill::collect::load_inventory(*db), "inventory");
  ill::collect::Recorder recorder(*db);
  recorder.live().set_inventory(inventory);

  // A minute's polls spread over 60 one-second batches, as illd's writer lingers a second.
  const auto start = std::chrono::system_clock::time_point(1'796'083'200s);  // a UTC midnight
  const std::size_t n = inventory.routers.size();
  double measured_cpu = 0;
  std::size_t samples = 0;
  for (int minute = 0; minute <= minutes; ++minute) {
    const double cpu0 = ill::bench::process_cpu_seconds();
    for (int second = 0; second < 60; ++second) {
      std::vector<ill::collect::PollResult> batch;
      for (std::size_t i = n * static_cast<std::size_t>(second) / 60;
           i < n * static_cast<std::size_t>(second + 1) / 60; ++i) {
        const auto at = start + std::chrono::minutes(minute) + std::chrono::seconds(second) +
                        std::chrono::milliseconds(i % 1000);
        batch.push_back(poll_of(inventory.routers[i], minute, at));
      }
      auto counts = must(recorder.record(batch), "record");
      if (minute > 0) samples += counts.samples;
    }
    if (minute > 0) measured_cpu += ill::bench::process_cpu_seconds() - cpu0;
  }
  const double per_minute = measured_cpu / minutes;
  std::printf("%d routers, %d links, %d measured minutes: %zu samples\n", routers,
              routers * per_router, minutes, samples);
  std::printf("recorder CPU per minute of polls: %.2f s = %.1f %% of one core at a 60 s interval\n",
              per_minute, per_minute / 60 * 100);
  std::printf("CPU per sample: %.1f us\n", measured_cpu / static_cast<double>(samples) * 1e6);
  db.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
