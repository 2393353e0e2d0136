#include "store/rollup_codec.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>

namespace ill::store {

namespace {

constexpr std::size_t k_slot_bytes = 20;
constexpr std::size_t k_slots_bytes = k_slot_bytes * k_slots_per_day;

void put_u16(unsigned char* out, std::uint32_t value) {
  out[0] = static_cast<unsigned char>(value & 0xFF);
  out[1] = static_cast<unsigned char>((value >> 8) & 0xFF);
}

std::uint32_t get_u16(const unsigned char* in) {
  return static_cast<std::uint32_t>(in[0]) | (static_cast<std::uint32_t>(in[1]) << 8);
}

void put_f64(unsigned char* out, double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>((bits >> (8 * i)) & 0xFF);
}

double get_f64(const unsigned char* in) {
  std::uint64_t bits = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&bits, in, sizeof bits);
  } else {
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  }
  return std::bit_cast<double>(bits);
}

void put_varint(std::vector<unsigned char>& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<unsigned char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<unsigned char>(value));
}

bool get_varint(std::span<const unsigned char> in, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) return false;
    const unsigned char byte = in[pos++];
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

std::span<const unsigned char> blob_of(sqlite3_value* value) {
  if (sqlite3_value_type(value) != SQLITE_BLOB) return {};
  const auto* data = static_cast<const unsigned char*>(sqlite3_value_blob(value));
  return {data, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

void result_blob(sqlite3_context* ctx, const std::vector<unsigned char>& blob) {
  sqlite3_result_blob64(ctx, blob.data(), blob.size(), SQLITE_TRANSIENT);
}

// Adds one latency to a sorted histogram.
void add_latency(std::vector<sla::LatencyCount>& hist, double latency_ms) {
  const std::int64_t bucket = sla::latency_bucket(latency_ms);
  auto it =
      std::lower_bound(hist.begin(), hist.end(), bucket,
                       [](const sla::LatencyCount& c, std::int64_t b) { return c.bucket < b; });
  if (it != hist.end() && it->bucket == bucket)
    ++it->count;
  else
    hist.insert(it, {bucket, 1});
}

// Adds a sample's rates to its slot of a day's slots blob, in place.
void add_rates(unsigned char* blob, std::int64_t t, sqlite3_value* rx, sqlite3_value* tx) {
  unsigned char* p = blob + slot_in_day(t) * k_slot_bytes;
  if (sqlite3_value_type(rx) != SQLITE_NULL) {
    put_u16(p, std::min<std::uint32_t>(get_u16(p) + 1, 0xFFFF));
    put_f64(p + 4, get_f64(p + 4) + sqlite3_value_double(rx));
  }
  if (sqlite3_value_type(tx) != SQLITE_NULL) {
    put_u16(p + 2, std::min<std::uint32_t>(get_u16(p + 2) + 1, 0xFFFF));
    put_f64(p + 12, get_f64(p + 12) + sqlite3_value_double(tx));
  }
}

void hist_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  std::vector<sla::LatencyCount> hist;
  if (!append_histogram(blob_of(argv[0]), hist)) {
    sqlite3_result_error(ctx, "ill_hist_add: not a latency histogram", -1);
    return;
  }
  add_latency(hist, sqlite3_value_double(argv[1]));
  result_blob(ctx, encode_histogram(hist));
}

void slots_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[2]) == SQLITE_NULL && sqlite3_value_type(argv[3]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  const auto old = blob_of(argv[0]);
  if (!old.empty() && old.size() != k_slots_bytes) {
    sqlite3_result_error(ctx, "ill_slots_add: not a day of slots", -1);
    return;
  }
  std::vector<unsigned char> slots(k_slots_bytes);
  if (!old.empty()) std::memcpy(slots.data(), old.data(), k_slots_bytes);
  add_rates(slots.data(), sqlite3_value_int64(argv[1]), argv[2], argv[3]);
  result_blob(ctx, slots);
}

// Aggregate state lives in SQLite's zeroed aggregate context: a pointer for the histogram, the
// slots themselves (plain data) for the slots.
using HistState = std::map<std::int64_t, std::uint64_t>*;

void hist_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    // Make sure a group of NULLs still has a state, so the final is NULL, not an error.
    sqlite3_aggregate_context(ctx, sizeof(HistState));
    return;
  }
  auto* state = static_cast<HistState*>(sqlite3_aggregate_context(ctx, sizeof(HistState)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (*state == nullptr) *state = new std::map<std::int64_t, std::uint64_t>();
  ++(**state)[sla::latency_bucket(sqlite3_value_double(argv[0]))];
}

void hist_final(sqlite3_context* ctx) {
  auto* state = static_cast<HistState*>(sqlite3_aggregate_context(ctx, 0));
  if (state == nullptr || *state == nullptr) {
    sqlite3_result_null(ctx);
    return;
  }
  std::vector<sla::LatencyCount> sorted;
  sorted.reserve((*state)->size());
  for (const auto& [bucket, count] : **state) sorted.push_back({bucket, count});
  delete *state;
  *state = nullptr;
  result_blob(ctx, encode_histogram(sorted));
}

struct SlotsState {
  unsigned char slots[k_slots_bytes];
  bool any;
};

void slots_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* state = static_cast<SlotsState*>(sqlite3_aggregate_context(ctx, sizeof(SlotsState)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL && sqlite3_value_type(argv[2]) == SQLITE_NULL)
    return;
  state->any = true;
  add_rates(state->slots, sqlite3_value_int64(argv[0]), argv[1], argv[2]);
}

void slots_final(sqlite3_context* ctx) {
  auto* state = static_cast<SlotsState*>(sqlite3_aggregate_context(ctx, 0));
  if (state == nullptr || !state->any) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_blob64(ctx, state->slots, k_slots_bytes, SQLITE_TRANSIENT);
}

}  // namespace

