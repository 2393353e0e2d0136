#include "sim/config.hpp"
#include "sim/model.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

namespace {

constexpr TimeMs k_start = 1790812800000;  // 2026-10-01T00:00:00Z, a multiple of every window

RouterConfig router_with(InterfaceConfig iface) {
  RouterConfig r;
  r.name = "gw1";
  r.uptime = k_hour;  // booted at k_start - 1h
  r.interfaces.push_back(std::move(iface));
  return r;
}

}  // namespace

TEST_CASE("counters are the integral of the rate since boot", "[unit][sim]") {
  InterfaceConfig i;
  i.name = "ether1";
  i.rx_bps = 8e6;  // 1 MB/s
  i.tx_bps = 800e3;
  i.packet_size = 1000;
  i.error_ratio = 0.001;
  RouterModel m(router_with(i), 1, k_start);
  auto s = m.stats(0, k_start);
  CHECK(s.running);
  CHECK(s.rx_byte == 3600ull * 1000000);
  CHECK(s.tx_byte == 3600ull * 100000);
  CHECK(s.rx_packet == 3600ull * 1000);
  CHECK(s.rx_error == 3600);
  CHECK(s.link_downs == 0);
  REQUIRE(s.last_link_up);
  CHECK(*s.last_link_up == k_start - k_hour);
  CHECK(m.uptime(k_start) == k_hour);
  CHECK(m.stats(0, k_start + 10 * k_second).rx_byte == 3610ull * 1000000);
}

TEST_CASE("counters with variation stay monotonic and average to the mean", "[unit][sim]") {
  InterfaceConfig i;
  i.name = "ether1";
  i.rx_bps = 80e6;
  i.variation = 0.5;
  i.variation_period = 10 * k_minute;
  RouterModel m(router_with(i), 1, k_start);
  std::uint64_t last = 0;
  for (TimeMs t = k_start; t < k_start + 20 * k_minute; t += 7 * k_second) {
    auto v = m.stats(0, t).rx_byte;
    CHECK(v >= last);
    last = v;
  }
  // Over whole periods the sine integrates to zero: 2h of uptime at 10 MB/s.
  CHECK(m.stats(0, k_start + k_hour).rx_byte == Approx(7200.0 * 10e6).epsilon(1e-9));
  double r = m.rx_rate(0, k_start);
  CHECK(r >= 40e6);
  CHECK(r <= 120e6);
}

TEST_CASE("a scheduled down window stops counters and counts a link-down", "[unit][sim]") {
  InterfaceConfig i;
  i.name = "ether2";
  i.rx_bps = 8000;  // 1000 B/s
  i.down.add(Window::absolute(k_start + 10 * k_minute, k_start + 15 * k_minute));
  RouterModel m(router_with(i), 1, k_start);
  CHECK(m.running(0, k_start + 5 * k_minute));
  CHECK_FALSE(m.running(0, k_start + 12 * k_minute));
  auto during = m.stats(0, k_start + 12 * k_minute);
  CHECK_FALSE(during.running);
  CHECK(during.link_downs == 1);
  CHECK(during.rx_byte == (3600 + 600) * 1000ull);
  auto after = m.stats(0, k_start + 20 * k_minute);
  CHECK(after.rx_byte == (3600 + 600 + 300) * 1000ull);
  CHECK(*after.last_link_down == k_start + 10 * k_minute);
  CHECK(*after.last_link_up == k_start + 15 * k_minute);
  CHECK(m.rx_rate(0, k_start + 12 * k_minute) == 0);
}

TEST_CASE("a link forced down at run time and brought back", "[unit][sim]") {
  InterfaceConfig i;
  i.name = "ether2";
  i.rx_bps = 8000;
  RouterModel m(router_with(i), 1, k_start);
  REQUIRE(m.set_link_down("ether2", k_start + k_minute));
  CHECK_FALSE(m.running(0, k_start + 2 * k_minute));
  REQUIRE(m.set_link_up("ether2", k_start + 3 * k_minute));
  CHECK(m.running(0, k_start + 3 * k_minute));
  auto s = m.stats(0, k_start + 4 * k_minute);
  CHECK(s.link_downs == 1);
  CHECK(s.rx_byte == (3600 + 60 + 60) * 1000ull);
  CHECK_FALSE(m.set_link_down("nope", k_start));
}

