// illd's collector against ill-sim over real sockets: rates from counters, outages on the
// timeline with the right start and end, unreachable routers, SIGHUP, SIGTERM and kill -9.
#include "collect/collector.hpp"
#include "core/format.hpp"
#include "deployment.hpp"
#include "edge_sim.hpp"
#include "store/link_state_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "support/http_client.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <random>
#include <thread>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::test::Deployment;

namespace {

constexpr const char* k_inventory = R"([routers]
name,host,port,user
pe1,127.0.0.1,{port:pe1},monitor
[clients]
name
acme
[links]
name,client,router,interface,committed_mbps,probe_target
acme-1,acme,pe1,ether1,10,10.0.0.1
acme-2,acme,pe1,ether2,10,10.0.0.2
)";

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<ill::store::Sample> samples(Deployment& d, std::int64_t link) {
  return ill::store::SampleRepository(d.db())
      .range(link, {ill::from_unix_seconds(0), ill::from_unix_seconds(now_s() + 3600)})
      .value();
}

std::vector<ill::store::StateInterval> timeline(Deployment& d, std::int64_t link) {
  return ill::store::LinkStateRepository(d.db())
      .range(link, {ill::from_unix_seconds(0), ill::from_unix_seconds(now_s() + 3600)})
      .value();
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("illd turns counters into rates, and a reboot into a gap, not a spike",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(k_inventory, "s3cret");
  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-1");
  bool polled = Deployment::wait_until([&] { return samples(d, link).size() >= 3; }, 20s);
  INFO(illd.err());
  REQUIRE(polled);
  auto s = samples(d, link);
  for (std::size_t i = 1; i < s.size(); ++i) {
    INFO("sample " << i << " at " << ill::unix_seconds(s[i].t));
    REQUIRE(s[i].rx_bps);
    // 8 Mbit/s in, 2 Mbit/s out; the poll's own timing blurs it by a few milliseconds.
    CHECK(*s[i].rx_bps == Approx(8e6).epsilon(0.03));
    CHECK(*s[i].tx_bps == Approx(2e6).epsilon(0.03));
    CHECK(s[i].state == ill::sla::State::up);
    CHECK(s[i].latency_avg_ms == Approx(3.0));
    CHECK(s[i].loss_pct == 0.0);
  }

  const auto before = samples(d, link).size();
  REQUIRE_THAT(d.sim().control("router pe1 reboot"), Contains("ok"));
  // After the reboot: one sample without a rate (counters restarted), then rates again.
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= before + 3; }, 30s));
  s = samples(d, link);
  std::size_t reset_at = 0;
  for (std::size_t i = before; i < s.size(); ++i) {
    if (s[i].rx_bytes < s[i - 1].rx_bytes) {
      reset_at = i;
      break;
    }
  }
  REQUIRE(reset_at > 0);
  CHECK_FALSE(s[reset_at].rx_bps);
  for (std::size_t i = reset_at + 1; i < s.size(); ++i) {
    REQUIRE(s[i].rx_bps);
    CHECK(*s[i].rx_bps == Approx(8e6).epsilon(0.03));
  }
  for (const auto& sample : s) {
    if (sample.rx_bps) CHECK(*sample.rx_bps >= 0);
  }
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illd puts a link held down on the timeline within one poll interval",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(k_inventory, "s3cret");
  d.start_illd();
  const auto link = d.link_id("acme-2");
  const auto interval = d.interval().count();
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= 2; }, 20s));

  const auto down_at = now_s();
  REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] {
        auto t = timeline(d, link);
        return !t.empty() && t.back().state == ill::sla::State::down;
      },
      20s));
  // Held down for a few polls.
  REQUIRE(Deployment::wait_until(
      [&] {
        auto t = timeline(d, link);
        return t.back().state == ill::sla::State::down &&
               ill::unix_seconds(t.back().to) - ill::unix_seconds(t.back().from) >= 3 * interval;
      },
      20s));
  const auto up_at = now_s();
  REQUIRE_THAT(d.sim().control("link pe1 ether2 up"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] {
        auto t = timeline(d, link);
        return t.size() >= 3 && t.back().state == ill::sla::State::up;
      },
      20s));
  auto t = timeline(d, link);
  const auto& down = t[t.size() - 2];
  REQUIRE(down.state == ill::sla::State::down);
  // Start and end each within one poll interval (plus a second of rounding) of the truth.
  CHECK(ill::unix_seconds(down.from) >= down_at - 1);
  CHECK(ill::unix_seconds(down.from) <= down_at + interval + 1);
  CHECK(ill::unix_seconds(down.to) >= up_at - 1);
  CHECK(ill::unix_seconds(down.to) <= up_at + interval + 1);
  CHECK(t[t.size() - 3].state == ill::sla::State::up);
  CHECK(ill::unix_seconds(t[t.size() - 3].to) ==
        ill::unix_seconds(down.from));  // no gap: the timeline is contiguous
  // The link with the other interface never went down.
  for (const auto& i : timeline(d, d.link_id("acme-1"))) CHECK(i.state == ill::sla::State::up);
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illd marks the links of an unreachable router unknown and backs off",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(k_inventory, "s3cret");
  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-1");
  const auto interval = d.interval().count();
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= 2; }, 20s));

  const auto cut_at = now_s();
  REQUIRE_THAT(d.sim().control("router pe1 unreachable 12"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] {
        auto t = timeline(d, link);
        return !t.empty() && t.back().state == ill::sla::State::unknown;
      },
      20s));
  auto router = ill::store::RouterRepository(d.db()).find("pe1").value();
  REQUIRE(router);
  CHECK(router->status == ill::store::RouterStatus::unreachable);
  REQUIRE(router->last_error);

  // Back after the window: up again, the unknown stretch in between.
  REQUIRE(Deployment::wait_until(
      [&] {
        auto t = timeline(d, link);
        return t.size() >= 3 && t.back().state == ill::sla::State::up;
      },
      40s));
  auto t = timeline(d, link);
  const auto& unknown = t[t.size() - 2];
  CHECK(unknown.state == ill::sla::State::unknown);
  CHECK(ill::unix_seconds(unknown.from) >= cut_at - 1);
  CHECK(ill::unix_seconds(unknown.from) <= cut_at + 2 * interval + 1);
  CHECK(ill::unix_seconds(unknown.to) >= cut_at + 12 - 1);
  // One log line when the router went away and one when it came back, not one per attempt.
  const std::string err = illd.err();
  CHECK(count_of(err, "router pe1 (127.0.0.1:") >= 3);  // online, lost, online
  CHECK(count_of(err, ": unreachable: ") + count_of(err, ": lost: ") <= 2);
  router = ill::store::RouterRepository(d.db()).find("pe1").value();
  CHECK(router->status == ill::store::RouterStatus::online);
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("a stalled or hostile router never delays the polls of another",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(std::string(k_inventory) +
               "[routers]\nname,host,port,user\n"
               "pe2,127.0.0.2,{port:pe2},monitor\n"
               "[links]\nname,client,router,interface,committed_mbps\n"
               "other-1,acme,pe2,ether1,10\n",
           "s3cret");
  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-1");
  const auto interval = d.interval().count();
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= 2; }, 20s));

  for (const char* fault : {"stall", "garbage"}) {
    INFO("pe2 fault: " << fault);
    REQUIRE_THAT(d.sim().control(std::string("fault pe2 ") + fault), Contains("ok"));
    const auto from = samples(d, link).size();
    REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= from + 4; }, 30s));
    auto s = samples(d, link);
    for (std::size_t i = from; i < s.size(); ++i) {
      // Every poll of pe1 kept its slot: one interval apart, give or take a second.
      CHECK(ill::unix_seconds(s[i].t) - ill::unix_seconds(s[i - 1].t) <= interval + 1);
    }
    REQUIRE_THAT(d.sim().control("fault pe2 none"), Contains("ok"));
  }
  auto pe2 = ill::store::RouterRepository(d.db()).find("pe2").value();
  REQUIRE(pe2);
  CHECK(pe2->last_error);
  CHECK_THAT(illd.err(), Contains("router pe2 (127.0.0.2:"));
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illd adds and drops routers on SIGHUP and keeps the sessions of the others",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(k_inventory, "s3cret");
  auto& illd = d.start_illd();
  REQUIRE(Deployment::wait_until([&] { return samples(d, d.link_id("acme-1")).size() >= 1; }, 20s));
  CHECK_THAT(d.sim().control("sessions pe1"), Contains("sessions pe1 1"));

  d.import(R"([routers]
name,host,port,user
pe2,127.0.0.2,{port:pe2},monitor
[clients]
name
globex
[links]
name,client,router,interface,committed_mbps
globex-1,globex,pe2,ether1,10
)",
           "s3cret");
  illd.signal(SIGHUP);
  REQUIRE(illd.wait_for_output("inventory reloaded: 2 routers, 3 links", 10s, true));
  const auto globex = d.link_id("globex-1");
  REQUIRE(Deployment::wait_until([&] { return samples(d, globex).size() >= 2; }, 20s));
  auto s = samples(d, globex);
  REQUIRE(s.back().rx_bps);
  CHECK(*s.back().rx_bps == Approx(4e6).epsilon(0.03));
  // pe1's session was not touched: logged online once, one session on the router.
  CHECK(count_of(illd.err(), "router pe1 (127.0.0.1:") == 1);
  CHECK_THAT(d.sim().control("sessions pe1"), Contains("sessions pe1 1"));

  auto removed = d.illctl({"router", "rm", "pe1", "--force"});
  INFO(removed.out << removed.err);
  REQUIRE(removed.exit_code == 0);
  illd.signal(SIGHUP);
  REQUIRE(illd.wait_for_output("router pe1: removed from the inventory", 10s, true));
  CHECK(Deployment::wait_until(
      [&] { return d.sim().control("sessions pe1").find("sessions pe1 0") != std::string::npos; },
      10s));
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illd stops within 5 s on SIGTERM while writing, leaving a sound store",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim, 1s);
  d.import(k_inventory, "s3cret");
  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-1");
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= 3; }, 20s));
  const auto committed = samples(d, link).size();
  illd.signal(SIGTERM);
  auto code = illd.wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_THAT(illd.err(), Contains("illd stopped"));
  auto check = d.db().prepare("PRAGMA integrity_check");
  REQUIRE(check);
  REQUIRE((*check)->step().value());
  CHECK((*check)->text(0) == "ok");
  CHECK(samples(d, link).size() >= committed);
}

