// `illctl status` at ISP scale. Run by hand:
//   bench_fleet_status [routers=2000] [links=10000] [intervals_per_link=200]
// Fills an on-disk store with that many routers and links (1% of routers unreachable), a timeline
// of alternating up/down intervals per link (the last one current; every 50th link down now),
// and a heartbeat; then times read_fleet_status() in process, the same answer built the naive way
// (one LinkStateRepository::last() per link), and `illctl status` / `status --json` as processes.
#include "collect/fleet_status.hpp"
#include "core/format.hpp"
#include "inventory/importer.hpp"
#include "store/daemon_status_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string make_csv(int routers, int links) {
  std::string csv = "[routers]\nname,host,port,user\n";
  for (int i = 0; i < routers; ++i)
    csv += fmt::format("edge{},127.1.{}.{},8728,bench\n", i + 1, (i + 1) / 256, (i + 1) % 256);
  csv += "[clients]\nname\n";
  for (int i = 0; i < 500; ++i) csv += fmt::format("client{:04}\n", i);
  csv += "[links]\nname,client,router,interface,committed_mbps\n";
  for (int i = 0; i < links; ++i)
    csv += fmt::format("link{:05},client{:04},edge{},ether{},100\n", i, i % 500, i % routers + 1,
                       i / routers + 1);
  return csv;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int fail_with(const std::string& what) {
  std::fprintf(stderr, "bench_fleet_status: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ill;
  const int routers = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int links = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int per_link = argc > 3 ? std::max(1, std::atoi(argv[3])) : 200;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("ill-bench-status-{}", ::getpid());
  fs::create_directories(dir);
  const std::string db_path = (dir / "ill.db").string();
  const auto now = static_cast<std::int64_t>(std::time(nullptr));

  auto db = store::Database::open(db_path, store::OpenMode::create);
  if (!db) return fail_with(db.error().what());
  auto imported = inventory::import_inventory(**db, make_csv(routers, links), {});
  if (!imported || !imported->errors.empty() || !imported->committed)
    return fail_with("inventory import failed");

  auto start = Clock::now();
  {
    auto tx = (*db)->begin();
    if (!tx) return fail_with(tx.error().what());
    store::RouterRepository router_repo(**db);
    auto all_routers = router_repo.list().value();
    for (std::size_t i = 0; i < all_routers.size(); ++i) {
      const bool unreachable = i % 100 == 0;
      auto st = router_repo.set_status(
          all_routers[i].id,
          unreachable ? store::RouterStatus::unreachable : store::RouterStatus::online,
          from_unix_seconds(now - 20),
          unreachable ? std::optional<std::string>("connect: timed out") : std::nullopt);
      if (!st) return fail_with(st.error().what());
    }
    // Intervals of 10 minutes, alternating, the last one ending now.
    store::LinkStateRepository states(**db);
    auto all_links = store::LinkRepository(**db).list().value();
    for (std::size_t i = 0; i < all_links.size(); ++i) {
      const bool down_now = i % 50 == 0;
      std::vector<store::StateInterval> intervals;
      intervals.reserve(static_cast<std::size_t>(per_link));
      for (int k = 0; k < per_link; ++k) {
        const std::int64_t to = now - 600 * (per_link - 1 - k);
        const bool last = k == per_link - 1;
        const bool up = last ? !down_now : (per_link - 1 - k) % 2 == (down_now ? 1 : 0);
        intervals.push_back({all_links[i].id, from_unix_seconds(to - 600), from_unix_seconds(to),
                             up ? sla::State::up : sla::State::down});
      }
      auto st = states.replace(
          all_links[i].id, {from_unix_seconds(now - 600 * per_link), from_unix_seconds(now + 1)},
          intervals);
      if (!st) return fail_with(st.error().what());
    }
    store::DaemonHeartbeat h{
        from_unix_seconds(now - 5), from_unix_seconds(now - 86400), 4242, 60, 800, routers, false};
    if (auto st = store::DaemonStatusRepository(**db).put(h); !st)
      return fail_with(st.error().what());
    if (auto st = tx->commit(); !st) return fail_with(st.error().what());
  }
  fmt::print("store: {} routers, {} links, {} link_state rows ({:.1f} s to fill)\n", routers, links,
             static_cast<long long>(links) * per_link, ms_since(start) / 1000);
  (*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  fmt::print("database size: {:.1f} MB\n", static_cast<double>(fs::file_size(db_path)) / 1e6);
  db->reset();

  // A fresh read-only connection, as illctl status opens it.
  auto reader = store::Database::open(db_path, store::OpenMode::read_only);
  if (!reader) return fail_with(reader.error().what());
  std::vector<double> runs;
  collect::FleetStatus last;
  for (int i = 0; i < 7; ++i) {
    start = Clock::now();
    auto s = collect::read_fleet_status(**reader, from_unix_seconds(now));
    runs.push_back(ms_since(start));
    if (!s) return fail_with(s.error().what());
    last = std::move(*s);
  }
  fmt::print("read_fleet_status: first {:.1f} ms, median of 7 {:.1f} ms\n", runs.front(),
             median(runs));
  fmt::print("  -> {} routers online, {} not online; {} up, {} down, {} unknown\n",
             last.routers.online, last.routers_not_online.size(), last.links.up, last.links.down,
             last.links.unknown);

  // The naive way, for comparison: one query per link.
  start = Clock::now();
  store::LinkStateRepository states(**reader);
  auto all_links = store::LinkRepository(**reader).list().value();
  std::size_t down = 0;
  for (const auto& l : all_links) {
    auto one = states.last(l.id).value();
    if (one && one->state == sla::State::down) ++down;
  }
  fmt::print("naive: LinkRepository::list + {} x last(): {:.1f} ms ({} down)\n", all_links.size(),
             ms_since(start), down);
  reader->reset();

  const std::string illctl =
      fmt::format("env -u ILL_CONFIG {} --db {} status", ILL_ILLCTL_PATH, db_path);
  for (const char* variant : {"", " --json"}) {
    std::vector<double> process_runs;
    for (int i = 0; i < 5; ++i) {
      start = Clock::now();
      const int rc = std::system((illctl + variant + " > /dev/null").c_str());
      process_runs.push_back(ms_since(start));
      if (rc != 0) return fail_with(fmt::format("illctl status{} exited {}", variant, rc));
    }
    fmt::print("illctl status{}: median of 5 {:.1f} ms (process, start to exit)\n", variant,
               median(process_runs));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
