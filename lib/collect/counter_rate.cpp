#include "collect/counter_rate.hpp"

namespace ill::collect {

std::optional<Rate> rate_between(const CounterReading& before, const CounterReading& after,
                                 double max_bps) {
  if (after.rx_bytes < before.rx_bytes || after.tx_bytes < before.tx_bytes) return std::nullopt;
  if (after.router_uptime < before.router_uptime) return std::nullopt;
  auto elapsed = std::chrono::duration<double>(after.at - before.at).count();
  if (elapsed <= 0) return std::nullopt;
  Rate rate{static_cast<double>(after.rx_bytes - before.rx_bytes) * 8.0 / elapsed,
            static_cast<double>(after.tx_bytes - before.tx_bytes) * 8.0 / elapsed};
  if (rate.rx_bps > max_bps || rate.tx_bps > max_bps) return std::nullopt;
  return rate;
}

}  // namespace ill::collect
