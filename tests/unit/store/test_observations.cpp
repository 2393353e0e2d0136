#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill::store;

namespace {

std::chrono::sys_seconds at(std::int64_t t) { return ill::from_unix_seconds(t); }

struct Fixture {
  std::unique_ptr<Database> db = Database::open(":memory:", OpenMode::create).value();
  std::int64_t link = 0;
  Fixture() {
    auto client = ClientRepository(*db).add(Client{0, "acme", {}, {}, "UTC"}).value();
    Router r;
    r.name = "gw1";
    r.host = "10.0.0.1";
    r.username = "ill";
    auto router = RouterRepository(*db).add(r).value();
    Link l;
    l.name = "acme-1";
    l.client_id = client;
    l.router_id = router;
    l.interface = "ether1";
    l.committed_mbps = 100;
    link = LinkRepository(*db).add(l).value();
  }
};

}  // namespace

TEST_CASE("samples round-trip with 64-bit counters and replace on the same time", "[unit][store]") {
  Fixture f;
  SampleRepository samples(*f.db);
  Sample s;
  s.link_id = f.link;
  s.t = ill::from_unix_seconds(60);
  s.state = ill::sla::State::up;
  s.running = true;
  s.rx_bytes = 18446744073709551000ULL;
  s.rx_bps = 1e6;
  s.latency_avg_ms = 12.5;
  REQUIRE(samples.put(s));
  REQUIRE(samples.put(s));
  Sample later = s;
  later.t = ill::from_unix_seconds(120);
  later.rx_bps.reset();
  REQUIRE(samples.put(later));
  auto got =
      samples.range(f.link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1000)}).value();
  REQUIRE(got.size() == 2);
  CHECK(got[0] == s);
  CHECK(ill::unix_seconds(samples.latest(f.link).value()->t) == 120);
  CHECK(samples.expire_before(ill::from_unix_seconds(100)).value() == 1);
  CHECK(samples.range(f.link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1000)})
            .value()
            .size() == 1);
}

TEST_CASE("the timeline extends an interval of the same state and cuts back another",
          "[unit][store]") {
  Fixture f;
  LinkStateRepository timeline(*f.db);
  REQUIRE(timeline.record(
      {f.link, ill::from_unix_seconds(0), ill::from_unix_seconds(60), ill::sla::State::up}));
  REQUIRE(timeline.record(
      {f.link, ill::from_unix_seconds(60), ill::from_unix_seconds(120), ill::sla::State::up}));
  REQUIRE(timeline.record(
      {f.link, ill::from_unix_seconds(100), ill::from_unix_seconds(180), ill::sla::State::down}));
  REQUIRE(timeline.record({f.link, ill::from_unix_seconds(180), ill::from_unix_seconds(240),
                           ill::sla::State::unknown}));
  auto all =
      timeline.range(f.link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1000)}).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0] == StateInterval{f.link, ill::from_unix_seconds(0), ill::from_unix_seconds(100),
                                ill::sla::State::up});
  CHECK(all[1] == StateInterval{f.link, ill::from_unix_seconds(100), ill::from_unix_seconds(180),
                                ill::sla::State::down});
  CHECK(all[2] == StateInterval{f.link, ill::from_unix_seconds(180), ill::from_unix_seconds(240),
                                ill::sla::State::unknown});
  CHECK(timeline.range(f.link, {ill::from_unix_seconds(150), ill::from_unix_seconds(170)})
            .value()
            .size() == 1);
  REQUIRE(timeline.replace(
      f.link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1000)},
      {{f.link, ill::from_unix_seconds(0), ill::from_unix_seconds(240), ill::sla::State::up}}));
  CHECK(timeline.range(f.link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1000)})
            .value()
            .size() == 1);
}

TEST_CASE("an SLA report is one row per link and month, replaced on recalculation",
          "[unit][store]") {
  Fixture f;
  SlaReportRepository reports(*f.db);
  REQUIRE(reports.put({f.link, "", "2024-05", R"({"availability_pct":99.9})", "{}", at(1)}));
  REQUIRE(reports.put({f.link, "", "2024-05", R"({"availability_pct":99.8})", "{}", at(2)}));
  auto got = reports.get(f.link, "2024-05").value();
  REQUIRE(got);
  CHECK(got->figures == R"({"availability_pct":99.8})");
  CHECK(got->link_name == "acme-1");
  CHECK(reports.for_month("2024-05").value().size() == 1);
  auto bad = reports.put({f.link, "", "2024-5", "{}", "{}", at(3)});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().what() == "report month must be YYYY-MM");
}

