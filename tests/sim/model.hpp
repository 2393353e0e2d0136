// What a simulated router looks like at a given time: pure functions of its configuration, the
// run-time changes made to it (links forced down, reboots, unreachable windows) and the time.
// No I/O and no clock: the caller passes `t`, so unit tests and history mode use the same code.
#pragma once

#include "sim/config.hpp"
#include "sim/schedule.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ill::sim {

struct InterfaceStats {
  bool running = false;
  std::uint64_t rx_byte = 0, tx_byte = 0;
  std::uint64_t rx_packet = 0, tx_packet = 0;
  std::uint64_t rx_error = 0, tx_error = 0;
  std::uint64_t rx_drop = 0, tx_drop = 0;
  std::uint64_t link_downs = 0;
  std::optional<TimeMs> last_link_up, last_link_down;
};

struct PingParams {
  double latency_ms = 0, jitter_ms = 0, loss_pct = 100;
};

struct Probe {
  bool replied = false;
  std::int64_t rtt_us = 0;
};

// A 64-bit mix of its inputs (splitmix64-based); the simulator's only source of "randomness".
std::uint64_t mix(std::uint64_t a, std::uint64_t b);
std::uint64_t hash_text(std::string_view text);
// A uniform value in [0, 1) from a hash.
double unit_interval(std::uint64_t h);

class RouterModel {
public:
  RouterModel(RouterConfig config, std::uint64_t seed, TimeMs start);

  const RouterConfig& config() const { return m_config; }
  const std::string& name() const { return m_config.name; }

  // --- run-time changes (the control protocol) ---
  // Forces a link down from `t` until set_link_up(); false when there is no such interface.
  bool set_link_down(std::string_view interface, TimeMs t);
  bool set_link_up(std::string_view interface, TimeMs t);
  void add_unreachable(TimeMs from, TimeMs to);
  void clear_unreachable(TimeMs t);
  // Reboots at `t`; the router is back (uptime 0, counters 0) at t + duration.
  void reboot(TimeMs t, DurationMs duration);
  void set_ping_override(const std::string& address, PingParams params);
  void set_rates(std::string_view interface, std::optional<double> rx, std::optional<double> tx);

  // --- state at time t ---
  bool rebooting(TimeMs t) const;
  // Rebooting, or inside an unreachable window.
  bool reachable(TimeMs t) const;
  // The end of the unreachable/rebooting stretch containing t (t itself when reachable).
  TimeMs reachable_again(TimeMs t) const;
  TimeMs boot_time(TimeMs t) const;
  DurationMs uptime(TimeMs t) const { return t - boot_time(t); }
  int cpu_load(TimeMs t) const;
  std::uint64_t free_memory(TimeMs t) const;

  std::optional<std::size_t> interface_index(std::string_view name) const;
  bool running(std::size_t index, TimeMs t) const;
  // Instantaneous bit/s (0 while not running).
  double rx_rate(std::size_t index, TimeMs t) const;
  double tx_rate(std::size_t index, TimeMs t) const;
  InterfaceStats stats(std::size_t index, TimeMs t) const;

  // Ping: nullopt params = no such target (every probe times out).
  const PingTargetConfig* ping_target(std::string_view address) const;
  PingParams ping_params(std::string_view address, TimeMs t) const;
  Probe probe(std::string_view address, TimeMs t, std::uint64_t seq) const;

private:
  struct InterfaceState {
    std::vector<Interval> forced_down;  // open-ended while the link is held down
    double rx_bps, tx_bps;
    double rx_phase, tx_phase;  // seconds
  };
  // Down stretches of an interface overlapping [a, b), merged.
  std::vector<Interval> down_intervals(std::size_t index, TimeMs a, TimeMs b) const;
  double integral_bits(std::size_t index, bool rx, const std::vector<Interval>& up) const;

  RouterConfig m_config;
  std::uint64_t m_seed;
  std::uint64_t m_router_hash;  // mix(seed, name), used by every draw
  TimeMs m_initial_boot;
  std::vector<InterfaceState> m_interfaces;
  std::vector<Interval> m_reboots;  // run-time reboots
  std::vector<Interval> m_unreachable;
  std::map<std::string, PingParams, std::less<>> m_ping_overrides;
};

}  // namespace ill::sim
