// The recorder on a real (in-memory) store: poll results in, samples, rollups, the availability
// timeline and router status out, with figures computed by hand.
#include "collect/recorder.hpp"
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace ill;
using collect::PollResult;
using store::StateInterval;

namespace {

constexpr std::int64_t T0 = 1'790'000'040;  // a multiple of 60, well inside 2026

struct Fixture {
  std::unique_ptr<store::Database> db =
      store::Database::open(":memory:", store::OpenMode::create).value();
  std::shared_ptr<collect::RouterWithLinks> target = std::make_shared<collect::RouterWithLinks>();
  collect::Recorder recorder{*db};

  Fixture() {
    store::Client c;
    c.name = "acme";
    auto client = store::ClientRepository(*db).add(c).value();
    store::Router r;
    r.name = "pe1";
    r.host = "127.0.0.1";
    r.username = "ill";
    r.id = store::RouterRepository(*db).add(r).value();
    target->router = r;
    for (const char* name : {"ether1", "ether2"}) {
      store::Link l;
      l.name = std::string("acme-") + name;
      l.client_id = client;
      l.router_id = r.id;
      l.interface = name;
      l.committed_mbps = 100;
      l.probe_target = std::string(name) == "ether1" ? "10.0.0.1" : "10.0.0.2";
      l.id = store::LinkRepository(*db).add(l).value();
      l.client_name = "acme";
      l.router_name = "pe1";
      target->links.push_back(l);
    }
    collect::Inventory inventory;
    inventory.routers.push_back(target);
    recorder.live().set_inventory(inventory);
  }

  std::int64_t link(int i) const { return target->links.at(static_cast<std::size_t>(i)).id; }

  // A successful poll at T0 + `at` seconds: ether1 and ether2 with the given counters.
  PollResult poll(std::int64_t at, std::uint64_t rx1, std::uint64_t tx1, std::int64_t uptime,
                  bool running2 = true, unsigned received1 = 3) const {
    PollResult p;
    p.target = target;
    p.at = std::chrono::system_clock::time_point(std::chrono::seconds(T0 + at));
    p.interval = 60s;
    p.status = store::RouterStatus::online;
    collect::RouterPoll poll;
    poll.at = p.at;
    poll.duration = 120ms;
    poll.router.version = "7.16.2 (stable)";
    poll.router.uptime = std::chrono::seconds(uptime);
    poll.router.cpu_load_pct = 7;
    poll.router.total_memory = 1000;
    poll.router.free_memory = 600;
    collect::InterfaceStats e1;
    e1.name = "ether1";
    e1.running = true;
    e1.rx_bytes = rx1;
    e1.tx_bytes = tx1;
    collect::InterfaceStats e2;
    e2.name = "ether2";
    e2.running = running2;
    poll.interfaces = {e1, e2};
    collect::PingSummary p1;
    p1.address = "10.0.0.1";
    p1.sent = 3;
    p1.received = received1;
    p1.loss_pct = 100.0 * (3 - received1) / 3;
    if (received1 > 0) {
      p1.min_ms = 2;
      p1.avg_ms = 3;
      p1.max_ms = 4;
    }
    collect::PingSummary p2{"10.0.0.2", 3, 3, 0, 1.0, 1.5, 2.0};
    poll.pings = {p1, p2};
    p.poll = poll;
    return p;
  }

  PollResult failure(std::int64_t at) const {
    PollResult p;
    p.target = target;
    p.at = std::chrono::system_clock::time_point(std::chrono::seconds(T0 + at));
    p.interval = 60s;
    p.status = store::RouterStatus::unreachable;
    p.error = Error(Errc::timeout, "connect timed out");
    return p;
  }

  void record(const PollResult& r) {
    auto counts = recorder.record(std::span<const PollResult>(&r, 1));
    REQUIRE(counts);
  }

