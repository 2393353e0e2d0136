// Rates from RouterOS's 64-bit interface counters. Two readings give a rate only when they can be
// trusted: a counter going backwards, or the router's uptime going backwards, means a reset
// (reboot, counter clear) and that pair yields no rate rather than a negative or absurd one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace ill::collect {

struct CounterReading {
  std::chrono::system_clock::time_point at;
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_bytes = 0;
  std::chrono::seconds router_uptime{0};
};

struct Rate {
  double rx_bps = 0;  // bits per second
  double tx_bps = 0;
};

// nullopt when the pair cannot give a rate: a reset, time not moving forward, or a rate above
// `max_bps` (default 1 Tbit/s: no ILL circuit carries that, so it can only be a glitch).
std::optional<Rate> rate_between(const CounterReading& before, const CounterReading& after,
                                 double max_bps = 1e12);

}  // namespace ill::collect
