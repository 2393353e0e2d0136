#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill::store;

namespace {

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
  s.t = 60;
  s.state = "up";
  s.running = true;
  s.rx_bytes = 18446744073709551000ULL;
  s.rx_bps = 1e6;
  s.latency_avg_ms = 12.5;
  REQUIRE(samples.put(s));
  REQUIRE(samples.put(s));
  Sample later = s;
  later.t = 120;
  later.rx_bps.reset();
  REQUIRE(samples.put(later));
  auto got = samples.range(f.link, 0, 1000).value();
  REQUIRE(got.size() == 2);
  CHECK(got[0] == s);
  CHECK(samples.latest(f.link).value()->t == 120);
  CHECK(samples.expire_before(100).value() == 1);
  CHECK(samples.range(f.link, 0, 1000).value().size() == 1);
}

TEST_CASE("the timeline extends an interval of the same state and cuts back another",
          "[unit][store]") {
  Fixture f;
  LinkStateRepository timeline(*f.db);
  REQUIRE(timeline.record({f.link, 0, 60, "up"}));
  REQUIRE(timeline.record({f.link, 60, 120, "up"}));
  REQUIRE(timeline.record({f.link, 100, 180, "down"}));
  REQUIRE(timeline.record({f.link, 180, 240, "unknown"}));
  auto all = timeline.range(f.link, 0, 1000).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0] == StateInterval{f.link, 0, 100, "up"});
  CHECK(all[1] == StateInterval{f.link, 100, 180, "down"});
  CHECK(all[2] == StateInterval{f.link, 180, 240, "unknown"});
  CHECK(timeline.range(f.link, 150, 170).value().size() == 1);
  REQUIRE(timeline.replace(f.link, 0, 1000, {{f.link, 0, 240, "up"}}));
  CHECK(timeline.range(f.link, 0, 1000).value().size() == 1);
}

TEST_CASE("an SLA report is one row per link and month, replaced on recalculation",
          "[unit][store]") {
  Fixture f;
  SlaReportRepository reports(*f.db);
  REQUIRE(reports.put({f.link, "", "2024-05", R"({"availability_pct":99.9})", "{}", 1}));
  REQUIRE(reports.put({f.link, "", "2024-05", R"({"availability_pct":99.8})", "{}", 2}));
  auto got = reports.get(f.link, "2024-05").value();
  REQUIRE(got);
  CHECK(got->figures == R"({"availability_pct":99.8})");
  CHECK(got->link_name == "acme-1");
  CHECK(reports.for_month("2024-05").value().size() == 1);
  auto bad = reports.put({f.link, "", "2024-5", "{}", "{}", 3});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().what() == "report month must be YYYY-MM");
}

TEST_CASE("outage annotations keep who changed what in the audit trail", "[unit][store]") {
  Fixture f;
  OutageRepository outages(*f.db);
  REQUIRE(outages.annotate({f.link, 1000, 1600, "provider", "", "illd", 1}));
  REQUIRE(outages.annotate({f.link, 1000, 1600, "power", "building UPS failed", "ana", 2}));
  auto listed = outages.range(f.link, 0, 2000).value();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].cause == "power");
  auto trail = outages.audit(f.link, 1000).value();
  REQUIRE(trail.size() == 2);
  CHECK_FALSE(trail[0].old_cause);
  CHECK(trail[1].old_cause == "provider");
  CHECK(trail[1].new_cause == "power");
  CHECK(trail[1].changed_by == "ana");
  auto bad = outages.annotate({f.link, 1000, 1600, "aliens", "", "ana", 3});
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().what(), Catch::Contains("'aliens' is not one of"));
}
