#include "sim/config.hpp"
#include "sim/history.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

namespace {

constexpr TimeMs k_start = 1790812800000;  // 2026-10-01T00:00:00Z

}  // namespace

TEST_CASE("history rows: up, down, unknown, in the import format", "[unit][sim]") {
  RouterConfig r;
  r.name = "gw1";
  InterfaceConfig i;
  i.name = "ether2";
  i.rx_bps = 50e6;
  i.tx_bps = 10e6;
  i.down.add(Window::absolute(k_start + k_hour, k_start + 2 * k_hour));
  r.interfaces.push_back(i);
  PingTargetConfig p;
  p.address = "10.0.0.1";
  p.latency_ms = 12;
  p.via = "ether2";
  r.pings.push_back(p);
  r.unreachable.add(Window::absolute(k_start + 3 * k_hour, k_start + 4 * k_hour));
  RouterModel m(r, 1, k_start);
  LinkConfig link{"acme", "gw1", "ether2", "10.0.0.1", 5};

  std::string line;
  append_history_row(line, history_row(m, link, k_start));
  CHECK(line == "2026-10-01T00:00:00Z,up,50000000,10000000,12.000,0");

  line.clear();
  append_history_row(line, history_row(m, link, k_start + 90 * k_minute));
  CHECK(line == "2026-10-01T01:30:00Z,down,0,0,,100");

  line.clear();
  append_history_row(line, history_row(m, link, k_start + 3 * k_hour));
  CHECK(line == "2026-10-01T03:00:00Z,unknown,,,,");

  LinkConfig no_probe{"plain", "gw1", "ether2", "", 5};
  line.clear();
  append_history_row(line, history_row(m, no_probe, k_start));
  CHECK(line == "2026-10-01T00:00:00Z,up,50000000,10000000,,");
  CHECK(k_history_header == "time,state,rx_bps,tx_bps,latency_ms,loss_pct");
}
