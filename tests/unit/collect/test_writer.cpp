// The writer thread on a real store: batches, and a result that can never be written.
#include "collect/writer.hpp"
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

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

}  // namespace

TEST_CASE("writer: a result that can never be written is dropped, the rest go through",
          "[unit][collect]") {
  test::TempDir dir;
  const std::string path = dir.file("ill.db");
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
