// illctl status over a store filled as illd's writer fills it: the inventory through illctl, the
// daemon's view (router status, timelines, heartbeat) through the repositories.
#include "core/format.hpp"
#include "inventory_fixture.hpp"

#include "store/daemon_status_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/router_repository.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <sstream>
#include <string>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;
using ill::test::utc_rfc3339;

namespace {

// The first line of `text` that starts with `prefix`, or "" when none does.
std::string line_with(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(prefix)) return line;
  return {};
}

void run_ok(const InventoryFixture& f, std::vector<std::string> args) {
  auto r = f.run_illctl(std::move(args));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

// gw1 online with acme-1 down for an hour and acme-2 up; gw2 unreachable with globex-1; illd
// running with its last batch 5 s ago.
struct Scenario {
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  std::int64_t down_since = now - 3600;
  std::int64_t started = now - 86400;
  std::int64_t gw2_polled = now - 40;

  explicit Scenario(const InventoryFixture& f) {
    run_ok(f, {"router", "add", "gw1", "--host", "127.0.0.1", "--user", "ill"});
    run_ok(f, {"router", "add", "gw2", "--host", "127.0.0.2", "--user", "ill"});
    run_ok(f, {"client", "add", "acme"});
    run_ok(f, {"client", "add", "globex"});
    run_ok(f, {"link", "add", "acme-1", "--client", "acme", "--router", "gw1", "--interface",
               "ether1", "--mbps", "100"});
    run_ok(f, {"link", "add", "acme-2", "--client", "acme", "--router", "gw1", "--interface",
               "ether2", "--mbps", "100"});
    run_ok(f, {"link", "add", "globex-1", "--client", "globex", "--router", "gw2", "--interface",
               "sfp1", "--mbps", "1000"});

    auto db = ill::store::Database::open(f.db_path(), ill::store::OpenMode::existing).value();
    ill::store::RouterRepository routers(*db);
    ill::store::LinkRepository links(*db);
    ill::store::LinkStateRepository states(*db);
    auto gw1 = routers.resolve("gw1").value();
    auto gw2 = routers.resolve("gw2").value();
    REQUIRE(routers.set_status(gw1.id, ill::store::RouterStatus::online,
                               ill::from_unix_seconds(now - 10), std::nullopt));
    REQUIRE(routers.set_status(gw2.id, ill::store::RouterStatus::unreachable,
                               ill::from_unix_seconds(gw2_polled),
                               std::string("connect: timed out")));
    auto acme1 = links.resolve("acme-1").value().id;
    auto acme2 = links.resolve("acme-2").value().id;
    auto globex1 = links.resolve("globex-1").value().id;
    REQUIRE(states.record({acme1, ill::from_unix_seconds(now - 7200),
                           ill::from_unix_seconds(down_since), ill::sla::State::up}));
    REQUIRE(states.record({acme1, ill::from_unix_seconds(down_since),
                           ill::from_unix_seconds(now - 10), ill::sla::State::down}));
    REQUIRE(states.record({acme2, ill::from_unix_seconds(now - 7200),
                           ill::from_unix_seconds(now - 10), ill::sla::State::up}));
    REQUIRE(states.record({globex1, ill::from_unix_seconds(now - 7200),
                           ill::from_unix_seconds(now - 300), ill::sla::State::up}));
    ill::store::DaemonHeartbeat h{
        ill::from_unix_seconds(now - 5), ill::from_unix_seconds(started), 4242, 60, 1500, 2, false};
    REQUIRE(ill::store::DaemonStatusRepository(*db).put(h));
  }
};

}  // namespace