TEST_CASE("outage annotations keep who changed what in the audit trail", "[unit][store]") {
  Fixture f;
  OutageRepository outages(*f.db);
  REQUIRE(outages.annotate({f.link, at(1000), at(1600), "provider", "", "illd", at(1)}));
  REQUIRE(
      outages.annotate({f.link, at(1000), at(1600), "power", "building UPS failed", "ana", at(2)}));
  auto listed = outages.range(f.link, {at(0), at(2000)}).value();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].cause == "power");
  auto trail = outages.audit(f.link, at(1000)).value();
  REQUIRE(trail.size() == 2);
  CHECK_FALSE(trail[0].old_cause);
  CHECK(trail[1].old_cause == "provider");
  CHECK(trail[1].new_cause == "power");
  CHECK(trail[1].changed_by == "ana");
  auto bad = outages.annotate({f.link, at(1000), at(1600), "aliens", "", "ana", at(3)});
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().what(), Catch::Contains("'aliens' is not one of"));
}

TEST_CASE("rollups add each sample to its 5-minute and 1-hour slots", "[unit][store]") {
  Fixture f;
  RollupRepository rollups(*f.db);
  for (std::int64_t t : {3600, 3660, 3720, 3900}) {
    Sample s;
    s.link_id = f.link;
    s.t = ill::from_unix_seconds(t);
    s.state = t == 3720 ? ill::sla::State::down : ill::sla::State::up;
    s.rx_bps = static_cast<double>(t);
    if (t != 3660) s.latency_avg_ms = 10.0;
    REQUIRE(rollups.add(s));
  }
  auto five = rollups
                  .range(RollupPeriod::five_minutes, f.link,
                         {ill::from_unix_seconds(0), ill::from_unix_seconds(100000)})
                  .value();
  REQUIRE(five.size() == 2);
  CHECK(five[0].t == at(3600));
  CHECK(five[0].samples == 3);
  CHECK(five[0].up_samples == 2);
  CHECK(five[0].down_samples == 1);
  CHECK(five[0].rx_n == 3);
  CHECK(five[0].rx_bps_avg() == Approx(3660.0));
  CHECK(five[0].rx_max == 3720.0);
  CHECK(five[0].latency_n == 2);
  CHECK_FALSE(five[0].tx_bps_avg());
  auto hour = rollups
                  .range(RollupPeriod::one_hour, f.link,
                         {ill::from_unix_seconds(0), ill::from_unix_seconds(100000)})
                  .value();
  REQUIRE(hour.size() == 1);
  CHECK(hour[0].samples == 4);
  CHECK(hour[0].rx_max == 3900.0);
  // 5-minute rows go a whole hour at a time, and the hour they sum to stays.
  CHECK(rollups.expire_before(RollupPeriod::five_minutes, ill::from_unix_seconds(3900)).value() ==
        0);
  CHECK(rollups.expire_before(RollupPeriod::five_minutes, ill::from_unix_seconds(7300)).value() ==
        2);
  CHECK(rollups
            .range(RollupPeriod::five_minutes, f.link,
                   {ill::from_unix_seconds(0), ill::from_unix_seconds(100000)})
            .value()
            .empty());
  auto kept = rollups
                  .range(RollupPeriod::one_hour, f.link,
                         {ill::from_unix_seconds(0), ill::from_unix_seconds(100000)})
                  .value();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0] == hour[0]);
}

TEST_CASE("router health rows round-trip and expire", "[unit][store]") {
  Fixture f;
  RouterHealthRepository health(*f.db);
  auto router = RouterRepository(*f.db).resolve("gw1").value().id;
  RouterHealth h{router, at(60), 3.0, 1000, 4000, 86400, 120.5};
  REQUIRE(health.put(h));
  REQUIRE(
      health.put({router, at(120), std::nullopt, std::nullopt, std::nullopt, std::nullopt, 90.0}));
  auto got = health.range(router, {at(0), at(1000)}).value();
  REQUIRE(got.size() == 2);
  CHECK(got[0] == h);
  CHECK(health.expire_before(at(100)).value() == 1);
}
