#include "store/day_codec.hpp"

#include "store/varint.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace ill::store {

namespace {

// Flags of a detail slot. The ones nearly every slot has come first, so they fit in one byte.
constexpr std::uint64_t k_detail_latency = 1 << 0;      // latency_sum
constexpr std::uint64_t k_detail_latency_max = 1 << 1;  // latency_max
constexpr std::uint64_t k_detail_loss = 1 << 2;         // loss_sum
constexpr std::uint64_t k_detail_rx_max = 1 << 3;       // rx_max
constexpr std::uint64_t k_detail_tx_max = 1 << 4;       // tx_max
constexpr std::uint64_t k_detail_hist = 1 << 5;         // up latencies, one bucket delta each
constexpr std::uint64_t k_detail_mixed = 1 << 6;        // up_samples, down_samples (else all up)
constexpr std::uint64_t k_detail_up_latency = 1 << 7;   // up_latency_n, _sum (else latency's)
constexpr std::uint64_t k_detail_up_loss = 1 << 8;      // up_loss_n, _sum (else loss's)
constexpr std::uint64_t k_detail_hist_pairs = 1 << 9;   // histogram length and pairs instead
constexpr std::uint64_t k_detail_latency_n = 1 << 10;   // latency_n (else the sample count)
constexpr std::uint64_t k_detail_loss_n = 1 << 11;      // loss_n (else the sample count)

// Latency (ms) and loss (%) in `detail` are kept to 1/10,000 of their unit.
constexpr double k_fine = 10'000;
// Whole values up to 2^52 keep their even varint; anything else takes the double.
constexpr double k_whole_limit = 4'503'599'627'370'496.0;

void put_double(std::vector<unsigned char>& out, double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>((bits >> (8 * i)) & 0xFF));
}

// A number: exact (the double unless `value` is a whole number) or to 1/scale (`exact` false).
void put_number(std::vector<unsigned char>& out, double value, double scale, bool exact) {
  const double scaled = value * scale;
  if (scaled >= 0 && scaled < k_whole_limit) {
    const double whole = std::nearbyint(scaled);
    if (!exact || whole == scaled) {
      put_varint(out, static_cast<std::uint64_t>(whole) << 1);
      return;
    }
  }
  put_varint(out, 1);
  put_double(out, value);
}

bool get_number(std::span<const unsigned char> in, std::size_t& pos, double scale, double& value) {
  std::uint64_t v = 0;
  if (!get_varint(in, pos, v)) return false;
  if ((v & 1) == 0) {
    value = static_cast<double>(v >> 1) / scale;
    return true;
  }
  if (v != 1 || in.size() - pos < 8) return false;
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(in[pos + i]) << (8 * i);
  pos += 8;
  value = std::bit_cast<double>(bits);
  return true;
}

bool get_count(std::span<const unsigned char> in, std::size_t& pos, std::int64_t& value) {
  std::uint64_t v = 0;
  if (!get_varint(in, pos, v) || v > static_cast<std::uint64_t>(INT64_MAX)) return false;
  value = static_cast<std::int64_t>(v);
  return true;
}

void put_count(std::vector<unsigned char>& out, std::int64_t value) {
  put_varint(out, static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
}

Status cut_short(const char* what, std::size_t slot) {
  return fail(Errc::database, "a day's {} blob is cut short or malformed at slot {}", what, slot);
}

// Reads one slot of a slots blob; the rates only when `want`.
bool read_slot(std::span<const unsigned char> blob, std::size_t& pos, SlotSums& slot) {
  std::uint64_t h = 0;
  if (!get_varint(blob, pos, h)) return false;
  slot.rx_n = static_cast<std::uint32_t>(h >> 1);
  slot.tx_n = slot.rx_n;
  if (h & 1) {
    std::uint64_t tx_n = 0;
    if (!get_varint(blob, pos, tx_n)) return false;
    slot.tx_n = static_cast<std::uint32_t>(tx_n);
  }
  slot.rx_sum = 0;
  slot.tx_sum = 0;
  if (slot.rx_n > 0 && !get_number(blob, pos, 1, slot.rx_sum)) return false;
  if (slot.tx_n > 0 && !get_number(blob, pos, 1, slot.tx_sum)) return false;
  return true;
}

std::optional<double> max_of(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

}  // namespace

Status decode_slots(std::span<const unsigned char> blob, std::vector<SlotSums>& out) {
  out.assign(k_slots_per_day, SlotSums{});
  if (blob.empty()) return {};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < k_slots_per_day; ++i)
    if (!read_slot(blob, pos, out[i])) return cut_short("slots", i);
  if (pos != blob.size()) return cut_short("slots", k_slots_per_day);
  return {};
}