  std::vector<StateInterval> timeline(int i) {
    return store::LinkStateRepository(*db)
        .range(link(i), {ill::from_unix_seconds(0), ill::from_unix_seconds(T0 + 100'000)})
        .value();
  }
  std::vector<store::Sample> samples(int i) {
    return store::SampleRepository(*db)
        .range(link(i), {ill::from_unix_seconds(0), ill::from_unix_seconds(T0 + 100'000)})
        .value();
  }
};

StateInterval interval(std::int64_t link, std::int64_t from, std::int64_t to, const char* state) {
  return {link, ill::from_unix_seconds(T0 + from), ill::from_unix_seconds(T0 + to),
          ill::sla::state_from_string(state).value()};
}

// The index in `live` of the link whose labels end with `suffix`; live.links.size() if none.
std::size_t live_link(const metrics::FleetSnapshot& live, std::string_view suffix) {
  for (std::size_t i = 0; i < live.links.size(); ++i)
    if (live.link_labels->link(i).text().ends_with(suffix)) return i;
  return live.links.size();
}

}  // namespace

TEST_CASE("recorder: counter deltas become bit rates", "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 1'000'000, 2'000'000, 1000));
  f.record(f.poll(60, 1'000'000 + 7'500'000, 2'000'000 + 750'000, 1060));
  auto s = f.samples(0);
  REQUIRE(s.size() == 2);
  CHECK_FALSE(s[0].rx_bps);  // the first poll has nothing to compare with
  REQUIRE(s[1].rx_bps);
  CHECK(*s[1].rx_bps == Approx(7'500'000.0 * 8 / 60));  // 1 Mbit/s
  CHECK(*s[1].tx_bps == Approx(750'000.0 * 8 / 60));    // 100 kbit/s
  CHECK(s[1].rx_bytes == 8'500'000u);
  CHECK(s[1].state == ill::sla::State::up);
  CHECK(s[1].latency_avg_ms == 3.0);
  CHECK(s[1].loss_pct == 0.0);

  auto live = f.recorder.live().snapshot();
  REQUIRE(live.links.size() == 2);
  const std::size_t i = live_link(live, R"(interface="ether1")");
  REQUIRE(i < live.links.size());
  const metrics::LinkFigures* ether1 = &live.links[i];
  CHECK(ether1->rx_bps == Approx(1'000'000.0));
  CHECK(ether1->rx_bytes == 8'500'000u);
  CHECK(ether1->state == metrics::LinkState::up);
  CHECK(live.link_labels->link(i).text() ==
        R"(link="acme-ether1",client="acme",router="pe1",interface="ether1")");
  const metrics::LinkLabelTable& table = *live.link_labels;
  REQUIRE(table.interface_count() == 2);
  const std::size_t k = table.interface_link(0) == i ? 0 : 1;
  CHECK(table.interface_link(k) == i);
  CHECK(table.interface(k).text() ==
        R"(name="ether1",routerboard_name="pe1",routerboard_address="127.0.0.1")");
}

TEST_CASE("recorder: a counter reset or a reboot gives no rate, never a negative one",
          "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 50'000'000, 50'000'000, 1000));
  SECTION("counter going backwards") {
    f.record(f.poll(60, 10'000, 60'000'000, 1060));
    auto s = f.samples(0);
    REQUIRE(s.size() == 2);
    CHECK_FALSE(s[1].rx_bps);
    CHECK_FALSE(s[1].tx_bps);
    // The next pair is clean again.
    f.record(f.poll(120, 10'000 + 600'000, 60'000'000 + 600'000, 1120));
    s = f.samples(0);
    REQUIRE(s[2].rx_bps);
    CHECK(*s[2].rx_bps == Approx(80'000.0));
  }
  SECTION("router uptime going backwards, counters already past the old value") {
    f.record(f.poll(60, 90'000'000, 90'000'000, 30));
    auto s = f.samples(0);
    REQUIRE(s.size() == 2);
    CHECK_FALSE(s[1].rx_bps);
  }
}

TEST_CASE("recorder: states become the timeline by the coverage rule", "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 0, 0, 1000));
  f.record(f.poll(60, 0, 0, 1060, /*running2=*/false));
  f.record(f.poll(120, 0, 0, 1120, false));
  f.record(f.poll(180, 0, 0, 1180, true));
  // ether1 up all along: one interval covering [0, 180 + 60).
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 240, "up")});
  // ether2 down from the poll at 60 until the poll at 180 saw it running again.
  CHECK(f.timeline(1) == std::vector{interval(f.link(1), 0, 60, "up"),
                                     interval(f.link(1), 60, 180, "down"),
                                     interval(f.link(1), 180, 240, "up")});
  auto live = f.recorder.live().snapshot();
  const std::size_t i = live_link(live, R"(interface="ether2")");
  REQUIRE(i < live.links.size());
  const metrics::LinkFigures* ether2 = &live.links[i];
  CHECK(ether2->state == metrics::LinkState::up);
  CHECK(ether2->state_since == T0 + 180);
}

TEST_CASE("recorder: every probe lost makes the link down though the interface runs",
          "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 0, 0, 1000, true, /*received1=*/0));
  auto s = f.samples(0);
  REQUIRE(s.size() == 1);
  CHECK(s[0].state == ill::sla::State::down);
  CHECK(s[0].running == true);
  CHECK(s[0].loss_pct == 100.0);
  CHECK_FALSE(s[0].latency_avg_ms);
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 60, "down")});
}

TEST_CASE("recorder: an unreachable router leaves its links unknown", "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 0, 0, 1000));
  // Within two intervals the next good poll may still cover the time: nothing is written.
  f.record(f.failure(60));
  f.record(f.failure(120));
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 60, "up")});
  // Past two intervals the gap is known to be unknown, and shows at once.
  f.record(f.failure(125));
  CHECK(f.timeline(0) ==
        std::vector{interval(f.link(0), 0, 60, "up"), interval(f.link(0), 60, 185, "unknown")});
  f.record(f.failure(300));
  // The router answers again at 330: unknown until then, up from there.
  f.record(f.poll(330, 0, 0, 1330));
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 60, "up"),
                                     interval(f.link(0), 60, 330, "unknown"),
                                     interval(f.link(0), 330, 390, "up")});
  CHECK(f.samples(0).size() == 2);  // failed polls write no samples

  auto router = store::RouterRepository(*f.db).get(f.target->router.id).value();
  CHECK(router.status == store::RouterStatus::online);
  CHECK(router.last_poll == from_unix_seconds(T0 + 330));
  CHECK_FALSE(router.last_error);
}

TEST_CASE("recorder: a failed attempt stores the router's status and error", "[unit][collect]") {
  Fixture f;
  f.record(f.failure(0));
  auto router = store::RouterRepository(*f.db).get(f.target->router.id).value();
  CHECK(router.status == store::RouterStatus::unreachable);
  CHECK(router.last_poll == from_unix_seconds(T0));
  REQUIRE(router.last_error);
  CHECK_THAT(*router.last_error, Catch::Matchers::Contains("connect timed out"));
  // A link never seen is unknown from the first attempt.
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 60, "unknown")});
  auto live = f.recorder.live().snapshot();
  REQUIRE(live.routers.size() == 1);
  CHECK_FALSE(live.routers[0].up);
  CHECK(live.routers[0].poll_errors_total == 1);
  CHECK(live.routers[0].status == "unreachable");
}

TEST_CASE("recorder: health, rollups, and an interface the router lacks", "[unit][collect]") {
  Fixture f;
  PollResult p = f.poll(0, 100, 100, 1000);
  p.poll->interfaces.pop_back();  // no ether2 on the router any more
  p.poll->missing_interfaces = {"ether2"};
  f.record(p);
  auto s2 = f.samples(1);
  REQUIRE(s2.size() == 1);
  CHECK(s2[0].state == ill::sla::State::unknown);
  CHECK_FALSE(s2[0].running);
  CHECK(f.timeline(1) == std::vector{interval(f.link(1), 0, 60, "unknown")});

  auto health = store::RouterHealthRepository(*f.db).latest(f.target->router.id).value();
  REQUIRE(health);
  CHECK(health->cpu_load_pct == 7.0);
  CHECK(health->memory_used_bytes == 400);
  CHECK(health->memory_total_bytes == 1000);
  CHECK(health->uptime_s == 1000);
  CHECK(health->poll_duration_ms == 120.0);

  // The sample's slot is still open: its rollups come when it is settled (at stop, here).
  store::RollupRepository repo(*f.db);
  const sla::TimeRange all{from_unix_seconds(0), from_unix_seconds(T0 + 1000)};
  CHECK(repo.range(store::RollupPeriod::five_minutes, f.link(0), all)->empty());
  REQUIRE(f.recorder.settle_open_slots());
  auto rollups = repo.range(store::RollupPeriod::five_minutes, f.link(0), all).value();
  REQUIRE(rollups.size() == 1);
  CHECK(rollups[0].samples == 1);
  CHECK(rollups[0].up_samples == 1);
}

TEST_CASE("recorder: a restarted recorder continues the timeline and the rates",
          "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 1'000, 1'000, 1000));
  f.record(f.poll(60, 1'000 + 75'000, 1'000, 1060));
  collect::Recorder again(*f.db);
  PollResult next = f.poll(120, 1'000 + 150'000, 1'000, 1120);
  REQUIRE(again.record(std::span<const PollResult>(&next, 1)));
  auto s = f.samples(0);
  REQUIRE(s.size() == 3);
  REQUIRE(s[2].rx_bps);
  CHECK(*s[2].rx_bps == Approx(10'000.0));
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 180, "up")});
}

TEST_CASE("recorder: a slot's rollups are written once it closes, counted once across a restart",
          "[unit][collect]") {
  // T0 is 240 s into a 5-minute slot: polls at 0 fall in slot A, 60..300 in slot B, 360 in C.
  Fixture f;
  const std::int64_t a = T0 - 240, b = a + 300, c = b + 300;
  store::RollupRepository repo(*f.db);
  const sla::TimeRange day{from_unix_seconds(a - 86'400), from_unix_seconds(a + 86'400)};
  auto slots = [&] {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;  // slot start, samples
    const auto rows = repo.range(store::RollupPeriod::five_minutes, f.link(0), day).value();
    for (const auto& r : rows) out.emplace_back(unix_seconds(r.t), r.samples);
    return out;
  };
  using Slots = std::vector<std::pair<std::int64_t, std::int64_t>>;
  f.record(f.poll(0, 1'000, 1'000, 1000));
  CHECK(slots().empty());
  f.record(f.poll(60, 2'000, 2'000, 1060));  // the first sample of slot B closes slot A
  CHECK(slots() == Slots{{a, 1}});
  // A stop settles slot B as it stands; the restarted recorder adds to it, nothing twice.
  REQUIRE(f.recorder.settle_open_slots());
  CHECK(slots() == Slots{{a, 1}, {b, 1}});
  {
    collect::Recorder again(*f.db);
    PollResult next = f.poll(120, 3'000, 3'000, 1120);
    REQUIRE(again.record(std::span<const PollResult>(&next, 1)));
    CHECK(slots() == Slots{{a, 1}, {b, 1}});
    // ... and then ends without settling, as in a crash.
  }
  collect::Recorder after_crash(*f.db);
  PollResult in_c = f.poll(360, 4'000, 4'000, 1360);
  REQUIRE(after_crash.record(std::span<const PollResult>(&in_c, 1)));
  CHECK(slots() == Slots{{a, 1}, {b, 2}});
  // No sample comes for slot C's successor: C is settled one interval after it ended.
  PollResult late = f.failure(c + 300 + 59 - T0);
  REQUIRE(after_crash.record(std::span<const PollResult>(&late, 1)));
  CHECK(slots() == Slots{{a, 1}, {b, 2}});
  late = f.failure(c + 300 + 60 - T0);
  REQUIRE(after_crash.record(std::span<const PollResult>(&late, 1)));
  CHECK(slots() == Slots{{a, 1}, {b, 2}, {c, 1}});
  // The day row counts each sample once: what rebuilding from the samples gives.
  const auto days = repo.range(store::RollupPeriod::one_day, f.link(0), day).value();
  REQUIRE(days.size() == 1);
  CHECK(days[0].samples == 4);
  REQUIRE(repo.rebuild(f.link(0), day));
  CHECK(repo.range(store::RollupPeriod::one_day, f.link(0), day).value() == days);
  CHECK(slots() == Slots{{a, 1}, {b, 2}, {c, 1}});
}

TEST_CASE("recorder: a second poll in the same second is ignored", "[unit][collect]") {
  Fixture f;
  f.record(f.poll(0, 1'000, 1'000, 1000));
  f.record(f.poll(0, 9'000, 9'000, 1000));
  auto s = f.samples(0);
  REQUIRE(s.size() == 1);
  CHECK(s[0].rx_bytes == 1'000u);
}

TEST_CASE("recorder: a batch that cannot be written leaves nothing behind", "[unit][collect]") {
  Fixture f;
  PollResult good = f.poll(0, 1'000, 1'000, 1000);
  PollResult bad = f.poll(60, 2'000, 2'000, 1060);
  // A link the store does not have: its sample breaks a foreign key half-way through the batch.
  auto broken = std::make_shared<collect::RouterWithLinks>(*f.target);
  broken->links.back().id = 9999;
  bad.target = broken;
  std::vector<PollResult> batch{good, bad};
  auto result = f.recorder.record(batch);
  REQUIRE_FALSE(result);
  CHECK_FALSE(f.db->in_transaction());  // rolled back, not left open under later batches
  CHECK(f.samples(0).empty());
  CHECK(f.timeline(0).empty());
  // The same batch without the bad result goes through, as if the first never happened.
  REQUIRE(f.recorder.record(std::span<const PollResult>(&good, 1)));
  CHECK(f.samples(0).size() == 1);
  CHECK(f.timeline(0) == std::vector{interval(f.link(0), 0, 60, "up")});
}
