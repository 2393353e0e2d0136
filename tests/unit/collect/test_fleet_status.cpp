// The read model of `illctl status`, over a store in a temporary directory filled through the
// repositories, as illd's writer fills it.
#include "collect/fleet_status.hpp"
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/daemon_status_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/router_repository.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ill;
using collect::DaemonState;
using collect::UnknownReason;
using store::RouterStatus;

namespace {

constexpr std::int64_t k_now = 1'790'000'000;

class Fleet {
public:
  Fleet() {
    db = store::Database::open(dir.file("ill.db"), store::OpenMode::create).value();
    store::Client c;
    c.name = "acme";
    client = store::ClientRepository(*db).add(c).value();
  }

  std::int64_t router(const std::string& name, RouterStatus status,
                      std::optional<int> poll_interval_s = std::nullopt, bool active = true) {
    store::Router r;
    r.name = name;
    r.host = "10.0.0." + std::to_string(++m_routers);
    r.username = "ill";
    r.poll_interval_s = poll_interval_s;
    r.active = active;
    store::RouterRepository repo(*db);
    auto id = repo.add(r).value();
    if (status != RouterStatus::unknown) {
      std::optional<std::string> error;
      if (status == RouterStatus::unreachable) error = "connect: timed out";
      if (status == RouterStatus::auth_failed) error = "login failed: invalid user name";
      REQUIRE(repo.set_status(id, status, from_unix_seconds(k_now - 20), error));
    }
    return id;
  }

  std::int64_t link(const std::string& name, std::int64_t router_id, bool active = true) {
    store::Link l;
    l.name = name;
    l.client_id = client;
    l.router_id = router_id;
    l.interface = "ether" + std::to_string(++m_links);
    l.committed_mbps = 100;
    l.active = active;
    return store::LinkRepository(*db).add(l).value();
  }

  void state(std::int64_t link_id, std::int64_t from, std::int64_t to, const std::string& state) {
    REQUIRE(store::LinkStateRepository(*db).record({link_id, from_unix_seconds(from),
                                                    from_unix_seconds(to),
                                                    sla::state_from_string(state).value()}));
  }

  void heartbeat(std::int64_t at, bool stopped = false, std::int64_t interval_s = 60) {
    store::DaemonHeartbeat h;
    h.at = from_unix_seconds(at);
    h.started = from_unix_seconds(k_now - 86400);
    h.pid = 4242;
    h.interval_s = interval_s;
    h.cycle_lag_ms = 1500;
    h.routers_polled = m_routers;
    h.stopped = stopped;
    REQUIRE(store::DaemonStatusRepository(*db).put(h));
  }

  collect::FleetStatus read(std::int64_t now = k_now) {
    auto status = collect::read_fleet_status(*db, from_unix_seconds(now));
    REQUIRE(status);
    return std::move(*status);
  }