std::vector<unsigned char> encode_slots(std::span<const SlotSums> slots) {
  std::vector<unsigned char> out;
  out.reserve(k_slots_per_day * 10);
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    const SlotSums s = i < slots.size() ? slots[i] : SlotSums{};
    put_varint(out, (static_cast<std::uint64_t>(s.rx_n) << 1) | (s.tx_n != s.rx_n ? 1 : 0));
    if (s.tx_n != s.rx_n) put_varint(out, s.tx_n);
    if (s.rx_n > 0) put_number(out, s.rx_sum, 1, true);
    if (s.tx_n > 0) put_number(out, s.tx_sum, 1, true);
  }
  return out;
}

Status append_slot_rates(std::span<const unsigned char> blob, std::size_t first, std::size_t last,
                         std::vector<double>& in, std::vector<double>& out) {
  if (blob.empty()) return {};
  last = std::min(last, k_slots_per_day);
  std::size_t pos = 0;
  SlotSums slot;
  for (std::size_t i = 0; i < last; ++i) {
    if (!read_slot(blob, pos, slot)) return cut_short("slots", i);
    if (i < first) continue;
    if (slot.rx_n > 0) in.push_back(slot.rx_sum / static_cast<double>(slot.rx_n));
    if (slot.tx_n > 0) out.push_back(slot.tx_sum / static_cast<double>(slot.tx_n));
  }
  return {};
}

void SlotDetail::merge(const SlotDetail& o) {
  samples += o.samples;
  up_samples += o.up_samples;
  down_samples += o.down_samples;
  latency_n += o.latency_n;
  latency_sum += o.latency_sum;
  latency_max = max_of(latency_max, o.latency_max);
  loss_n += o.loss_n;
  loss_sum += o.loss_sum;
  up_latency_n += o.up_latency_n;
  up_latency_sum += o.up_latency_sum;
  up_loss_n += o.up_loss_n;
  up_loss_sum += o.up_loss_sum;
  rx_max = max_of(rx_max, o.rx_max);
  tx_max = max_of(tx_max, o.tx_max);
  if (o.up_latencies.empty()) return;
  std::vector<sla::LatencyCount> merged;
  merged.reserve(up_latencies.size() + o.up_latencies.size());
  auto a = up_latencies.begin();
  auto b = o.up_latencies.begin();
  while (a != up_latencies.end() || b != o.up_latencies.end()) {
    if (b == o.up_latencies.end() || (a != up_latencies.end() && a->bucket < b->bucket)) {
      merged.push_back(*a++);
    } else if (a == up_latencies.end() || b->bucket < a->bucket) {
      merged.push_back(*b++);
    } else {
      merged.push_back({a->bucket, a->count + b->count});
      ++a;
      ++b;
    }
  }
  up_latencies = std::move(merged);
}

Status decode_detail(std::span<const unsigned char> blob, std::vector<SlotDetail>& out) {
  out.assign(k_slots_per_day, SlotDetail{});
  if (blob.empty()) return {};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    SlotDetail& d = out[i];
    if (!get_count(blob, pos, d.samples)) return cut_short("detail", i);
    if (d.samples == 0) continue;
    std::uint64_t flags = 0;
    if (!get_varint(blob, pos, flags)) return cut_short("detail", i);
    bool ok = true;
    if (flags & k_detail_mixed)
      ok = get_count(blob, pos, d.up_samples) && get_count(blob, pos, d.down_samples);
    else
      d.up_samples = d.samples;
    if (ok && (flags & k_detail_latency)) {
      d.latency_n = d.samples;
      if (flags & k_detail_latency_n) ok = get_count(blob, pos, d.latency_n);
      ok = ok && get_number(blob, pos, k_fine, d.latency_sum);
    }
    if (ok && (flags & k_detail_latency_max)) {
      double v = 0;
      ok = get_number(blob, pos, k_fine, v);
      d.latency_max = v;
    }
    if (ok && (flags & k_detail_up_latency)) {
      ok = get_count(blob, pos, d.up_latency_n) && get_number(blob, pos, k_fine, d.up_latency_sum);
    } else {
      d.up_latency_n = d.latency_n;
      d.up_latency_sum = d.latency_sum;
    }
    if (ok && (flags & k_detail_loss)) {
      d.loss_n = d.samples;
      if (flags & k_detail_loss_n) ok = get_count(blob, pos, d.loss_n);
      ok = ok && get_number(blob, pos, k_fine, d.loss_sum);
    }
    if (ok && (flags & k_detail_up_loss)) {
      ok = get_count(blob, pos, d.up_loss_n) && get_number(blob, pos, k_fine, d.up_loss_sum);
    } else {
      d.up_loss_n = d.loss_n;
      d.up_loss_sum = d.loss_sum;
    }
    for (auto [flag, field] : {std::pair{k_detail_rx_max, &d.rx_max}, {k_detail_tx_max, &d.tx_max}})
      if (ok && (flags & flag)) {
        double v = 0;
        ok = get_number(blob, pos, 1, v);
        *field = v;
      }
    if (ok && (flags & k_detail_hist_pairs)) {
      std::uint64_t length = 0;
      ok = get_varint(blob, pos, length) && length <= blob.size() - pos &&
           append_histogram(blob.subspan(pos, length), d.up_latencies).has_value();
      pos += ok ? length : 0;
    } else if (ok && (flags & k_detail_hist)) {
      // One bucket per up latency, in order, each the distance from the one before.
      std::uint64_t bucket = 0;
      for (std::int64_t k = 0; ok && k < d.up_latency_n; ++k) {
        std::uint64_t delta = 0;
        ok = get_varint(blob, pos, delta);
        bucket += delta;
        if (!d.up_latencies.empty() &&
            d.up_latencies.back().bucket == static_cast<std::int64_t>(bucket))
          ++d.up_latencies.back().count;
        else
          d.up_latencies.push_back({static_cast<std::int64_t>(bucket), 1});
      }
    }
    if (!ok) return cut_short("detail", i);
  }
  if (pos != blob.size()) return cut_short("detail", k_slots_per_day);
  return {};
}