TEST_CASE("a reboot resets uptime and counters", "[unit][sim]") {
  InterfaceConfig i;
  i.name = "ether1";
  i.rx_bps = 8000;
  RouterModel m(router_with(i), 1, k_start);
  m.reboot(k_start, 30 * k_second);
  CHECK(m.rebooting(k_start + k_second));
  CHECK_FALSE(m.reachable(k_start + k_second));
  CHECK(m.reachable_again(k_start + k_second) == k_start + 30 * k_second);
  CHECK(m.uptime(k_start + 40 * k_second) == 10 * k_second);
  CHECK(m.stats(0, k_start + 40 * k_second).rx_byte == 10 * 1000ull);
}

TEST_CASE("scheduled reboots and unreachable windows", "[unit][sim]") {
  RouterConfig r;
  r.name = "gw1";
  r.uptime = k_day;
  r.reboots.add(Window::periodic(k_day, k_minute, 3 * k_hour));  // daily at 03:00 for 1 min
  r.unreachable.add(Window::absolute(k_start + k_hour, k_start + 2 * k_hour));
  RouterModel m(r, 1, k_start);
  CHECK(m.boot_time(k_start) == k_start - k_day + 3 * k_hour + k_minute);
  CHECK(m.boot_time(k_start + 4 * k_hour) == k_start + 3 * k_hour + k_minute);
  CHECK_FALSE(m.reachable(k_start + 90 * k_minute));
  CHECK(m.reachable_again(k_start + 90 * k_minute) == k_start + 2 * k_hour);
  CHECK(m.reachable(k_start + 2 * k_hour));
}

TEST_CASE("ping probes follow latency, loss, windows and the via interface", "[unit][sim]") {
  RouterConfig r;
  r.name = "gw1";
  InterfaceConfig i;
  i.name = "ether2";
  i.down.add(Window::absolute(k_start + k_hour, k_start + 2 * k_hour));
  r.interfaces.push_back(i);
  PingTargetConfig p;
  p.address = "10.0.0.1";
  p.latency_ms = 12;
  p.jitter_ms = 2;
  p.loss_pct = 10;
  p.via = "ether2";
  PingWindowConfig w;
  w.window = Window::absolute(k_start + 3 * k_hour, k_start + 4 * k_hour);
  w.latency_ms = 80;
  p.windows.push_back(w);
  r.pings.push_back(p);
  RouterModel m(r, 1, k_start);

  int replied = 0;
  double sum = 0;
  for (int k = 0; k < 2000; ++k) {
    auto probe = m.probe("10.0.0.1", k_start + k * 1000, static_cast<std::uint64_t>(k));
    if (probe.replied) {
      ++replied;
      sum += static_cast<double>(probe.rtt_us);
      CHECK(probe.rtt_us >= 10000);
      CHECK(probe.rtt_us <= 14000);
    }
  }
  CHECK(replied == Approx(1800).margin(80));
  CHECK(sum / replied == Approx(12000).margin(200));
  CHECK_FALSE(m.probe("10.0.0.1", k_start + 90 * k_minute, 0).replied);  // via is down
  CHECK(m.ping_params("10.0.0.1", k_start + 3 * k_hour + 1).latency_ms == 80);
  CHECK_FALSE(m.probe("192.0.2.99", k_start, 0).replied);  // not a target: times out
  // Same inputs, same answer.
  CHECK(m.probe("10.0.0.1", k_start + 5000, 5).rtt_us ==
        m.probe("10.0.0.1", k_start + 5000, 5).rtt_us);
}
