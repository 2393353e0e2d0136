#include "store/rollup_codec.hpp"

#include "store/day_codec.hpp"
#include "store/varint.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

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

// Schema version 8's compact slots (day_codec.hpp), maintained sample by sample and rebuilt.
void add_sample_rates(SlotSums& slot, sqlite3_value* rx, sqlite3_value* tx) {
  if (sqlite3_value_type(rx) != SQLITE_NULL) {
    ++slot.rx_n;
    slot.rx_sum += sqlite3_value_double(rx);
  }
  if (sqlite3_value_type(tx) != SQLITE_NULL) {
    ++slot.tx_n;
    slot.tx_sum += sqlite3_value_double(tx);
  }
}

void day_slots_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[2]) == SQLITE_NULL && sqlite3_value_type(argv[3]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  std::vector<SlotSums> slots;
  if (!decode_slots(blob_of(argv[0]), slots)) {
    sqlite3_result_error(ctx, "ill_day_slots_add: not a day of slots", -1);
    return;
  }
  add_sample_rates(slots[slot_in_day(sqlite3_value_int64(argv[1]))], argv[2], argv[3]);
  result_blob(ctx, encode_slots(slots));
}

struct DaySlotsState {
  SlotSums slots[k_slots_per_day];
  bool any;
};

void day_slots_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* state = static_cast<DaySlotsState*>(sqlite3_aggregate_context(ctx, sizeof(DaySlotsState)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL && sqlite3_value_type(argv[2]) == SQLITE_NULL)
    return;
  state->any = true;
  add_sample_rates(state->slots[slot_in_day(sqlite3_value_int64(argv[0]))], argv[1], argv[2]);
}

void day_slots_final(sqlite3_context* ctx) {
  auto* state = static_cast<DaySlotsState*>(sqlite3_aggregate_context(ctx, 0));
  if (state == nullptr || !state->any) {
    sqlite3_result_null(ctx);
    return;
  }
  result_blob(ctx, encode_slots(std::span<const SlotSums>(state->slots, k_slots_per_day)));
}

// ill_day_slots_of(t, rx_n, rx_sum, tx_n, tx_sum) over a day's 5-minute rows: the day's slots
// as ill_day_slots gives them from the samples (the rows hold the same counts and sums).
void day_slots_of_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* state = static_cast<DaySlotsState*>(sqlite3_aggregate_context(ctx, sizeof(DaySlotsState)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  const auto rx_n = sqlite3_value_int64(argv[1]);
  const auto tx_n = sqlite3_value_int64(argv[3]);
  if (rx_n <= 0 && tx_n <= 0) return;
  state->any = true;
  SlotSums& slot = state->slots[slot_in_day(sqlite3_value_int64(argv[0]))];
  slot.rx_n += static_cast<std::uint32_t>(std::max<std::int64_t>(rx_n, 0));
  slot.rx_sum += sqlite3_value_double(argv[2]);
  slot.tx_n += static_cast<std::uint32_t>(std::max<std::int64_t>(tx_n, 0));
  slot.tx_sum += sqlite3_value_double(argv[4]);
}

// Migration 8: a fixed 20-byte-a-slot blob (schema versions 2 to 7) in the compact form.
void slots_v8(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto old = blob_of(argv[0]);
  if (old.empty()) {
    sqlite3_result_null(ctx);
    return;
  }
  if (old.size() != k_slots_bytes) {
    sqlite3_result_error(ctx, "ill_slots_v8: not a day of 20-byte slots", -1);
    return;
  }
  std::vector<SlotSums> slots(k_slots_per_day);
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    const unsigned char* p = old.data() + i * k_slot_bytes;
    slots[i] = {get_u16(p), get_u16(p + 2), get_f64(p + 4), get_f64(p + 12)};
  }
  result_blob(ctx, encode_slots(slots));
}

// ill_pack(detail, t, samples, up_samples, down_samples, latency_n, latency_sum, latency_max,
// loss_n, loss_sum, up_latency_n, up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist,
// rx_max, tx_max): the detail blob of a day (its first argument, the same in every row) with
// the 5-minute rows added.
using PackState = std::vector<SlotDetail>*;

void pack_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* state = static_cast<PackState*>(sqlite3_aggregate_context(ctx, sizeof(PackState)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (*state == nullptr) {
    auto slots = std::make_unique<std::vector<SlotDetail>>();
    if (!decode_detail(blob_of(argv[0]), *slots)) {
      sqlite3_result_error(ctx, "ill_pack: not a day's detail", -1);
      return;
    }
    *state = slots.release();
  }
  const auto opt = [&](int i) {
    return sqlite3_value_type(argv[i]) == SQLITE_NULL
               ? std::nullopt
               : std::optional(sqlite3_value_double(argv[i]));
  };
  SlotDetail d;
  d.samples = sqlite3_value_int64(argv[2]);
  d.up_samples = sqlite3_value_int64(argv[3]);
  d.down_samples = sqlite3_value_int64(argv[4]);
  d.latency_n = sqlite3_value_int64(argv[5]);
  d.latency_sum = sqlite3_value_double(argv[6]);
  d.latency_max = opt(7);
  d.loss_n = sqlite3_value_int64(argv[8]);
  d.loss_sum = sqlite3_value_double(argv[9]);
  d.up_latency_n = sqlite3_value_int64(argv[10]);
  d.up_latency_sum = sqlite3_value_double(argv[11]);
  d.up_loss_n = sqlite3_value_int64(argv[12]);
  d.up_loss_sum = sqlite3_value_double(argv[13]);
  if (!append_histogram(blob_of(argv[14]), d.up_latencies)) {
    sqlite3_result_error(ctx, "ill_pack: not a latency histogram", -1);
    return;
  }
  d.rx_max = opt(15);
  d.tx_max = opt(16);
  (**state)[slot_in_day(sqlite3_value_int64(argv[1]))].merge(d);
}

void pack_final(sqlite3_context* ctx) {
  auto* state = static_cast<PackState*>(sqlite3_aggregate_context(ctx, 0));
  if (state == nullptr || *state == nullptr) {
    sqlite3_result_null(ctx);
    return;
  }
  std::unique_ptr<std::vector<SlotDetail>> slots(*state);
  *state = nullptr;
  result_blob(ctx, encode_detail(*slots));
}

}  // namespace

std::size_t slot_in_day(std::int64_t t) {
  std::int64_t r = t % k_day_s;
  if (r < 0) r += k_day_s;
  return static_cast<std::size_t>(r / sla::k_slot_s);
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
                                            slots_final, nullptr),
                 sqlite3_create_function_v2(db, "ill_day_slots_add", 4, flags, nullptr,
                                            day_slots_add, nullptr, nullptr, nullptr),
                 sqlite3_create_function_v2(db, "ill_day_slots", 3, flags, nullptr, nullptr,
                                            day_slots_step, day_slots_final, nullptr),
                 sqlite3_create_function_v2(db, "ill_day_slots_of", 5, flags, nullptr, nullptr,
                                            day_slots_of_step, day_slots_final, nullptr),
                 sqlite3_create_function_v2(db, "ill_slots_v8", 1, flags, nullptr, slots_v8,
                                            nullptr, nullptr, nullptr),
                 sqlite3_create_function_v2(db, "ill_pack", 17, flags, nullptr, nullptr, pack_step,
                                            pack_final, nullptr)})
    if (rc != SQLITE_OK) return rc;
  return SQLITE_OK;
}

}  // namespace ill::store
