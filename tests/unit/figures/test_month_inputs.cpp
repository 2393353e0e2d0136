// The month's figures read from the store (link_state and rollups, 5-minute rows where an edge
// cuts an hour, raw samples where an edge cuts a slot or illd may not have settled it yet) equal
// those of sla::calculate over the raw samples, in zones and schedules whose edges fall anywhere.
#include "figures/month_inputs.hpp"

#include "core/format.hpp"
#include "sla/timeline.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace ill;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

struct Store {
  std::unique_ptr<store::Database> db =
      store::Database::open(":memory:", store::OpenMode::create).value();
  store::Link link;

  explicit Store(const std::string& zone) {
    auto client = store::ClientRepository(*db).add(store::Client{0, "acme", {}, {}, zone}).value();
    store::Router r;
    r.name = "gw1";
    r.host = "10.0.0.1";
    r.username = "ill";
    auto router = store::RouterRepository(*db).add(r).value();
    link.name = "acme-1";
    link.client_id = client;
    link.router_id = router;
    link.interface = "ether1";
    link.committed_mbps = 100;
    link.id = store::LinkRepository(*db).add(link).value();
  }

  // How the rollups are written: each sample added as it is stored (history tools, the tests'
  // stores), or illd's way, a 5-minute slot settled once closed.
  enum class Rollups { added, settled };

  // Each sample, then its rollups; and the timeline. Settled, the slots that end within 600 s of
  // `now` (one slot and the longest poll interval) are left as illd may not have settled them
  // yet.
  void write(const std::vector<sla::Observation>& observations, seconds interval,
             Rollups way = Rollups::added, std::optional<sys_seconds> now = {}) {
    auto tx = db->begin().value();
    store::SampleRepository samples(*db);
    store::RollupRepository rollups(*db);
    std::optional<sys_seconds> slot;  // the last sample's
    for (const auto& o : observations) {
      store::Sample s;
      s.link_id = link.id;
      s.t = o.t;
      s.state = o.state;
      s.rx_bps = o.rx_bps;
      s.tx_bps = o.tx_bps;
      s.latency_avg_ms = o.latency_ms;
      s.loss_pct = o.loss_pct;
      REQUIRE(samples.put(s));
      if (way == Rollups::added) {
        REQUIRE(rollups.add(s));
        continue;
      }
      const sys_seconds this_slot =
          std::chrono::floor<minutes>(s.t) -
          minutes{std::chrono::floor<minutes>(s.t).time_since_epoch() % minutes{5}};
      if (slot && *slot != this_slot && (!now || *slot + seconds{600} <= *now))
        REQUIRE(rollups.settle(link.id, *slot));
      slot = this_slot;
    }
    auto timeline = sla::build_timeline(observations, interval).value();
    std::vector<store::StateInterval> intervals;
    for (const auto& i : timeline) intervals.push_back({link.id, i.from, i.to, i.state});
    const sla::TimeRange all{from_unix_seconds(0), from_unix_seconds(INT64_MAX / 2)};
    REQUIRE(store::LinkStateRepository(*db).replace(link.id, all, intervals));
    REQUIRE(tx.commit());
  }
};

}  // namespace

TEST_CASE("figures read from the rollups equal figures from the raw samples", "[unit][figures]") {
  static const char* const zones[] = {"Asia/Kolkata", "Asia/Kathmandu", "UTC",
                                      "Australia/Lord_Howe", "America/New_York"};
  std::mt19937_64 random{2026};
  auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>{low, high}(random);
  };
  figures::ReadCounts read;
  for (int round = 0; round < 10; ++round) {
    INFO("round " << round);
    const std::string zone_name = zones[round % 5];
    auto zone = sla::find_zone(zone_name).value();
    auto period =
        sla::month_period(date::year{2026} / static_cast<unsigned>(uniform(1, 12)), zone).value();
    // Polls 10 s to 10 min apart, at any second, from before the month to after it.
    const seconds interval{uniform(0, 1) ? 60 : 300};
    std::vector<sla::Observation> observations;
    for (auto t = period.from - seconds{uniform(0, 90'000)}; t < period.to + std::chrono::hours{1};
         t += seconds{uniform(10, 600)}) {
      sla::Observation o;
      o.t = t;
      const auto pick = uniform(0, 99);
      o.state = pick < 85 ? sla::State::up : pick < 95 ? sla::State::down : sla::State::unknown;
      // Latencies at 1 us, so that they round to 0.1 ms in both paths.
      if (uniform(0, 9) < 8) o.latency_ms = static_cast<double>(uniform(1'000, 90'000)) / 1000.0;
      if (uniform(0, 9) < 8) o.loss_pct = static_cast<double>(uniform(0, 1000)) / 10.0;
      if (uniform(0, 9) < 9) o.rx_bps = static_cast<double>(uniform(0, 1'000'000'000)) / 7.0;
      if (uniform(0, 9) < 9) o.tx_bps = static_cast<double>(uniform(0, 1'000'000)) / 3.0;
      observations.push_back(o);
    }
    sla::Policy policy;
    policy.percentile =
        uniform(0, 1) ? sla::PercentileMethod::interpolated : sla::PercentileMethod::nearest_rank;
    if (uniform(0, 1)) {
      sla::BusinessHours hours;
      // Any minute, so that schedule edges cut hours and slots.
      hours.start = minutes{uniform(4 * 60, 12 * 60)};
      hours.end = hours.start + minutes{uniform(1, 10 * 60)};
      policy.business_hours = hours;
    }
    std::optional<sys_seconds> now;
    if (uniform(0, 1)) now = period.from + seconds{uniform(0, period.length_s())};
    // illd's way in every other round: the slots just before `now` have samples but no rollups.
    Store s(zone_name);
    s.write(observations, interval, round % 2 ? Store::Rollups::settled : Store::Rollups::added,
            now);

    figures::MonthInputs inputs;
    REQUIRE(figures::read_month_inputs(*s.db, s.link, period, policy, now, inputs));
    CHECK(inputs.rows.samples <= 2 * 30 * 31 + 200);  // only the cut slots' samples
    read += inputs.rows;
    auto from_store = sla::calculate(period, inputs.timeline, inputs.maintenance, inputs.samples,
                                     inputs.annotations, policy, now);
    auto from_raw = sla::calculate(period, inputs.timeline, inputs.maintenance, observations,
                                   inputs.annotations, policy, now);
    REQUIRE(from_store);
    REQUIRE(from_raw);
    const sla::MonthFigures& a = *from_store;
    const sla::MonthFigures& b = *from_raw;
    CHECK(a.latency_n == b.latency_n);
    CHECK(a.loss_n == b.loss_n);
    CHECK(a.latency_p95_ms == b.latency_p95_ms);
    CHECK(a.traffic == b.traffic);
    REQUIRE(a.latency_avg_ms.has_value() == b.latency_avg_ms.has_value());
    if (a.latency_avg_ms) CHECK(*a.latency_avg_ms == Approx(*b.latency_avg_ms).epsilon(1e-12));
    REQUIRE(a.loss_avg_pct.has_value() == b.loss_avg_pct.has_value());
    if (a.loss_avg_pct) CHECK(*a.loss_avg_pct == Approx(*b.loss_avg_pct).epsilon(1e-12));
    CHECK(a.downtime_s == b.downtime_s);
    CHECK(a.outages == b.outages);
  }
  // Every way of reading was taken.
  CHECK(read.hour_rollups > 0);
  CHECK(read.slot_rollups > 0);
  CHECK(read.samples > 0);
}