std::vector<unsigned char> encode_detail(std::span<const SlotDetail> slots) {
  std::vector<unsigned char> out;
  out.reserve(k_slots_per_day * 24);
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    if (i >= slots.size() || slots[i].samples <= 0) {
      out.push_back(0);
      continue;
    }
    const SlotDetail& d = slots[i];
    const bool mixed = d.up_samples != d.samples || d.down_samples != 0;
    const bool own_up_latency = d.up_latency_n != d.latency_n || d.up_latency_sum != d.latency_sum;
    const bool own_up_loss = d.up_loss_n != d.loss_n || d.up_loss_sum != d.loss_sum;
    // The histogram as one bucket per latency when that is what up_latency_n counts and it is
    // shorter than the pairs (nearly always: a slot holds a few polls).
    std::uint64_t counted = 0;
    for (const auto& c : d.up_latencies) counted += c.count;
    const auto pairs = encode_histogram(d.up_latencies);
    const bool per_latency =
        counted == static_cast<std::uint64_t>(d.up_latency_n) && counted <= pairs.size() + 1;
    std::uint64_t flags = 0;
    if (mixed) flags |= k_detail_mixed;
    if (d.latency_n > 0 || d.latency_sum != 0) flags |= k_detail_latency;
    if ((flags & k_detail_latency) && d.latency_n != d.samples) flags |= k_detail_latency_n;
    if (d.latency_max) flags |= k_detail_latency_max;
    if (own_up_latency) flags |= k_detail_up_latency;
    if (d.loss_n > 0 || d.loss_sum != 0) flags |= k_detail_loss;
    if ((flags & k_detail_loss) && d.loss_n != d.samples) flags |= k_detail_loss_n;
    if (own_up_loss) flags |= k_detail_up_loss;
    if (d.rx_max) flags |= k_detail_rx_max;
    if (d.tx_max) flags |= k_detail_tx_max;
    if (!d.up_latencies.empty()) flags |= per_latency ? k_detail_hist : k_detail_hist_pairs;
    put_count(out, d.samples);
    put_varint(out, flags);
    if (mixed) {
      put_count(out, d.up_samples);
      put_count(out, d.down_samples);
    }
    if (flags & k_detail_latency) {
      if (flags & k_detail_latency_n) put_count(out, d.latency_n);
      put_number(out, d.latency_sum, k_fine, false);
    }
    if (d.latency_max) put_number(out, *d.latency_max, k_fine, false);
    if (own_up_latency) {
      put_count(out, d.up_latency_n);
      put_number(out, d.up_latency_sum, k_fine, false);
    }
    if (flags & k_detail_loss) {
      if (flags & k_detail_loss_n) put_count(out, d.loss_n);
      put_number(out, d.loss_sum, k_fine, false);
    }
    if (own_up_loss) {
      put_count(out, d.up_loss_n);
      put_number(out, d.up_loss_sum, k_fine, false);
    }
    if (d.rx_max) put_number(out, *d.rx_max, 1, true);
    if (d.tx_max) put_number(out, *d.tx_max, 1, true);
    if (flags & k_detail_hist_pairs) {
      put_varint(out, pairs.size());
      out.insert(out.end(), pairs.begin(), pairs.end());
    } else if (flags & k_detail_hist) {
      std::int64_t previous = 0;
      for (const auto& c : d.up_latencies)
        for (std::uint64_t k = 0; k < c.count; ++k) {
          put_varint(out, static_cast<std::uint64_t>(c.bucket - previous));
          previous = c.bucket;
        }
    }
  }
  return out;
}

}  // namespace ill::store
