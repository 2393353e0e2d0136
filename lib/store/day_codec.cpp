#include "store/day_codec.hpp"

#include "store/varint.hpp"

#include <algorithm>
#include <array>
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

// The slots blob: a fixed layout, so that the SLA read path indexes it like an array.
constexpr unsigned char k_slots_wide_counts = 1 << 0;  // counts are 2 bytes (else 1)
constexpr unsigned char k_slots_tx_counts = 1 << 1;    // tx counts follow the rx counts
constexpr unsigned char k_slots_rx_doubles = 1 << 2;   // rx sums are doubles (else whole)
constexpr unsigned char k_slots_tx_doubles = 1 << 3;   // tx sums are doubles (else whole)
constexpr std::size_t k_slots_header = 3;              // flags, rx width, tx width

std::uint64_t get_le(const unsigned char* p, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

void put_le(std::vector<unsigned char>& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

bool whole(double v) { return v >= 0 && v < k_whole_limit && std::nearbyint(v) == v; }

std::size_t width_of(std::uint64_t max) {
  std::size_t w = 0;
  while (max > 0) {
    ++w;
    max >>= 8;
  }
  return w;
}

// Entries [first, last) of a column of `Width`-byte little-endian numbers, widened to 64 bits.
template <std::size_t Width>
void load_column(const unsigned char* column, std::size_t first, std::size_t last,
                 std::uint64_t* out) {
  for (std::size_t i = first; i < last; ++i) {
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little)
      std::memcpy(&v, column + i * Width, Width);
    else
      v = get_le(column + i * Width, Width);
    *out++ = v;
  }
}

// One loop per width, rather than get_le's loop over the bytes of each number: the SLA read path
// decodes every slot of a fleet's month, 178 million numbers at 10,000 links.
void load_column(const unsigned char* column, std::size_t width, std::size_t first,
                 std::size_t last, std::uint64_t* out) {
  switch (width) {
  case 1: return load_column<1>(column, first, last, out);
  case 2: return load_column<2>(column, first, last, out);
  case 3: return load_column<3>(column, first, last, out);
  case 4: return load_column<4>(column, first, last, out);
  case 5: return load_column<5>(column, first, last, out);
  case 6: return load_column<6>(column, first, last, out);
  case 7: return load_column<7>(column, first, last, out);
  case 8: return load_column<8>(column, first, last, out);
  default: std::fill(out, out + (last - first), 0); return;  // width 0: every sum is 0
  }
}

// Slots [first, last) of a blob, column by column from index 0, as stored: sums are whole
// numbers, or a double's bits where the blob says so.
struct SlotColumns {
  std::array<std::uint64_t, k_slots_per_day> rx_n, tx_n, rx, tx;
  const std::uint64_t* tx_counts = nullptr;  // tx_n, or rx_n when the blob has one count column
  bool rx_doubles = false, tx_doubles = false;

  static double sum(std::uint64_t stored, bool doubles) {
    return doubles ? std::bit_cast<double>(stored) : static_cast<double>(stored);
  }
};

// Where the arrays of a slots blob are.
struct SlotsView {
  const unsigned char* rx_counts = nullptr;
  const unsigned char* tx_counts = nullptr;
  const unsigned char* rx = nullptr;
  const unsigned char* tx = nullptr;
  std::size_t count_width = 1, rx_width = 0, tx_width = 0;
  bool rx_doubles = false, tx_doubles = false;

  void load(std::size_t first, std::size_t last, SlotColumns& c) const {
    load_column(rx_counts, count_width, first, last, c.rx_n.data());
    c.tx_counts = c.rx_n.data();
    if (tx_counts != rx_counts) {
      load_column(tx_counts, count_width, first, last, c.tx_n.data());
      c.tx_counts = c.tx_n.data();
    }
    load_column(rx, rx_width, first, last, c.rx.data());
    load_column(tx, tx_width, first, last, c.tx.data());
    c.rx_doubles = rx_doubles;
    c.tx_doubles = tx_doubles;
  }
};

bool view_slots(std::span<const unsigned char> blob, SlotsView& v) {
  if (blob.size() < k_slots_header) return false;
  const unsigned char flags = blob[0];
  if (flags > 0x0F) return false;
  v.count_width = (flags & k_slots_wide_counts) ? 2 : 1;
  v.rx_doubles = (flags & k_slots_rx_doubles) != 0;
  v.tx_doubles = (flags & k_slots_tx_doubles) != 0;
  v.rx_width = blob[1];
  v.tx_width = blob[2];
  if (v.rx_width > 8 || v.tx_width > 8 || (v.rx_doubles && v.rx_width != 8) ||
      (v.tx_doubles && v.tx_width != 8))
    return false;
  const std::size_t counts = k_slots_per_day * v.count_width;
  const std::size_t expected = k_slots_header + counts * ((flags & k_slots_tx_counts) ? 2 : 1) +
                               k_slots_per_day * (v.rx_width + v.tx_width);
  if (blob.size() != expected) return false;
  v.rx_counts = blob.data() + k_slots_header;
  v.tx_counts = (flags & k_slots_tx_counts) ? v.rx_counts + counts : v.rx_counts;
  v.rx = v.tx_counts + counts;
  v.tx = v.rx + k_slots_per_day * v.rx_width;
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
  SlotsView v;
  if (!view_slots(blob, v)) return cut_short("slots", 0);
  SlotColumns c;
  v.load(0, k_slots_per_day, c);
  for (std::size_t i = 0; i < k_slots_per_day; ++i)
    out[i] = {static_cast<std::uint32_t>(c.rx_n[i]), static_cast<std::uint32_t>(c.tx_counts[i]),
              SlotColumns::sum(c.rx[i], c.rx_doubles), SlotColumns::sum(c.tx[i], c.tx_doubles)};
  return {};
}

std::vector<unsigned char> encode_slots(std::span<const SlotSums> slots) {
  std::vector<SlotSums> all(slots.begin(), slots.begin() + std::min(slots.size(), k_slots_per_day));
  all.resize(k_slots_per_day);
  std::uint32_t max_count = 0;
  bool tx_counts = false, rx_doubles = false, tx_doubles = false;
  std::uint64_t max_rx = 0, max_tx = 0;
  for (const SlotSums& s : all) {
    max_count = std::max({max_count, s.rx_n, s.tx_n});
    tx_counts = tx_counts || s.tx_n != s.rx_n;
    rx_doubles = rx_doubles || !whole(s.rx_sum);
    tx_doubles = tx_doubles || !whole(s.tx_sum);
    if (!rx_doubles) max_rx = std::max(max_rx, static_cast<std::uint64_t>(s.rx_sum));
    if (!tx_doubles) max_tx = std::max(max_tx, static_cast<std::uint64_t>(s.tx_sum));
  }
  const std::size_t count_width = max_count > 0xFF ? 2 : 1;
  const std::size_t rx_width = rx_doubles ? 8 : width_of(max_rx);
  const std::size_t tx_width = tx_doubles ? 8 : width_of(max_tx);
  std::vector<unsigned char> out;
  out.reserve(k_slots_header + k_slots_per_day * (2 * count_width + rx_width + tx_width));
  out.push_back(static_cast<unsigned char>(
      (count_width == 2 ? k_slots_wide_counts : 0) | (tx_counts ? k_slots_tx_counts : 0) |
      (rx_doubles ? k_slots_rx_doubles : 0) | (tx_doubles ? k_slots_tx_doubles : 0)));
  out.push_back(static_cast<unsigned char>(rx_width));
  out.push_back(static_cast<unsigned char>(tx_width));
  const std::uint32_t count_max = count_width == 2 ? 0xFFFF : 0xFF;
  for (const SlotSums& s : all) put_le(out, std::min(s.rx_n, count_max), count_width);
  if (tx_counts)
    for (const SlotSums& s : all) put_le(out, std::min(s.tx_n, count_max), count_width);
  const auto bits = [](double v, bool doubles) {
    return doubles ? std::bit_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  };
  for (const SlotSums& s : all) put_le(out, bits(s.rx_sum, rx_doubles), rx_width);
  for (const SlotSums& s : all) put_le(out, bits(s.tx_sum, tx_doubles), tx_width);
  return out;
}

namespace {

// Appends sum / count for the first `n` slots whose count is not 0.
void append_rates(const std::uint64_t* sums, bool doubles, const std::uint64_t* counts,
                  std::size_t n, std::vector<double>& to) {
  const std::size_t start = to.size();
  to.resize(start + n);
  double* rates = to.data() + start;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto count = static_cast<std::uint32_t>(counts[i]);
    rates[kept] = SlotColumns::sum(sums[i], doubles) / (count == 0 ? 1 : count);
    kept += count == 0 ? 0 : 1;
  }
  to.resize(start + kept);
}

}  // namespace

