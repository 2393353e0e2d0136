// 5-minute and 1-hour rollups of samples, kept as sums and counts so they grow as samples
// arrive: 95th-percentile billing reads the 5-minute table, long graphs the 1-hour one.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ill::store {

class Database;
struct Sample;

enum class RollupPeriod { five_minutes, one_hour };
// 300 or 3600.
std::int64_t seconds_of(RollupPeriod period);

struct Rollup {
  std::int64_t link_id = 0;
  std::int64_t t = 0;  // slot start, a multiple of the period
  std::int64_t samples = 0;
  std::int64_t up_samples = 0;
  std::int64_t down_samples = 0;
  std::int64_t rx_n = 0;
  double rx_sum = 0;
  std::optional<double> rx_max;
  std::int64_t tx_n = 0;
  double tx_sum = 0;
  std::optional<double> tx_max;
  std::int64_t latency_n = 0;
  double latency_sum = 0;
  std::optional<double> latency_max;
  std::int64_t loss_n = 0;
  double loss_sum = 0;

  std::optional<double> rx_bps_avg() const {
    return rx_n ? std::optional(rx_sum / rx_n) : std::nullopt;
  }
  std::optional<double> tx_bps_avg() const {
    return tx_n ? std::optional(tx_sum / tx_n) : std::nullopt;
  }
  bool operator==(const Rollup&) const = default;
};

class RollupRepository {
public:
  explicit RollupRepository(Database& db) : m_db(db) {}

  // Adds one new sample to its 5-minute and 1-hour slots. Call it once per new sample (in the
  // same transaction as SampleRepository::put); a replaced sample is not subtracted.
  Status add(const Sample& sample);
  // Slots of a link with from <= t < to, by time.
  Result<std::vector<Rollup>> range(RollupPeriod period, std::int64_t link_id, std::int64_t from,
                                    std::int64_t to);
  Result<std::int64_t> expire_before(RollupPeriod period, std::int64_t before);

private:
  Database& m_db;
};

}  // namespace ill::store
