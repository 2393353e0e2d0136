// The two blob columns of the rollup tables that the SLA figures read (schema version 2), and the
// SQL functions that maintain them inside the rollup upserts.
//
// - up_latency_hist (rollups_5m, rollups_1h): the latencies of the `up` samples counted per 0.1 ms
//   (sla::latency_bucket), as (bucket, count) pairs in ascending bucket order; each pair is two
//   unsigned LEB128 varints, the bucket's distance from the previous pair's (from 0 for the first)
//   and the count. NULL or empty: no latency.
// - slots (rollups_1h): the hour's twelve 5-minute slots in time order, 20 bytes each: rx_n and
//   tx_n as little-endian uint16, then rx_sum and tx_sum as little-endian IEEE 754 doubles. NULL:
//   no rate in the hour. With it an hour row gives the 95th-percentile traffic of its twelve slots
//   exactly, so a month reads 744 rows per link instead of 8,928.
//
// SQL functions, registered on every connection by Database::open:
//   ill_hist_add(hist, latency)      hist with one more latency (unchanged when latency is NULL)
//   ill_slots_add(slots, t, rx, tx)  slots with the rates of a sample at t added to t's slot
//   ill_hist(latency)                aggregate: the hist of the non-NULL latencies
//   ill_slots(t, rx, tx)             aggregate: the slots of the rows' rates
#pragma once

#include "core/result.hpp"
#include "sla/sample_summary.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct sqlite3;

namespace ill::store {

inline constexpr std::size_t k_slots_per_hour = 12;

struct SlotSums {
  std::uint32_t rx_n = 0;
  std::uint32_t tx_n = 0;
  double rx_sum = 0;
  double tx_sum = 0;
  friend bool operator==(const SlotSums&, const SlotSums&) = default;
};
using HourSlots = std::array<SlotSums, k_slots_per_hour>;

// The slot (0..11) of the hour that holds Unix time t.
std::size_t slot_in_hour(std::int64_t t);

// Decodes a slots blob; an empty blob is twelve empty slots.
Status decode_slots(std::span<const unsigned char> blob, HourSlots& out);
std::vector<unsigned char> encode_slots(const HourSlots& slots);
// Appends the mean rate of each slot of a slots blob that has one: rx_sum / rx_n to `in`,
// tx_sum / tx_n to `out` (sla.md rule 8). The SLA read path's inner loop: no copy in between.
Status append_slot_rates(std::span<const unsigned char> blob, std::vector<double>& in,
                         std::vector<double>& out);

// Appends the pairs of a histogram blob to `out`.
Status append_histogram(std::span<const unsigned char> blob, std::vector<sla::LatencyCount>& out);
// Encodes pairs sorted by bucket, each bucket once, counts above 0.
std::vector<unsigned char> encode_histogram(std::span<const sla::LatencyCount> sorted);

// Registers the functions above on a connection; an SQLite result code.
int register_rollup_functions(sqlite3* db);

}  // namespace ill::store
