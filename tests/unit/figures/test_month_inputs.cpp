// The month's figures read from the store (link_state and rollups, 5-minute rows where an edge
// cuts an hour, raw samples where an edge cuts a slot or illd may not have settled it yet) equal
// those of sla::calculate over the raw samples, in zones and schedules whose edges fall anywhere.
#include "figures/month_inputs.hpp"

#include "core/format.hpp"
#include "sla/timeline.hpp"
#include "store/client_repository.hpp"
#include "store/daemon_status_repository.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

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

  // Each sample, then its rollups; and the timeline. Settled, illd's latest poll was at
  // `last_poll`, and a slot is left unsettled as long as illd may leave it: until a poll one
  // interval after its end.
  void write(const std::vector<sla::Observation>& observations, seconds interval,
             Rollups way = Rollups::added, std::optional<sys_seconds> last_poll = {}) {
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
      if (slot && *slot != this_slot && (!last_poll || *slot + minutes{5} + interval <= *last_poll))
        REQUIRE(rollups.settle(link.id, *slot));
      slot = this_slot;
    }
    if (way == Rollups::settled && slot && !last_poll) REQUIRE(rollups.settle(link.id, *slot));
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
    // The wall clock of the reading: `now`, or after the last sample for a whole month.
    const sys_seconds wall = now.value_or(period.to + std::chrono::hours{2});
    // illd's way in every other round, as it leaves the store:
    // - running: its heartbeat just now, the slots before its last poll have samples but no
    //   rollups;
    // - crashed: it stopped writing at `crash` (a heartbeat then, not saying it stopped) with its
    //   open slots unsettled; no samples after;
    // - stopped: cleanly, with every slot settled.
    enum class Illd { none, running, crashed, stopped };
    const Illd illd = round % 2 == 0 ? Illd::none : static_cast<Illd>(uniform(1, 3));
    std::optional<sys_seconds> last_poll;
    if (illd == Illd::running) last_poll = wall;
    if (illd == Illd::crashed) {
      last_poll = std::min(wall, period.from + seconds{uniform(0, period.length_s())});
      std::erase_if(observations, [&](const sla::Observation& o) { return o.t > *last_poll; });
    }
    Store s(zone_name);
    s.write(observations, interval,
            illd == Illd::none ? Store::Rollups::added : Store::Rollups::settled, last_poll);
    if (illd != Illd::none) {
      store::DaemonHeartbeat beat;
      beat.at = last_poll.value_or(wall - seconds{uniform(0, 90'000)});
      beat.interval_s = interval.count();
      beat.stopped = illd == Illd::stopped;
      REQUIRE(store::DaemonStatusRepository(*s.db).put(beat));
    }

    figures::MonthInputs inputs;
    const auto unsettled = figures::unsettled_from(*s.db, wall);
    REQUIRE(unsettled);
    REQUIRE(figures::read_month_inputs(*s.db, s.link, period, policy, now, *unsettled, inputs));
    if (illd != Illd::crashed)  // only the cut slots' samples and the last minutes'
      CHECK(inputs.rows.samples <= 2 * 30 * 31 + 200);
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