TEST_CASE("illd killed with SIGKILL twenty times loses nothing it had committed",
          "[integration][daemon][collector][slow]") {
  Deployment d(ill::test::k_edge_sim, 1s);
  d.import(k_inventory, "s3cret");
  const auto link = d.link_id("acme-1");
  std::mt19937 random(20261124);
  std::size_t committed = 0;
  for (int round = 0; round < 20; ++round) {
    INFO("round " << round);
    auto& illd = d.start_illd();
    // Wait for something new to be committed, then kill at a random moment of the next batch.
    REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() > committed; }, 20s));
    committed = samples(d, link).size();
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 1500));
    illd.signal(SIGKILL);
    REQUIRE(illd.wait(5s));

    auto check = d.db().prepare("PRAGMA integrity_check");
    REQUIRE(check);
    REQUIRE((*check)->step().value());
    CHECK((*check)->text(0) == "ok");
    const auto now = samples(d, link).size();
    CHECK(now >= committed);
    committed = now;
    // The timeline stays merged and contiguous.
    auto t = timeline(d, link);
    for (std::size_t i = 1; i < t.size(); ++i) {
      CHECK(ill::unix_seconds(t[i].from) == ill::unix_seconds(t[i - 1].to));
      CHECK(t[i].state != t[i - 1].state);
    }
  }
}