TEST_CASE("status --json shows the daemon, routers not online and links down",
          "[integration][cli][status]") {
  InventoryFixture f;
  Scenario s(f);
  auto r = f.run_illctl({"status", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);

  CHECK(j["daemon"]["state"] == "running");
  CHECK(j["daemon"]["pid"] == 4242);
  CHECK(j["daemon"]["interval_s"] == 60);
  CHECK(j["daemon"]["cycle_lag_s"] == Approx(1.5));
  CHECK(j["daemon"]["started"] == utc_rfc3339(s.started));
  CHECK(j["daemon"]["last_heartbeat"] == utc_rfc3339(s.now - 5));

  CHECK(j["routers"]["active"] == 2);
  CHECK(j["routers"]["online"] == 1);
  CHECK(j["routers"]["unreachable"] == 1);
  REQUIRE(j["routers"]["not_online"].size() == 1);
  const auto& gw2 = j["routers"]["not_online"][0];
  CHECK(gw2["name"] == "gw2");
  CHECK(gw2["status"] == "unreachable");
  CHECK(gw2["last_poll"] == utc_rfc3339(s.gw2_polled));
  CHECK(gw2["last_error"] == "connect: timed out");
  CHECK(gw2["links"] == 1);

  CHECK(j["links"]["watched"] == 3);
  CHECK(j["links"]["up"] == 1);
  CHECK(j["links"]["down"] == 1);
  CHECK(j["links"]["unknown"] == 1);
  REQUIRE(j["links"]["down_now"].size() == 1);
  const auto& down = j["links"]["down_now"][0];
  CHECK(down["name"] == "acme-1");
  CHECK(down["client"] == "acme");
  CHECK(down["router"] == "gw1");
  CHECK(down["interface"] == "ether1");
  CHECK(down["since"] == utc_rfc3339(s.down_since));
  CHECK(down["down_for_s"].get<std::int64_t>() >= 3600);
  REQUIRE(j["links"]["unknown_now"].size() == 1);
  CHECK(j["links"]["unknown_now"][0]["name"] == "globex-1");
  CHECK(j["links"]["unknown_now"][0]["reason"] == "router-not-online");
  CHECK(j["links"]["unknown_now"][0]["known_until"] == utc_rfc3339(s.now - 300));
  CHECK(j["problems"] == nlohmann::json({"1 router unreachable", "1 link down"}));
}

TEST_CASE("status in a terminal: a summary, the routers not online and the links down",
          "[integration][cli][status]") {
  InventoryFixture f;
  Scenario s(f);
  auto r = f.run_illctl({"status"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  auto daemon = line_with(r.out, "illd ");
  CHECK_THAT(daemon, Contains("running since " + utc_rfc3339(s.started)));
  CHECK_THAT(daemon, Contains("pid 4242"));
  CHECK_THAT(daemon, Contains("cycle lag 1.5 s"));
  auto routers = line_with(r.out, "routers ");
  CHECK_THAT(routers, Contains("2 active: 1 online, 1 unreachable"));
  auto links = line_with(r.out, "links ");
  CHECK_THAT(links, Contains("3 watched: 1 up, 1 down, 1 unknown (1 router-not-online)"));

  auto gw2 = line_with(r.out, "gw2 ");
  CHECK_THAT(gw2, Contains("127.0.0.2:8728"));
  CHECK_THAT(gw2, Contains("unreachable"));
  CHECK_THAT(gw2, Contains(utc_rfc3339(s.gw2_polled)));
  CHECK_THAT(gw2, Contains("connect: timed out"));
  auto acme1 = line_with(r.out, "acme-1 ");
  CHECK_THAT(acme1, Contains("ether1"));
  CHECK_THAT(acme1, Contains(utc_rfc3339(s.down_since)));
  CHECK_THAT(acme1, Contains("1h00m"));
  CHECK(line_with(r.out, "acme-2 ").empty());  // up links are only counted
}

TEST_CASE("status --check exits 1 and names each problem; 0 when all is well",
          "[integration][cli][status]") {
  InventoryFixture f;
  auto fresh = f.run_illctl({"status", "--check"});
  CHECK(fresh.exit_code == 1);
  CHECK_THAT(fresh.err, Contains("illctl: status: illd has never written to this database"));
  CHECK_THAT(fresh.out, Contains("never seen"));
  CHECK(f.run_illctl({"status"}).exit_code == 0);  // without --check, reading is success

  Scenario s(f);
  auto r = f.run_illctl({"status", "--check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("illctl: status: 1 router unreachable"));
  CHECK_THAT(r.err, Contains("illctl: status: 1 link down"));

  // Bring everything up: gw2 online with a current timeline, acme-1 up again.
  {
    auto db = ill::store::Database::open(f.db_path(), ill::store::OpenMode::existing).value();
    ill::store::RouterRepository routers(*db);
    ill::store::LinkRepository links(*db);
    ill::store::LinkStateRepository states(*db);
    REQUIRE(routers.set_status(routers.resolve("gw2").value().id, ill::store::RouterStatus::online,
                               ill::from_unix_seconds(s.now), std::nullopt));
    REQUIRE(
        states.record({links.resolve("globex-1").value().id, ill::from_unix_seconds(s.now - 300),
                       ill::from_unix_seconds(s.now), ill::sla::State::up}));
    REQUIRE(states.record({links.resolve("acme-1").value().id, ill::from_unix_seconds(s.now - 10),
                           ill::from_unix_seconds(s.now), ill::sla::State::up}));
  }
  auto ok = f.run_illctl({"status", "--check", "--json"});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.empty());
  auto j = nlohmann::json::parse(ok.out);
  CHECK(j["links"]["up"] == 3);
  CHECK(j["problems"].empty());
}

TEST_CASE("status without a database exits 7 and says how to create one",
          "[integration][cli][status]") {
  ill::test::TempDir dir;
  auto r = ill::test::illctl({"--db", (dir / "none.db").string(), "status"},
                             {.env = {{"ILL_CONFIG", std::nullopt}}});
  CHECK(r.exit_code == 7);
  CHECK_THAT(r.err, Contains("illctl init"));
}
