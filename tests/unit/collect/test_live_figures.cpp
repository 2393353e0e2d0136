// The live figures /metrics shows, without a store: what a result changes, and what an
// inventory change keeps.
#include "collect/live_figures.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace ill;
using collect::LiveFigures;

namespace {

std::shared_ptr<collect::RouterWithLinks> router_with(std::string link_name) {
  auto r = std::make_shared<collect::RouterWithLinks>();
  r->router.id = 1;
  r->router.name = "pe1";
  r->router.host = "127.0.0.3";
  store::Link l;
  l.id = 11;
  l.router_id = 1;
  l.name = std::move(link_name);
  l.client_name = "acme";
  l.interface = "ether1";
  r->links.push_back(l);
  return r;
}

collect::Inventory inventory_of(std::shared_ptr<collect::RouterWithLinks> r) {
  collect::Inventory inv;
  if (r) inv.routers.push_back(std::move(r));
  return inv;
}

collect::PollResult success(const collect::PollTarget& target) {
  collect::PollResult p;
  p.target = target;
  p.at = std::chrono::system_clock::time_point(1'790'000'040s);
  p.status = store::RouterStatus::online;
  collect::RouterPoll poll;
  poll.at = p.at;
  poll.router.cpu_load_pct = 12;
  p.poll = poll;
  return p;
}

LiveFigures::LinkUpdate up_since(std::int64_t from) {
  LiveFigures::LinkUpdate u;
  u.link_id = 11;
  u.last = sla::Interval{std::chrono::sys_seconds(std::chrono::seconds(from)),
                         std::chrono::sys_seconds(std::chrono::seconds(from + 60)), sla::State::up};
  u.rx_bps = 1'000;
  u.rx_bytes = 5'000;
  u.latency_ms = 3.5;
  u.loss_pct = 0;
  return u;
}

// Live figures of router pe1 whose link acme-1 was polled up.
struct Polled {
  LiveFigures live;
  std::shared_ptr<collect::RouterWithLinks> target = router_with("acme-1");
  LiveFigures::LinkUpdate update = up_since(1'790'000'000);
  Polled() {
    live.set_inventory(inventory_of(target));
    live.update(success(target), std::span(&update, 1));
  }
};

}  // namespace

TEST_CASE(
    "live figures: a failed poll makes its links unknown at once and clears what it cannot "
    "tell",
    "[unit][collect]") {
  Polled f;
  LiveFigures& live = f.live;
  const auto& target = f.target;
  auto before = live.snapshot();
  REQUIRE(before.links.size() == 1);
  CHECK(before.links[0].state == metrics::LinkState::up);
  CHECK(before.links[0].state_since == 1'790'000'000);
  CHECK(before.routers[0].cpu_load_pct == 12);

  collect::PollResult failed;
  failed.target = target;
  failed.at = std::chrono::system_clock::time_point(1'790'000'100'500ms);
  failed.status = store::RouterStatus::unreachable;
  live.update(failed, {});
  auto after = live.snapshot();
  const auto& l = after.links[0];
  CHECK(l.state == metrics::LinkState::unknown);
  CHECK(l.state_since == 1'790'000'100);
  CHECK_FALSE(l.rx_bps);
  CHECK_FALSE(l.latency_ms);
  CHECK_FALSE(l.loss_pct);
  CHECK(l.rx_bytes == 5'000u);  // a counter may stay
  CHECK_FALSE(after.routers[0].cpu_load_pct);
  CHECK(after.routers[0].poll_errors_total == 1);
  CHECK(live.router_status_counts() == std::map<std::string, std::size_t>{{"unreachable", 1}});
}

TEST_CASE(
    "live figures: a new inventory renames a link and keeps its figures, and a removed "
    "router's late result changes nothing",
    "[unit][collect]") {
  Polled f;
  LiveFigures& live = f.live;
  const auto& target = f.target;
  const auto& update = f.update;

  live.set_inventory(inventory_of(router_with("acme-renamed")));
  auto renamed = live.snapshot();
  REQUIRE(renamed.links.size() == 1);
  REQUIRE(renamed.link_labels);
  REQUIRE(renamed.link_labels->size() == 1);
  CHECK(renamed.link_labels->link(0).text().starts_with(R"(link="acme-renamed",client="acme")"));
  CHECK(renamed.links[0].state == metrics::LinkState::up);
  CHECK(renamed.links[0].rx_bytes == 5'000u);

  live.set_inventory(inventory_of(nullptr));
  live.update(success(target), std::span(&update, 1));
  auto empty = live.snapshot();
  CHECK(empty.routers.empty());
  CHECK(empty.links.empty());
}