Status append_slot_rates(std::span<const unsigned char> blob, std::size_t first, std::size_t last,
                         std::vector<double>& in, std::vector<double>& out) {
  if (blob.empty()) return {};
  SlotsView v;
  if (!view_slots(blob, v)) return cut_short("slots", 0);
  last = std::min(last, k_slots_per_day);
  if (first >= last) return {};
  SlotColumns c;
  v.load(first, last, c);
  append_rates(c.rx.data(), c.rx_doubles, c.rx_n.data(), last - first, in);
  append_rates(c.tx.data(), c.tx_doubles, c.tx_counts, last - first, out);
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

Status decode_detail(std::span<const unsigned char> blob, std::vector<SlotDetail>& out,
                     Histograms histograms) {
  const bool keep = histograms == Histograms::keep;
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
      std::vector<sla::LatencyCount> skipped;
      ok = get_varint(blob, pos, length) && length <= blob.size() - pos &&
           append_histogram(blob.subspan(pos, length), keep ? d.up_latencies : skipped).has_value();
      pos += ok ? length : 0;
    } else if (ok && (flags & k_detail_hist)) {
      // One bucket per up latency, in order, each the distance from the one before.
      std::uint64_t bucket = 0;
      for (std::int64_t k = 0; ok && k < d.up_latency_n; ++k) {
        std::uint64_t delta = 0;
        ok = get_varint(blob, pos, delta);
        bucket += delta;
        if (!keep) continue;
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
