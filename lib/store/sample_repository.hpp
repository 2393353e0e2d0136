// Samples: what one poll saw of one link. Written by illd's writer thread (and history import),
// read by the SLA engine and the portal.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct Sample {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds t;
  // The milliseconds past `t` at which the router was read (0..999; 0 for imported rows). A rate
  // resumed after a restart is computed from t + ms, as live rates are from the exact poll time.
  std::int32_t ms = 0;
  sla::State state = sla::State::unknown;  // the observation's verdict
  std::optional<bool> running;
  std::optional<double> rx_bps;  // none when there is no rate (first poll, counter reset)
  std::optional<double> tx_bps;
  std::optional<std::uint64_t> rx_bytes;  // raw 64-bit counters
  std::optional<std::uint64_t> tx_bytes;
  std::optional<std::uint64_t> rx_errors;
  std::optional<std::uint64_t> tx_errors;
  std::optional<double> latency_min_ms;
  std::optional<double> latency_avg_ms;
  std::optional<double> latency_max_ms;
  std::optional<double> loss_pct;

  std::chrono::system_clock::time_point at() const { return t + std::chrono::milliseconds(ms); }

  bool operator==(const Sample&) const = default;
};

// A rate as the store keeps it: to the whole bit per second. That is far below any printed figure
// (Mbps with two decimals), SQLite stores a whole REAL in at most 6 bytes instead of 8, and the
// rollups' rate sums stay whole, which day_codec.hpp stores as short varints. The collector and
// history import round with it before they store a sample.
inline std::optional<double> whole_bps(std::optional<double> bps) {
  if (bps) return std::nearbyint(*bps);
  return bps;
}

// A latency as the store keeps it: in whole microseconds, the precision RouterOS reports.
inline std::optional<double> stored_latency_ms(std::optional<double> ms) {
  if (!ms) return ms;
  return static_cast<double>(std::llround(*ms * 1000.0)) / 1000.0;
}

class SampleRepository {
public:
  explicit SampleRepository(Database& db) : m_db(db) {}

  // Inserts, or replaces the sample of the same link and time (so a repeated import is a no-op).
  // Batch many in one Database::begin() transaction.
  Status put(const Sample& sample);
  // Samples of a link with range.from <= t < range.to, by time.
  Result<std::vector<Sample>> range(std::int64_t link_id, sla::TimeRange range);
  Result<std::optional<Sample>> latest(std::int64_t link_id);
  // Deletes every sample older than `before`; returns how many went.
  Result<std::int64_t> expire_before(std::chrono::sys_seconds before);

private:
  Database& m_db;
};

}  // namespace ill::store