TEST_CASE("a router's collector loop that throws starts again with backoff",
          "[integration][daemon][collector]") {
  ill::test::Sim sim(ill::test::k_edge_sim);
  const auto& pe1 = sim.router("pe1");
  ill::collect::RouterWithLinks router;
  router.router.id = 1;
  router.router.name = "pe1";
  router.router.host = pe1.address;
  router.router.port = static_cast<std::uint16_t>(pe1.port);
  router.router.username = "monitor";
  ill::store::Link link;
  link.id = 1;
  link.router_id = 1;
  link.name = "acme-1";
  link.interface = "ether1";
  router.links.push_back(link);
  ill::collect::Inventory inventory;
  inventory.routers.push_back(std::make_shared<const ill::collect::RouterWithLinks>(router));

  ill::collect::CollectorOptions options;
  options.interval = 1s;
  options.timeout = 5s;
  options.ping_count = 1;
  options.ping_interval = 100ms;
  options.backoff.initial = 100ms;
  options.backoff.cap = 400ms;
  // Looking up the password throws twice (a stand-in for any bug that throws inside the loop),
  // then works.
  std::atomic<int> lookups{0};
  auto password_of = [&](const ill::store::Router&) -> ill::Result<ill::store::Secret> {
    if (++lookups <= 2) throw std::runtime_error("secret store exploded");
    return ill::store::Secret("s3cret");
  };
  std::mutex mutex;
  std::vector<ill::collect::PollResult> results;
  ill::collect::Collector collector(options, password_of, [&](ill::collect::PollResult&& r) {
    std::lock_guard lock(mutex);
    results.push_back(std::move(r));
  });
  collector.start(inventory);
  const bool polled = Deployment::wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return !results.empty() && results.back().poll.has_value();
      },
      20s);
  collector.stop();
  REQUIRE(polled);
  std::lock_guard lock(mutex);
  REQUIRE(results.size() == 3);
  for (int i = 0; i < 2; ++i) {
    CHECK_FALSE(results[i].poll);
    CHECK(results[i].status == ill::store::RouterStatus::unreachable);
    REQUIRE(results[i].error);
    CHECK_THAT(results[i].error->what(), Contains("collector loop failed: secret store exploded"));
  }
  CHECK(results[2].status == ill::store::RouterStatus::online);
  CHECK(lookups == 3);
  // The inventory is held once: every result, restarted loops' included, carries the very
  // object the inventory holds, not a copy.
  for (const auto& r : results) CHECK(r.target == inventory.routers[0]);
}

