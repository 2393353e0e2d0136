// Whether illd is making progress: what /healthz answers and whether the systemd watchdog is
// pinged. A pure function of the writer's and the collector's progress marks, so every verdict
// is tested without waiting for a real stall.
//
// Decisions:
// - The watchdog is a restart lever, so it is withheld only when a restart can help: a thread
//   that has stopped turning. The writer's loop turns at least every 10 s when idle, plus one
//   write attempt (under a held lock, up to ~20 s of busy waiting) or one expiry pass; the
//   collector's thread ticks every second. `writer_stall` and `collector_stall` are far above
//   those, so a slow disk is never mistaken for a wedged daemon.
// - /healthz also answers 503, without withholding the watchdog, for what a restart does not
//   cure but an operator must see: the store failing to commit for more than two poll intervals
//   (a full disk, a lock held by another process), and polls starting more than one interval
//   behind their slots (the fleet outgrew the machine).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ill::collect {

struct HealthInputs {
  std::chrono::steady_clock::time_point now;
  std::chrono::seconds interval{60};
  std::chrono::steady_clock::time_point writer_progress;
  std::optional<std::chrono::steady_clock::time_point> writer_failing_since;
  std::string writer_failure;  // the first error of the current failure
  std::chrono::steady_clock::time_point collector_tick;
  std::chrono::milliseconds collector_lag{0};
  std::chrono::seconds writer_stall{120};
  std::chrono::seconds collector_stall{30};
};

struct Health {
  bool alive = true;    // ping the watchdog
  bool healthy = true;  // /healthz answers 200
  std::string reason;   // why not healthy; empty when healthy
};

Health assess_health(const HealthInputs& in);

}  // namespace ill::collect
