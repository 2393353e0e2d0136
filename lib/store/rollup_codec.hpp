// The two blob columns of the rollup tables that the SLA figures read (schema version 2), and the
// SQL functions that maintain them inside the rollup upserts.
//
// - up_latency_hist (rollups_5m, rollups_1h): the latencies of the `up` samples counted per 0.1 ms
//   (sla::latency_bucket), as (bucket, count) pairs in ascending bucket order; each pair is two
//   unsigned LEB128 varints, the bucket's distance from the previous pair's (from 0 for the first)
//   and the count. NULL or empty: no latency.
// - slots (rollups_1d): the UTC day's 288 5-minute slots in time order, 20 bytes each: rx_n and
//   tx_n as little-endian uint16, then rx_sum and tx_sum as little-endian IEEE 754 doubles. NULL:
//   no rate that day. With it a day row gives the 95th-percentile traffic of its slots exactly,
//   so a month reads 32 rows per link instead of 8,928.
//
// SQL functions, registered on every connection by Database::open:
//   ill_hist_add(hist, latency)      hist with one more latency (unchanged when latency is NULL)
//   ill_slots_add(slots, t, rx, tx)  slots with the rates of a sample at t added to t's slot
//   ill_hist(latency)                aggregate: the hist of the non-NULL latencies
//   ill_slots(t, rx, tx)             aggregate: the slots of the rows' rates
#pragma once

#include "core/result.hpp"
#include "sla/sample_summary.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct sqlite3;

namespace ill::store {

inline constexpr std::size_t k_slots_per_day = 288;
inline constexpr std::int64_t k_day_s = 86'400;

struct SlotSums {
  std::uint32_t rx_n = 0;
  std::uint32_t tx_n = 0;
  double rx_sum = 0;
  double tx_sum = 0;
  friend bool operator==(const SlotSums&, const SlotSums&) = default;
};

// The slot (0..287) of the UTC day that holds Unix time t.
std::size_t slot_in_day(std::int64_t t);

// Decodes a slots blob into 288 slots; an empty blob is 288 empty slots.
Status decode_slots(std::span<const unsigned char> blob, std::vector<SlotSums>& out);
// Encodes 288 slots.
std::vector<unsigned char> encode_slots(std::span<const SlotSums> slots);
// Appends the mean rate of each slot in [first, last) of a slots blob that has one: rx_sum /
// rx_n to `in`, tx_sum / tx_n to `out` (sla.md rule 8). The SLA read path's inner loop.
Status append_slot_rates(std::span<const unsigned char> blob, std::size_t first, std::size_t last,
                         std::vector<double>& in, std::vector<double>& out);

// Appends the pairs of a histogram blob to `out`.
Status append_histogram(std::span<const unsigned char> blob, std::vector<sla::LatencyCount>& out);
// Encodes pairs sorted by bucket, each bucket once, counts above 0.
std::vector<unsigned char> encode_histogram(std::span<const sla::LatencyCount> sorted);

// Registers the functions above on a connection; an SQLite result code.
int register_rollup_functions(sqlite3* db);

}  // namespace ill::store
