// The counting rule of DESIGN on one poll, with no store: figures worked out by hand.
#include "collect/observe.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace std::chrono_literals;
using namespace ill;
using collect::CounterReading;
using collect::observe_link;
using collect::PollIndex;

namespace {

using Clock = std::chrono::system_clock;
const Clock::time_point k_t0 = Clock::time_point(1'790'000'040s);

store::Link link_on(std::string interface, std::optional<std::string> probe = std::nullopt) {
  store::Link l;
  l.id = 7;
  l.name = "acme-" + interface;
  l.interface = std::move(interface);
  l.probe_target = std::move(probe);
  return l;
}

collect::InterfaceStats iface(std::string name, bool running, std::uint64_t rx, std::uint64_t tx) {
  collect::InterfaceStats s;
  s.name = std::move(name);
  s.running = running;
  s.rx_bytes = rx;
  s.tx_bytes = tx;
  return s;
}

collect::RouterPoll poll_at(Clock::time_point at, std::vector<collect::InterfaceStats> interfaces,
                            std::vector<collect::PingSummary> pings = {}) {
  collect::RouterPoll p;
  p.at = at;
  p.router.uptime = 100'000s;
  p.interfaces = std::move(interfaces);
  p.pings = std::move(pings);
  return p;
}

}  // namespace

TEST_CASE("observe: the sample carries the poll's second and its milliseconds", "[unit][collect]") {
  const auto poll = poll_at(k_t0 + 1234ms, {iface("ether1", true, 0, 0)});
  const auto seen = observe_link(poll, PollIndex(poll), link_on("ether1"), std::nullopt, 60s);
  CHECK(seen.sample.t == std::chrono::sys_seconds(1'790'000'041s));
  CHECK(seen.sample.ms == 234);
  CHECK(seen.sample.link_id == 7);
}

TEST_CASE("observe: state from the interface and the probe", "[unit][collect]") {
  const collect::PingSummary answered{"10.0.0.1", 3, 1, 66.7, 2.0, 3.0, 4.0};
  const collect::PingSummary lost{"10.0.0.1", 3, 0, 100.0, {}, {}, {}};
  auto state = [](collect::InterfaceStats s, std::vector<collect::PingSummary> pings) {
    const auto poll = poll_at(k_t0, {std::move(s)}, std::move(pings));
    return observe_link(poll, PollIndex(poll), link_on("ether1", "10.0.0.1"), std::nullopt, 60s)
        .sample.state;
  };
  CHECK(state(iface("ether1", true, 0, 0), {answered}) == sla::State::up);
  CHECK(state(iface("ether1", true, 0, 0), {}) == sla::State::up);  // probe not asked
  CHECK(state(iface("ether1", true, 0, 0), {lost}) == sla::State::down);
  CHECK(state(iface("ether1", false, 0, 0), {answered}) == sla::State::down);
  auto disabled = iface("ether1", true, 0, 0);
  disabled.disabled = true;
  CHECK(state(disabled, {answered}) == sla::State::down);
  // The router answered but has no such interface: not down, unknown.
  CHECK(state(iface("ether9", true, 0, 0), {answered}) == sla::State::unknown);
}

TEST_CASE("observe: a rate needs the previous reading within two intervals and a second",
          "[unit][collect]") {
  const CounterReading before{k_t0, 1'000'000, 2'000'000, 99'880s};
  auto rate_after = [&](std::chrono::milliseconds gap) {
    // 7.5 MB received and 1.5 MB sent over the gap.
    const auto poll =
        poll_at(k_t0 + gap, {iface("ether1", true, 1'000'000 + 7'500'000, 2'000'000 + 1'500'000)});
    return observe_link(poll, PollIndex(poll), link_on("ether1"), before, 60s);
  };
  const auto on_time = rate_after(60s);
  REQUIRE(on_time.sample.rx_bps);
  CHECK(*on_time.sample.rx_bps == 1'000'000);  // 7.5e6 B * 8 / 60 s
  CHECK(*on_time.sample.tx_bps == 200'000);
  CHECK(on_time.counters->rx_bytes == 8'500'000u);

  const auto late = rate_after(121s);  // two intervals and a second: still joined
  REQUIRE(late.sample.rx_bps);
  CHECK(*late.sample.rx_bps == Approx(7.5e6 * 8 / 121).margin(0.5));

  const auto gap = rate_after(121'001ms);  // past it: no rate smeared over the gap
  CHECK_FALSE(gap.sample.rx_bps);
  CHECK_FALSE(gap.sample.tx_bps);
  CHECK(gap.counters->at == k_t0 + 121'001ms);  // but the next rate starts from here
}

TEST_CASE("observe: a missing interface keeps the previous reading for the next rate",
          "[unit][collect]") {
  const CounterReading before{k_t0, 1'000, 2'000, 99'880s};
  const auto poll = poll_at(k_t0 + 60s, {iface("ether2", true, 5, 5)});
  const auto seen = observe_link(poll, PollIndex(poll), link_on("ether1"), before, 60s);
  CHECK(seen.interface_missing);
  CHECK_FALSE(seen.sample.rx_bytes);
  CHECK_FALSE(seen.sample.running);
  REQUIRE(seen.counters);
  CHECK(seen.counters->at == before.at);
  CHECK(seen.counters->rx_bytes == 1'000u);
}

TEST_CASE("observe: interfaces and probes are found by name among many", "[unit][collect]") {
  std::vector<collect::InterfaceStats> many;
  for (int i = 0; i < 5'000; ++i) many.push_back(iface("vlan" + std::to_string(i), false, 0, 0));
  many.push_back(iface("vlan4321", true, 1, 1));  // a duplicate name: the first one counts
  const auto poll = poll_at(
      k_t0, many, {{"10.0.0.1", 3, 3, 0, 1.0, 2.0, 3.0}, {"10.0.0.2", 3, 0, 100, {}, {}, {}}});
  const PollIndex index(poll);
  CHECK(index.interface("vlan4321") == &poll.interfaces[4321]);
  CHECK(index.interface("vlan5000") == nullptr);
  CHECK(index.ping(std::string("10.0.0.2")) == &poll.pings[1]);
  CHECK(index.ping(std::nullopt) == nullptr);
  CHECK(index.ping(std::string()) == nullptr);
  const auto seen = observe_link(poll, index, link_on("vlan4321", "10.0.0.1"), std::nullopt, 60s);
  CHECK(seen.sample.state == sla::State::down);  // the first vlan4321 is not running
  CHECK(seen.sample.latency_avg_ms == 2.0);
  CHECK(seen.sample.loss_pct == 0.0);
  CHECK(seen.observation().state == sla::State::down);
  CHECK(seen.observation().t == seen.sample.t);
}