std::size_t slot_in_day(std::int64_t t) {
  std::int64_t r = t % k_day_s;
  if (r < 0) r += k_day_s;
  return static_cast<std::size_t>(r / sla::k_slot_s);
}

Status decode_slots(std::span<const unsigned char> blob, std::vector<SlotSums>& out) {
  out.assign(k_slots_per_day, SlotSums{});
  if (blob.empty()) return {};
  if (blob.size() != k_slots_bytes)
    return fail(Errc::database, "a day of 5-minute slots is {} bytes, not {}", k_slots_bytes,
                blob.size());
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    const unsigned char* p = blob.data() + i * k_slot_bytes;
    out[i] = {get_u16(p), get_u16(p + 2), get_f64(p + 4), get_f64(p + 12)};
  }
  return {};
}

Status append_slot_rates(std::span<const unsigned char> blob, std::size_t first, std::size_t last,
                         std::vector<double>& in, std::vector<double>& out) {
  if (blob.empty()) return {};
  if (blob.size() != k_slots_bytes)
    return fail(Errc::database, "a day of 5-minute slots is {} bytes, not {}", k_slots_bytes,
                blob.size());
  last = std::min(last, k_slots_per_day);
  for (std::size_t i = first; i < last; ++i) {
    const unsigned char* p = blob.data() + i * k_slot_bytes;
    const std::uint32_t rx_n = get_u16(p);
    const std::uint32_t tx_n = get_u16(p + 2);
    if (rx_n > 0) in.push_back(get_f64(p + 4) / static_cast<double>(rx_n));
    if (tx_n > 0) out.push_back(get_f64(p + 12) / static_cast<double>(tx_n));
  }
  return {};
}

std::vector<unsigned char> encode_slots(std::span<const SlotSums> slots) {
  std::vector<unsigned char> out(k_slots_bytes);
  for (std::size_t i = 0; i < std::min(slots.size(), k_slots_per_day); ++i) {
    unsigned char* p = out.data() + i * k_slot_bytes;
    // At most one sample per second: 300 per slot, far below 65,535.
    put_u16(p, std::min<std::uint32_t>(slots[i].rx_n, 0xFFFF));
    put_u16(p + 2, std::min<std::uint32_t>(slots[i].tx_n, 0xFFFF));
    put_f64(p + 4, slots[i].rx_sum);
    put_f64(p + 12, slots[i].tx_sum);
  }
  return out;
}

Status append_histogram(std::span<const unsigned char> blob, std::vector<sla::LatencyCount>& out) {
  std::size_t pos = 0;
  std::uint64_t bucket = 0;
  while (pos < blob.size()) {
    std::uint64_t delta = 0;
    std::uint64_t count = 0;
    if (!get_varint(blob, pos, delta) || !get_varint(blob, pos, count))
      return fail(Errc::database, "a latency histogram is cut short at byte {}", pos);
    bucket += delta;
    out.push_back({static_cast<std::int64_t>(bucket), count});
  }
  return {};
}

std::vector<unsigned char> encode_histogram(std::span<const sla::LatencyCount> sorted) {
  std::vector<unsigned char> out;
  out.reserve(sorted.size() * 3);
  std::int64_t previous = 0;
  for (const sla::LatencyCount& c : sorted) {
    put_varint(out, static_cast<std::uint64_t>(c.bucket - previous));
    put_varint(out, c.count);
    previous = c.bucket;
  }
  return out;
}

int register_rollup_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  for (int rc : {sqlite3_create_function_v2(db, "ill_hist_add", 2, flags, nullptr, hist_add,
                                            nullptr, nullptr, nullptr),
                 sqlite3_create_function_v2(db, "ill_slots_add", 4, flags, nullptr, slots_add,
                                            nullptr, nullptr, nullptr),
                 sqlite3_create_function_v2(db, "ill_hist", 1, flags, nullptr, nullptr, hist_step,
                                            hist_final, nullptr),
                 sqlite3_create_function_v2(db, "ill_slots", 3, flags, nullptr, nullptr, slots_step,
                                            slots_final, nullptr)})
    if (rc != SQLITE_OK) return rc;
  return SQLITE_OK;
}

}  // namespace ill::store
