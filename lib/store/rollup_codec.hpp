// The latency histogram blob of the rollup tables, and the SQL functions that maintain the rollup
// blobs inside the rollup upserts (the day blobs' formats: day_codec.hpp).
//
// - up_latency_hist (rollups_5m, rollups_1h, rollups_1d, and per slot in rollups_1d.detail): the
//   latencies of the `up` samples counted per 0.1 ms (sla::latency_bucket), as (bucket, count)
//   pairs in ascending bucket order; each pair is two unsigned LEB128 varints, the bucket's
//   distance from the previous pair's (from 0 for the first) and the count. NULL or empty: no
//   latency.
//
// SQL functions, registered on every connection by Database::open:
//   ill_hist_add(hist, latency)          hist with one more latency (unchanged when latency is
//   NULL) ill_hist(latency)                    aggregate: the hist of the non-NULL latencies
//   ill_day_slots_add(slots, t, rx, tx)  a day's slots with the rates of a sample at t added
//   ill_day_slots(t, rx, tx)             aggregate: the day's slots of the rows' rates
//   ill_pack(detail, t, samples, ...)    aggregate: a day's detail with its 5-minute rows added
//                                        (the columns of rollups_5m but the traffic sums)
//   ill_slots_v8(slots)                  migration 8: the fixed 20-byte-a-slot form of schema
//                                        versions 2 to 7 in the compact one
//   ill_slots_add, ill_slots             that fixed form, as migration 2 builds it
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

// Appends the pairs of a histogram blob to `out`.
Status append_histogram(std::span<const unsigned char> blob, std::vector<sla::LatencyCount>& out);
// Encodes pairs sorted by bucket, each bucket once, counts above 0.
std::vector<unsigned char> encode_histogram(std::span<const sla::LatencyCount> sorted);

// Registers the functions above on a connection; an SQLite result code.
int register_rollup_functions(sqlite3* db);

}  // namespace ill::store
