// The two blobs of a rollups_1d row (schema version 8), which hold a link's UTC day of 5-minute
// data once: the traffic in `slots`, everything else in `detail`.
//
// - slots: the day's 288 5-minute slots' rate counts and sums, in a fixed layout the SLA read
//   path indexes like an array: a flags byte (2-byte counts; separate tx counts; rx sums as
//   doubles; tx sums as doubles), the byte width of the rx sums and of the tx sums, then the 288
//   rx counts, the 288 tx counts (only when some differ from the rx counts), the 288 rx sums and
//   the 288 tx sums, all little-endian. Sums are whole numbers in the day's smallest width (rates
//   are whole bits per second, so their sums are too) unless one of the day's is not, in which
//   case that direction's sums are 8-byte IEEE 754 doubles. The figures read only this blob for a
//   whole day's traffic (the 95th percentile of the slots' mean rates), so a month is 31 rows a
//   link.
// - detail: NULL while the day is open, its 5-minute rows living in rollups_5m (the collector
//   upserts them sample by sample). Once the day has closed, RollupRepository::pack moves them
//   here and deletes the rows; a row that arrives later for a packed day is added to the packed
//   slot when read and packed again. Per slot: a varint sample count (0: an empty slot, nothing
//   follows), a varint of flags (k_detail_* in day_codec.cpp), and the fields the flags name:
//   up and down counts (when not all samples were up), latency count (when not every sample's)
//   sum and maximum, the up samples' latency count and sum (when they differ from all
//   samples'), the same for loss, the rate maxima, and the up latencies' buckets: one varint per
//   up latency, its bucket's distance from the one before (a slot holds a few polls), or, when
//   that is longer, rollup_codec.hpp's (bucket, count) pairs, length first.
//
// Numbers: a varint v; v even is the whole value (v >> 1) / scale; v == 1 is followed by the 8
// bytes of a little-endian IEEE 754 double. Rates (whole bits per second, as the collector and
// history import store them) and rate sums are kept exactly: a value that is not whole takes the
// double. Latency (ms) and loss (%) sums and maxima in `detail` are kept to 1/10,000 of their
// unit, far below what a graph or report prints; the daily SLA sums stay exact doubles.
#pragma once

#include "core/result.hpp"
#include "sla/sample_summary.hpp"
#include "store/rollup_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ill::store {

// Decodes a slots blob into 288 slots; an empty blob is 288 empty slots.
Status decode_slots(std::span<const unsigned char> blob, std::vector<SlotSums>& out);
// Encodes 288 slots (fewer are padded with empty ones).
std::vector<unsigned char> encode_slots(std::span<const SlotSums> slots);
// Appends the mean rate of each slot in [first, last) of a slots blob: rx_sum / rx_n to `in`,
// tx_sum / tx_n to `out` (sla.md rule 8). The SLA read path's inner loop.
Status append_slot_rates(std::span<const unsigned char> blob, std::size_t first, std::size_t last,
                         std::vector<double>& in, std::vector<double>& out);

// One 5-minute slot's figures other than its traffic sums (those are in `slots`).
struct SlotDetail {
  std::int64_t samples = 0;
  std::int64_t up_samples = 0;
  std::int64_t down_samples = 0;
  std::int64_t latency_n = 0;
  double latency_sum = 0;
  std::optional<double> latency_max;
  std::int64_t loss_n = 0;
  double loss_sum = 0;
  std::int64_t up_latency_n = 0;
  double up_latency_sum = 0;
  std::int64_t up_loss_n = 0;
  double up_loss_sum = 0;
  std::vector<sla::LatencyCount> up_latencies;  // sorted by bucket
  std::optional<double> rx_max;
  std::optional<double> tx_max;

  // Adds another part of the same slot (counts and sums add, maxima and histograms merge).
  void merge(const SlotDetail& other);
};

// Whether a read fills the up latencies' histograms (the SLA figures' latency p95) or skips them
// (graphs, which draw means and maxima only; skipping saves an allocation per slot).
enum class Histograms { keep, skip };

// Decodes a detail blob into 288 slots; an empty blob is 288 empty slots. With Histograms::skip
// every slot's up_latencies stays empty (the blob is checked as closely either way).
Status decode_detail(std::span<const unsigned char> blob, std::vector<SlotDetail>& out,
                     Histograms histograms = Histograms::keep);
// Encodes 288 slots (fewer are padded with empty ones).
std::vector<unsigned char> encode_detail(std::span<const SlotDetail> slots);

}  // namespace ill::store
