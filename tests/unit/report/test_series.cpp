// The series reader picks raw samples, 5-minute or hourly rollups by the range's length, and the
// spans put maintenance over the timeline.
#include "core/format.hpp"
#include "report/series.hpp"

#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace std::chrono;

namespace {

constexpr std::int64_t k_t0 = 1'780'000'200;
sys_seconds at(std::int64_t t) { return sys_seconds(seconds(t)); }

// Unwraps a result in the fixture, failing the test with the error's message.
template <typename T>
T must(Result<T> r) {
  if (!r) FAIL(r.error().what());
  return std::move(*r);
}

struct Store {
  std::unique_ptr<store::Database> db =
      must(store::Database::open(":memory:", store::OpenMode::create));
  std::int64_t link_id = 0;
  std::int64_t router_id = 0;

  Store() {
    store::Client c;
    c.name = "acme";
    auto client = must(store::ClientRepository(*db).add(c));
    store::Router r;
    r.name = "gw1";
    r.host = "10.0.0.1";
    r.username = "ill";
    router_id = must(store::RouterRepository(*db).add(r));
    store::Link link;
    link.name = "acme-1";
    link.client_id = client;
    link.router_id = router_id;
    link.interface = "ether1";
    link.committed_mbps = 100;
    link_id = must(store::LinkRepository(*db).add(link));
  }

  // A sample a minute from `from` for `n` minutes, with its rollups.
  void samples(std::int64_t from, int n) {
    auto tx = must(db->begin());
    for (int i = 0; i < n; ++i) {
      store::Sample s;
      s.link_id = link_id;
      s.t = from_unix_seconds(from + 60 * i);
      s.state = sla::State::up;
      s.rx_bps = 1000.0 * (i % 10);
      s.tx_bps = 500;
      s.latency_avg_ms = 10;
      s.loss_pct = 0;
      REQUIRE(store::SampleRepository(*db).put(s));
      REQUIRE(store::RollupRepository(*db).add(s));
    }
    REQUIRE(tx.commit());
  }
};

}  // namespace

TEST_CASE("the series reader chooses its resolution by the range's length", "[unit][report]") {
  Store s;
  const std::int64_t day0 = 1'780'012'800;  // 2026-05-29T00:00:00Z, a whole UTC day
  s.samples(day0, 3 * 1440);
  SECTION("a day: raw samples") {
    auto series = report::read_series(*s.db, s.link_id, {at(day0), at(day0 + 86'400)});
    REQUIRE(series);
    CHECK(series->resolution == report::Resolution::raw);
    CHECK(series->points.size() == 1440);
    CHECK(series->points[3].in_bps == 3000.0);
  }
  SECTION("three days: 5-minute rollups, averaged") {
    auto series = report::read_series(*s.db, s.link_id, {at(day0), at(day0 + 3 * 86'400)});
    REQUIRE(series);
    CHECK(series->resolution == report::Resolution::five_minutes);
    CHECK(series->points.size() == 3 * 288);
    // Minutes 0-4: 0, 1000, 2000, 3000, 4000 -> 2000.
    CHECK(series->points[0].in_bps == Approx(2000));
    CHECK(series->points[0].latency_ms == Approx(10));
  }
  SECTION("a month: hourly rollups") {
    auto series = report::read_series(*s.db, s.link_id, {at(day0), at(day0 + 30 * 86'400)});
    REQUIRE(series);
    CHECK(series->resolution == report::Resolution::one_hour);
    CHECK(series->points.size() == 3 * 24);
    CHECK(series->points[0].out_bps == Approx(500));
  }
  SECTION("a range that starts inside a slot includes that slot") {
    auto series =
        report::read_series(*s.db, s.link_id, {at(day0 + 1800), at(day0 + 1800 + 11 * 86'400)});
    REQUIRE(series);
    CHECK(series->points.front().t == at(day0));
  }
}

TEST_CASE("state spans put maintenance over the timeline", "[unit][report]") {
  Store s;
  const std::int64_t t0 = k_t0;
  store::LinkStateRepository states(*s.db);
  REQUIRE(states.record(
      {s.link_id, from_unix_seconds(t0), from_unix_seconds(t0 + 3600), sla::State::up}));
  REQUIRE(states.record(
      {s.link_id, from_unix_seconds(t0 + 3600), from_unix_seconds(t0 + 7200), sla::State::down}));
  REQUIRE(states.record(
      {s.link_id, from_unix_seconds(t0 + 7200), from_unix_seconds(t0 + 10'800), sla::State::up}));
  store::MaintenanceWindow w;
  w.scope = store::MaintenanceScope::router;
  w.router_id = s.router_id;
  w.start_t = at(t0 + 3000);
  w.end_t = at(t0 + 4200);
  REQUIRE(store::MaintenanceRepository(*s.db).add(w));
  auto spans = report::read_state_spans(*s.db, s.link_id, {at(t0 + 600), at(t0 + 9000)});
  REQUIRE(spans);
  using report::SpanState;
  const std::vector<report::StateSpan> expected = {
      {at(t0 + 600), at(t0 + 3000), SpanState::up},
      {at(t0 + 3000), at(t0 + 4200), SpanState::maintenance},
      {at(t0 + 4200), at(t0 + 7200), SpanState::down},
      {at(t0 + 7200), at(t0 + 9000), SpanState::up}};
  CHECK(*spans == expected);
}

TEST_CASE("overlay_maintenance merges overlapping windows and clips to the range",
          "[unit][report]") {
  using report::SpanState;
  const std::vector<report::StateSpan> spans = {{at(0), at(100), SpanState::up},
                                                {at(100), at(200), SpanState::down}};
  const auto out = report::overlay_maintenance(
      spans, {{at(150), at(260)}, {at(90), at(120)}, {at(110), at(130)}}, {at(10), at(250)});
  const std::vector<report::StateSpan> expected = {{at(10), at(90), SpanState::up},
                                                   {at(90), at(130), SpanState::maintenance},
                                                   {at(130), at(150), SpanState::down},
                                                   {at(150), at(250), SpanState::maintenance}};
  CHECK(out == expected);
}
