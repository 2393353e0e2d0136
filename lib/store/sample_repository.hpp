// Samples: what one poll saw of one link. Written by illd's writer thread (and history import),
// read by the SLA engine and the portal.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct Sample {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds t;
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

  bool operator==(const Sample&) const = default;
};

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