TEST_CASE("/healthz turns 503 while the store refuses writes, and back once they go through",
          "[integration][daemon][collector]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(k_inventory, "s3cret");
  d.start_illd();
  const auto link = d.link_id("acme-1");
  REQUIRE(Deployment::wait_until([&] { return samples(d, link).size() >= 2; }, 20s));
  CHECK(ill::test::http_get(d.http_port(), "/healthz").status == 200);

  // Another process holds the write lock (a long import, say): illd's batches fail after the
  // busy wait, are kept, and /healthz says why once that lasts two intervals.
  auto holder = ill::store::Database::open(d.db_path(), ill::store::OpenMode::existing).value();
  auto lock = holder->begin().value();
  ill::test::HttpReply reply;
  const bool unhealthy = Deployment::wait_until(
      [&] {
        reply = ill::test::http_get(d.http_port(), "/healthz");
        return reply.status == 503;
      },
      60s);
  REQUIRE(unhealthy);
  CHECK_THAT(reply.body,
             Contains("the database has refused writes for") && Contains("database is locked"));
  const auto before = samples(d, link).size();
  REQUIRE(lock.commit());  // releases the lock

  // The kept batches go through: nothing polled meanwhile is lost, and the daemon is healthy.
  REQUIRE(Deployment::wait_until(
      [&] { return ill::test::http_get(d.http_port(), "/healthz").status == 200; }, 60s));
  CHECK(samples(d, link).size() > before + 3);
  const auto metrics = ill::test::http_get(d.http_port(), "/metrics").body;
  CHECK_THAT(metrics, Contains("illd_write_dropped_total 0"));
  CHECK(d.stop_illd() == 0);
}
