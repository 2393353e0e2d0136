// illd's alert deliveries on /metrics: alerts queued in the outbox, deliveries accepted, failed
// attempts, rows given up, and rows pending now.
#pragma once

#include <cstdint>

namespace ill::metrics {

class Exposition;

struct AlertFigures {
  std::uint64_t queued_total = 0;    // outbox rows added since start
  std::uint64_t sent_total = 0;      // deliveries a channel accepted
  std::uint64_t failed_total = 0;    // delivery attempts refused or failed
  std::uint64_t given_up_total = 0;  // rows marked failed after alerts.give_up_after_h
  std::int64_t pending = 0;          // rows waiting for delivery or a retry
};

void render_alerts(const AlertFigures& figures, Exposition& out);

}  // namespace ill::metrics
