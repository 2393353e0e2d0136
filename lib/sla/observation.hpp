// One poll of one link, as the collector saw it.
#pragma once

#include "sla/interval.hpp"

#include <chrono>
#include <optional>

namespace ill::sla {

// The result of one poll of a link at instant `t`. Every measurement is optional: a poll may see
// the interface state but get no probe answer, or read no counters. `rx_bps` is traffic into the
// router's interface (the client's upload, reported as "in"), `tx_bps` out of it ("out").
struct Observation {
  std::chrono::sys_seconds t;
  State state = State::unknown;
  std::optional<double> rx_bps;
  std::optional<double> tx_bps;
  std::optional<double> latency_ms;
  std::optional<double> loss_pct;
};

}  // namespace ill::sla
