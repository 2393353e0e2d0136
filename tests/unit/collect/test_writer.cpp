// The writer thread on a real store: batches, and a result that can never be written.
#include "collect/writer.hpp"
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>

using namespace std::chrono_literals;
using namespace ill;

namespace {

// An hour ago, well inside the raw samples' retention (the writer expires older ones).
const std::int64_t T0 = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                                .count() /
                            60 * 60 -
                        3600;

collect::PollResult poll_of(const collect::PollTarget& target, std::int64_t at) {
  collect::PollResult p;
  p.target = target;
  p.at = std::chrono::system_clock::time_point(std::chrono::seconds(T0 + at));
  p.interval = 60s;
  p.status = store::RouterStatus::online;
  collect::RouterPoll poll;
  poll.at = p.at;
  collect::InterfaceStats e1;
  e1.name = "ether1";
  e1.running = true;
  e1.rx_bytes = static_cast<std::uint64_t>(1000 * (at + 1));
  poll.interfaces = {e1};
  p.poll = poll;
  return p;
}

// A store with router pe1 and its one link acme-1; returns the poll target.
std::shared_ptr<collect::RouterWithLinks> one_link_store(const std::string& path) {
  auto target = std::make_shared<collect::RouterWithLinks>();
  {
    auto db = store::Database::open(path, store::OpenMode::create).value();
    store::Client c;
    c.name = "acme";
    auto client = store::ClientRepository(*db).add(c).value();
    store::Router r;
    r.name = "pe1";
    r.host = "127.0.0.1";
    r.username = "ill";
    r.id = store::RouterRepository(*db).add(r).value();
    target->router = r;
    store::Link l;
    l.name = "acme-1";
    l.client_id = client;
    l.router_id = r.id;
    l.interface = "ether1";
    l.committed_mbps = 10;
    l.id = store::LinkRepository(*db).add(l).value();
    target->links.push_back(l);
  }
  return target;
}

std::size_t samples_of(const std::string& path, std::int64_t link) {
  auto db = store::Database::open(path, store::OpenMode::read_only).value();
  return store::SampleRepository(*db)
      .range(link, {ill::from_unix_seconds(0), ill::from_unix_seconds(T0 + 100'000)})
      .value()
      .size();
}

}  // namespace

TEST_CASE("writer: a result that can never be written is dropped, the rest go through",
          "[unit][collect]") {
  test::TempDir dir;
  const std::string path = dir.file("ill.db");
  auto target = one_link_store(path);
  // The same router with a link the store no longer has (deleted while it was polled).
  auto deleted = std::make_shared<collect::RouterWithLinks>(*target);
  deleted->links.front().id = 9999;

  collect::WriterOptions options;
  options.linger = 200ms;
  collect::Writer writer(store::Database::open(path, store::OpenMode::existing).value(), options);
  REQUIRE(writer.push(poll_of(target, 0)));
  REQUIRE(writer.push(poll_of(deleted, 60)));
  REQUIRE(writer.push(poll_of(target, 120)));
  writer.stop();                                        // writes what is queued
  REQUIRE(writer.push(poll_of(target, 180)) == false);  // stopped

  auto stats = writer.stats();
  CHECK(stats.dropped == 1);
  CHECK(stats.results == 2);
  CHECK(stats.samples == 2);
  auto db = store::Database::open(path, store::OpenMode::read_only).value();
  auto samples = store::SampleRepository(*db)
                     .range(target->links.front().id,
                            {ill::from_unix_seconds(0), ill::from_unix_seconds(T0 + 1000)})
                     .value();
  REQUIRE(samples.size() == 2);
  CHECK(ill::unix_seconds(samples[0].t) == T0);
  CHECK(ill::unix_seconds(samples[1].t) == T0 + 120);
}

TEST_CASE("writer: a batch the store refuses for a passing reason is kept whole, never dropped",
          "[unit][collect]") {
  test::TempDir dir;
  const std::string path = dir.file("ill.db");
  auto target = one_link_store(path);
  // The store fails the whole batch, then the first result written alone (a lock taken by
  // another writer in between, say), then recovers. Those are failures of the store, not of
  // the results: nothing may be dropped as unwritable.
  std::atomic<int> calls{0};
  collect::WriterOptions options;
  options.linger = 200ms;
  options.in_transaction = [&](store::Database&, std::span<const collect::PollResult>) -> Status {
    if (++calls <= 2) return fail(Errc::database, "database is locked");
    return {};
  };
  collect::Writer writer(store::Database::open(path, store::OpenMode::existing).value(), options);
  for (int i = 0; i < 3; ++i) REQUIRE(writer.push(poll_of(target, 60 * i)));
  writer.stop();

  auto stats = writer.stats();
  CHECK(stats.dropped == 0);
  CHECK(stats.errors >= 1);
  CHECK(stats.samples == 3);
  CHECK(samples_of(path, target->links.front().id) == 3);
  CHECK_FALSE(stats.failing_since);  // recovered
}

TEST_CASE("writer: a full queue drops its oldest results instead of blocking the collector",
          "[unit][collect]") {
  test::TempDir dir;
  const std::string path = dir.file("ill.db");
  auto target = one_link_store(path);
  // The writer is held inside its first batch until the test has pushed everything.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  std::atomic<bool> first{true};
  collect::WriterOptions options;
  options.linger = 0ms;
  options.max_batch = 1;
  options.queue_capacity = 2;
  options.in_transaction = [&](store::Database&, std::span<const collect::PollResult>) -> Status {
    if (first.exchange(false)) {
      entered.set_value();
      released.wait();
    }
    return {};
  };
  collect::Writer writer(store::Database::open(path, store::OpenMode::existing).value(), options);
  REQUIRE(writer.push(poll_of(target, 0)));
  entered.get_future().wait();
  // Six more while the writer is busy: with a queue of two, four of them make way. Were push
  // to wait for room, this loop would never end (and the test would time out).
  for (int i = 1; i <= 6; ++i) REQUIRE(writer.push(poll_of(target, 60 * i)));
  CHECK(writer.stats().dropped == 4);
  release.set_value();
  writer.stop();

  auto stats = writer.stats();
  CHECK(stats.dropped == 4);
  CHECK(stats.samples == 3);
  auto db = store::Database::open(path, store::OpenMode::read_only).value();
  auto samples = store::SampleRepository(*db)
                     .range(target->links.front().id,
                            {ill::from_unix_seconds(0), ill::from_unix_seconds(T0 + 100'000)})
                     .value();
  REQUIRE(samples.size() == 3);
  // The first, then the newest two.
  CHECK(ill::unix_seconds(samples[0].t) == T0);
  CHECK(ill::unix_seconds(samples[1].t) == T0 + 300);
  CHECK(ill::unix_seconds(samples[2].t) == T0 + 360);
}

TEST_CASE("writer: a retention pass expires every link's and router's old rows and keeps hours",
          "[unit][collect]") {
  auto db = store::Database::open(":memory:", store::OpenMode::create).value();
  store::Client c;
  c.name = "acme";
  const auto client = store::ClientRepository(*db).add(c).value();
  const auto day = [](std::int64_t d) { return ill::from_unix_seconds(1767225600 + d * 86400); };
  const auto now = std::chrono::system_clock::time_point(day(100));
  const auto old_t = day(100 - 45) + 3600s + 120s;  // past both retentions below
  const auto recent_t = day(100 - 10) + 7200s;      // inside both
  std::vector<std::int64_t> links;
  std::vector<std::int64_t> routers;
  for (int r = 0; r < 2; ++r) {
    store::Router router;
    router.name = "pe" + std::to_string(r);
    router.host = "127.0.0." + std::to_string(r + 1);
    router.username = "ill";
    routers.push_back(store::RouterRepository(*db).add(router).value());
    for (const std::int64_t t : {unix_seconds(old_t), unix_seconds(recent_t)}) {
      store::RouterHealth h;
      h.router_id = routers.back();
      h.t = ill::from_unix_seconds(t);
      REQUIRE(store::RouterHealthRepository(*db).put(h));
    }
    for (int l = 0; l < 2 - r; ++l) {  // pe0 has two links, pe1 one
      store::Link link;
      link.name = router.name + "-" + std::to_string(l);
      link.client_id = client;
      link.router_id = routers.back();
      link.interface = "ether" + std::to_string(l + 1);
      link.committed_mbps = 100;
      links.push_back(store::LinkRepository(*db).add(link).value());
      for (const auto t : {old_t, recent_t}) {
        store::Sample s;
        s.link_id = links.back();
        s.t = t;
        s.state = sla::State::up;
        s.rx_bps = 1000.0 * static_cast<double>(links.back());
        REQUIRE(store::SampleRepository(*db).put(s));
        REQUIRE(store::RollupRepository(*db).add(s));
      }
    }
  }
  collect::RetentionPolicy retention;
  retention.samples = std::chrono::hours(40 * 24);
  retention.rollups_5m = std::chrono::hours(20 * 24);
  auto n = collect::expire_pass(*db, retention, now, 100);
  REQUIRE(n);
  CHECK(n->samples == 3);
  CHECK(n->health == 2);
  CHECK(n->rollups_5m == 3);
  CHECK(n->days == 3);
  CHECK(n->packed == 3);  // the recent days; the old ones had expired
  for (const std::int64_t router : routers)
    CHECK(store::RouterHealthRepository(*db).range(router, {day(0), day(200)}).value().size() == 1);
  store::RollupRepository rollups(*db);
  const sla::TimeRange old_day{day(100 - 45), day(100 - 44)};
  for (const std::int64_t link : links) {
    INFO("link " << link);
    const auto kept = store::SampleRepository(*db).range(link, {day(0), day(200)}).value();
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].t == recent_t);
    CHECK(rollups.range(store::RollupPeriod::five_minutes, link, old_day).value().empty());
    CHECK(rollups.range(store::RollupPeriod::one_day, link, old_day).value().empty());
    // The expired day's hour stays, with its sample.
    const auto hours = rollups.range(store::RollupPeriod::one_hour, link, old_day).value();
    REQUIRE(hours.size() == 1);
    CHECK(hours[0].t == day(100 - 45) + 3600s);
    CHECK(hours[0].samples == 1);
    CHECK(hours[0].rx_sum == 1000.0 * static_cast<double>(link));
    // The recent day, packed, reads the same.
    const auto recent =
        rollups.range(store::RollupPeriod::five_minutes, link, {day(100 - 10), day(100 - 9)})
            .value();
    REQUIRE(recent.size() == 1);
    CHECK(recent[0].samples == 1);
  }
}
