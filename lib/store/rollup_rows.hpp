// Inside store/: what rollup_repository.cpp and rollup_packed.cpp share about rollup rows.
#pragma once

#include "core/result.hpp"
#include "store/day_codec.hpp"
#include "store/rollup_repository.hpp"
#include "store/statement.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ill::store {

// Every column of rollups_5m and rollups_1h, in the order read_rollup_row reads them.
inline constexpr std::string_view k_columns =
    "link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n, tx_sum, tx_max, "
    "latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n, up_latency_sum, "
    "up_loss_n, up_loss_sum, up_latency_hist";

// A day's traffic slots as a day row of rollups_1d gives them. The writer does not rewrite a day's
// slots blob with every sample (it was most of its work and of the WAL it wrote): while a day is
// not packed, its slots column stays empty and its 5-minute rows hold the traffic, summed here
// into the same blob (ill_day_slots_of); packing stores it in the row. A day row written whole
// (RollupRepository::put, history import's rebuild) keeps the slots it was given.
inline constexpr std::string_view k_day_slots =
    "COALESCE(rollups_1d.slots, (SELECT ill_day_slots_of(r5.t, r5.rx_n, r5.rx_sum, r5.tx_n, "
    "r5.tx_sum) FROM rollups_5m r5 WHERE r5.link_id = rollups_1d.link_id AND r5.t >= rollups_1d.t "
    "AND r5.t < rollups_1d.t + 86400))";

inline constexpr std::int64_t k_hour_s = 3600;

// length_of() in plain seconds, for the slot arithmetic on the integer columns.
inline std::int64_t period_s(RollupPeriod period) {
  switch (period) {
  case RollupPeriod::five_minutes: return 300;
  case RollupPeriod::one_hour: return k_hour_s;
  case RollupPeriod::one_day: return k_day_s;
  }
  return 300;
}

inline std::int64_t floor_to(std::int64_t t, std::int64_t period) {
  std::int64_t r = t % period;
  return r < 0 ? t - r - period : t - r;
}

inline std::int64_t ceil_to(std::int64_t t, std::int64_t period) {
  const std::int64_t f = floor_to(t, period);
  return f == t ? t : f + period;
}

// A row of k_columns (and, for a day row, its slots blob as column 21).
Result<Rollup> read_rollup_row(const Statement& s, RollupPeriod period,
                               Histograms histograms = Histograms::keep);
// The non-traffic figures of a row.
SlotDetail detail_of(const Rollup& r);
// A packed day's slot as a 5-minute row: the traffic from the slots blob, the rest from detail.
Rollup rollup_of(std::int64_t link_id, std::int64_t t, const SlotSums& traffic,
                 const SlotDetail& detail);
// Latency counts, both sorted by bucket: `part` added to `into`, or taken from `from` (a bucket
// that reaches 0 goes).
void merge_latencies(std::vector<sla::LatencyCount>& into, std::span<const sla::LatencyCount> part);
void subtract_latencies(std::vector<sla::LatencyCount>& from,
                        std::span<const sla::LatencyCount> part);
// Adds `part` (of the same or a shorter period) to `into`: counts and sums add, maxima and
// histograms merge.
void add_rollup(Rollup& into, const Rollup& part);

}  // namespace ill::store