  test::TempDir dir;
  std::unique_ptr<store::Database> db;
  std::int64_t client = 0;

private:
  int m_routers = 0;
  int m_links = 0;
};

const collect::LinkNow* find(const std::vector<collect::LinkNow>& links, const std::string& name) {
  auto it = std::find_if(links.begin(), links.end(), [&](const auto& l) { return l.name == name; });
  return it == links.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("the heartbeat reads back as illd wrote it, the last write winning", "[unit][store]") {
  Fleet f;
  store::DaemonStatusRepository repo(*f.db);
  auto none = repo.get();
  REQUIRE(none);
  CHECK_FALSE(none->has_value());

  store::DaemonHeartbeat h{
      from_unix_seconds(k_now), from_unix_seconds(k_now - 3600), 99, 30, 250, 12, false};
  REQUIRE(repo.put(h));
  h.at += std::chrono::seconds{30};
  h.cycle_lag_ms = 4000;
  h.stopped = true;
  REQUIRE(repo.put(h));
  auto back = repo.get();
  REQUIRE(back);
  REQUIRE(back->has_value());
  CHECK(**back == h);
}

TEST_CASE("the heartbeat leaves the inventory generation alone", "[unit][store]") {
  Fleet f;
  auto before = f.db->inventory_generation().value();
  f.heartbeat(k_now);
  CHECK(f.db->inventory_generation().value() == before);
}

TEST_CASE("without a heartbeat the daemon was never seen", "[unit][collect]") {
  Fleet f;
  auto gw1 = f.router("gw1", RouterStatus::unknown);
  f.link("acme-1", gw1);
  auto s = f.read();
  CHECK(s.daemon.state == DaemonState::never_seen);
  CHECK_FALSE(s.daemon.heartbeat);
  CHECK(s.routers.unknown == 1);
  REQUIRE(s.routers_not_online.size() == 1);
  CHECK(s.routers_not_online[0].links == 1);
  REQUIRE(s.links_unknown.size() == 1);
  CHECK(s.links_unknown[0].reason == UnknownReason::router_not_online);
  CHECK_FALSE(s.links_unknown[0].since);
  CHECK(collect::problems(s) ==
        std::vector<std::string>{"illd has never written to this database"});
}

TEST_CASE("a recent heartbeat is running, an old one silent, a stopped one stopped",
          "[unit][collect]") {
  Fleet f;
  // Silent after 2 intervals + 30 s: 150 s at a 60 s interval.
  f.heartbeat(k_now - 150);
  auto running = f.read();
  CHECK(running.daemon.state == DaemonState::running);
  CHECK(running.daemon.silent_after_s == 150);
  CHECK(running.daemon.heartbeat_age_s == 150);
  REQUIRE(running.daemon.heartbeat);
  CHECK(running.daemon.heartbeat->cycle_lag_ms == 1500);
  CHECK(running.daemon.heartbeat->started == from_unix_seconds(k_now - 86400));
  CHECK(collect::problems(running).empty());

  auto silent = f.read(k_now + 1);
  CHECK(silent.daemon.state == DaemonState::silent);
  CHECK(collect::problems(silent) ==
        std::vector<std::string>{"illd is silent: no heartbeat for 151 s"});

  // A 10 s interval makes it silent after 50 s.
  f.heartbeat(k_now - 51, false, 10);
  CHECK(f.read().daemon.state == DaemonState::silent);

  f.heartbeat(k_now - 5, true);
  auto stopped = f.read();
  CHECK(stopped.daemon.state == DaemonState::stopped);
  CHECK(collect::problems(stopped) == std::vector<std::string>{"illd is stopped"});
}

TEST_CASE("a daemon more than an interval behind its schedule is a problem", "[unit][collect]") {
  Fleet f;
  store::DaemonHeartbeat h{
      from_unix_seconds(k_now), from_unix_seconds(k_now - 600), 1, 60, 60'000, 0, false};
  REQUIRE(store::DaemonStatusRepository(*f.db).put(h));
  CHECK(collect::problems(f.read()).empty());
  h.cycle_lag_ms = 61'500;
  REQUIRE(store::DaemonStatusRepository(*f.db).put(h));
  CHECK(collect::problems(f.read()) ==
        std::vector<std::string>{"illd runs 61.5 s behind its schedule"});
}

TEST_CASE("a current down interval is a link down since its start; a stale one is unknown",
          "[unit][collect]") {
  Fleet f;
  f.heartbeat(k_now - 10);
  auto gw1 = f.router("gw1", RouterStatus::online);
  auto up = f.link("up-now", gw1);
  auto down = f.link("down-now", gw1);
  auto stale = f.link("down-stale", gw1);
  auto never = f.link("never-polled", gw1);
  auto gap = f.link("in-a-gap", gw1);
  (void)never;
  f.state(up, k_now - 7200, k_now - 30, "up");
  f.state(down, k_now - 7200, k_now - 3600, "up");
  f.state(down, k_now - 3600, k_now - 60, "down");
  // Ended 121 s ago: more than two 60 s intervals.
  f.state(stale, k_now - 7200, k_now - 600, "up");
  f.state(stale, k_now - 600, k_now - 121, "down");
  f.state(gap, k_now - 7200, k_now - 900, "up");
  f.state(gap, k_now - 900, k_now - 10, "unknown");

  auto s = f.read();
  CHECK(s.links.up == 1);
  CHECK(s.links.down == 1);
  CHECK(s.links.unknown == 3);
  CHECK(s.links.watched() == 5);
  REQUIRE(s.links_down.size() == 1);
  CHECK(s.links_down[0].name == "down-now");
  CHECK(s.links_down[0].router == "gw1");
  CHECK(s.links_down[0].client == "acme");
  CHECK(s.links_down[0].since == from_unix_seconds(k_now - 3600));
  CHECK(s.links_down[0].recorded_until == from_unix_seconds(k_now - 60));

  const auto* st = find(s.links_unknown, "down-stale");
  REQUIRE(st);
  CHECK(st->reason == UnknownReason::stale_timeline);
  CHECK(st->since == from_unix_seconds(k_now - 121));
  const auto* nv = find(s.links_unknown, "never-polled");
  REQUIRE(nv);
  CHECK(nv->reason == UnknownReason::no_timeline);
  CHECK_FALSE(nv->since);
  const auto* gp = find(s.links_unknown, "in-a-gap");
  REQUIRE(gp);
  CHECK(gp->reason == UnknownReason::timeline_unknown);
  CHECK(gp->since == from_unix_seconds(k_now - 900));
  CHECK(collect::problems(s) == std::vector<std::string>{"1 link down"});

  // Exactly two intervals old is still current.
  CHECK(f.read(k_now + 60).links.down == 1);
  CHECK(f.read(k_now + 61).links.down == 0);
}

TEST_CASE("a router's own poll interval decides when its links' timelines are stale",
          "[unit][collect]") {
  Fleet f;
  f.heartbeat(k_now - 10);
  auto fast = f.router("fast", RouterStatus::online, 10);
  auto slow = f.router("slow", RouterStatus::online, 300);
  auto a = f.link("fast-1", fast);
  auto b = f.link("slow-1", slow);
  f.state(a, k_now - 3600, k_now - 25, "down");   // 25 s > 2 x 10 s
  f.state(b, k_now - 3600, k_now - 500, "down");  // 500 s < 2 x 300 s
  auto s = f.read();
  REQUIRE(s.links_down.size() == 1);
  CHECK(s.links_down[0].name == "slow-1");
  REQUIRE(s.links_unknown.size() == 1);
  CHECK(s.links_unknown[0].name == "fast-1");
  CHECK(s.links_unknown[0].reason == UnknownReason::stale_timeline);
}

TEST_CASE("without a heartbeat, staleness uses the default interval", "[unit][collect]") {
  Fleet f;
  auto gw1 = f.router("gw1", RouterStatus::online);
  auto l = f.link("acme-1", gw1);
  f.state(l, k_now - 3600, k_now - 200, "down");
  CHECK(collect::read_fleet_status(*f.db, from_unix_seconds(k_now), 60).value().links.down == 0);
  CHECK(collect::read_fleet_status(*f.db, from_unix_seconds(k_now), 120).value().links.down == 1);
}

TEST_CASE("the links of an unreachable router are unknown, whatever their timeline says",
          "[unit][collect]") {
  Fleet f;
  f.heartbeat(k_now - 10);
  auto gw1 = f.router("gw1", RouterStatus::unreachable);
  auto gw2 = f.router("gw2", RouterStatus::auth_failed);
  auto gw3 = f.router("gw3", RouterStatus::online);
  auto a = f.link("gw1-a", gw1);
  auto b = f.link("gw1-b", gw1);
  f.link("gw2-a", gw2);
  auto c = f.link("gw3-a", gw3);
  f.state(a, k_now - 3600, k_now - 30, "down");
  f.state(b, k_now - 3600, k_now - 30, "up");
  f.state(c, k_now - 3600, k_now - 30, "up");

  auto s = f.read();
  CHECK(s.routers.online == 1);
  CHECK(s.routers.unreachable == 1);
  CHECK(s.routers.auth_failed == 1);
  CHECK(s.routers.active() == 3);
  REQUIRE(s.routers_not_online.size() == 2);
  const auto& r1 = s.routers_not_online[0];
  CHECK(r1.name == "gw1");
  CHECK(r1.status == RouterStatus::unreachable);
  CHECK(r1.last_poll == from_unix_seconds(k_now - 20));
  CHECK(r1.last_error == "connect: timed out");
  CHECK(r1.links == 2);
  CHECK(s.routers_not_online[1].name == "gw2");
  CHECK(s.routers_not_online[1].links == 1);

  CHECK(s.links.up == 1);
  CHECK(s.links.down == 0);
  CHECK(s.links.unknown == 3);
  const auto* ua = find(s.links_unknown, "gw1-a");
  REQUIRE(ua);
  CHECK(ua->reason == UnknownReason::router_not_online);
  CHECK(ua->since == from_unix_seconds(k_now - 30));
  CHECK(collect::problems(s) ==
        std::vector<std::string>{"1 router unreachable", "1 router refusing the login"});
}

TEST_CASE("inactive routers and links are counted apart and never listed", "[unit][collect]") {
  Fleet f;
  f.heartbeat(k_now - 10);
  auto on = f.router("on", RouterStatus::online);
  auto off = f.router("off", RouterStatus::unreachable, std::nullopt, false);
  f.link("off-link", on, false);
  f.link("on-router-off", off);
  auto s = f.read();
  CHECK(s.routers.inactive == 1);
  CHECK(s.routers.active() == 1);
  CHECK(s.routers_not_online.empty());
  CHECK(s.links.inactive == 2);
  CHECK(s.links.watched() == 0);
  CHECK(collect::problems(s).empty());
}

TEST_CASE("links down are listed longest outage first", "[unit][collect]") {
  Fleet f;
  f.heartbeat(k_now - 10);
  auto gw1 = f.router("gw1", RouterStatus::online);
  auto a = f.link("a-recent", gw1);
  auto b = f.link("b-oldest", gw1);
  auto c = f.link("c-middle", gw1);
  f.state(a, k_now - 120, k_now - 5, "down");
  f.state(b, k_now - 9000, k_now - 5, "down");
  f.state(c, k_now - 3000, k_now - 5, "down");
  auto s = f.read();
  REQUIRE(s.links_down.size() == 3);
  CHECK(s.links_down[0].name == "b-oldest");
  CHECK(s.links_down[1].name == "c-middle");
  CHECK(s.links_down[2].name == "a-recent");
  CHECK(collect::problems(s) == std::vector<std::string>{"3 links down"});
}
