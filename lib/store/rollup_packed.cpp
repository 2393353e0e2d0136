#include "core/format.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"
#include "store/rollup_rows.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

// The packed days of RollupRepository (rollup_repository.hpp): reading a closed day's 5-minute and
// hourly rollups from its day row, and packing the rows of days that closed.
namespace ill::store {

SlotDetail detail_of(const Rollup& r) {
  SlotDetail d;
  d.samples = r.samples;
  d.up_samples = r.up_samples;
  d.down_samples = r.down_samples;
  d.latency_n = r.latency_n;
  d.latency_sum = r.latency_sum;
  d.latency_max = r.latency_max;
  d.loss_n = r.loss_n;
  d.loss_sum = r.loss_sum;
  d.up_latency_n = r.up_latency_n;
  d.up_latency_sum = r.up_latency_sum;
  d.up_loss_n = r.up_loss_n;
  d.up_loss_sum = r.up_loss_sum;
  d.up_latencies = r.up_latencies;
  d.rx_max = r.rx_max;
  d.tx_max = r.tx_max;
  return d;
}

Rollup rollup_of(std::int64_t link_id, std::int64_t t, const SlotSums& traffic,
                 const SlotDetail& d) {
  Rollup r;
  r.link_id = link_id;
  r.t = from_unix_seconds(t);
  r.samples = d.samples;
  r.up_samples = d.up_samples;
  r.down_samples = d.down_samples;
  r.rx_n = traffic.rx_n;
  r.rx_sum = traffic.rx_sum;
  r.rx_max = d.rx_max;
  r.tx_n = traffic.tx_n;
  r.tx_sum = traffic.tx_sum;
  r.tx_max = d.tx_max;
  r.latency_n = d.latency_n;
  r.latency_sum = d.latency_sum;
  r.latency_max = d.latency_max;
  r.loss_n = d.loss_n;
  r.loss_sum = d.loss_sum;
  r.up_latency_n = d.up_latency_n;
  r.up_latency_sum = d.up_latency_sum;
  r.up_loss_n = d.up_loss_n;
  r.up_loss_sum = d.up_loss_sum;
  r.up_latencies = d.up_latencies;
  return r;
}

Result<Rollup> read_rollup_row(const Statement& s, RollupPeriod period, Histograms histograms) {
  Rollup r;
  r.link_id = s.int64(0);
  r.t = s.time(1);
  r.samples = s.int64(2);
  r.up_samples = s.int64(3);
  r.down_samples = s.int64(4);
  r.rx_n = s.int64(5);
  r.rx_sum = s.real(6);
  r.rx_max = s.opt_real(7);
  r.tx_n = s.int64(8);
  r.tx_sum = s.real(9);
  r.tx_max = s.opt_real(10);
  r.latency_n = s.int64(11);
  r.latency_sum = s.real(12);
  r.latency_max = s.opt_real(13);
  r.loss_n = s.int64(14);
  r.loss_sum = s.real(15);
  r.up_latency_n = s.int64(16);
  r.up_latency_sum = s.real(17);
  r.up_loss_n = s.int64(18);
  r.up_loss_sum = s.real(19);
  if (histograms == Histograms::keep)
    if (auto st = append_histogram(s.blob_view(20), r.up_latencies); !st) return fail(st.error());
  if (period == RollupPeriod::one_day)
    if (auto st = decode_slots(s.blob_view(21), r.slots); !st) return fail(st.error());
  return r;
}

namespace {

// Where `bucket` is, or would go, in counts sorted by bucket.
std::vector<sla::LatencyCount>::iterator bucket_in(std::vector<sla::LatencyCount>& counts,
                                                   std::int64_t bucket) {
  return std::lower_bound(counts.begin(), counts.end(), bucket,
                          [](const sla::LatencyCount& x, std::int64_t b) { return x.bucket < b; });
}

}  // namespace

void merge_latencies(std::vector<sla::LatencyCount>& into,
                     std::span<const sla::LatencyCount> part) {
  for (const sla::LatencyCount& c : part) {
    auto it = bucket_in(into, c.bucket);
    if (it != into.end() && it->bucket == c.bucket)
      it->count += c.count;
    else
      into.insert(it, c);
  }
}

void subtract_latencies(std::vector<sla::LatencyCount>& from,
                        std::span<const sla::LatencyCount> part) {
  for (const sla::LatencyCount& c : part) {
    auto it = bucket_in(from, c.bucket);
    if (it == from.end() || it->bucket != c.bucket) continue;
    it->count -= std::min(it->count, c.count);
    if (it->count == 0) from.erase(it);
  }
}

namespace {

// A link's 5-minute rows with ?2 <= t < ?3, by time, as read_rollup_row reads them.
const std::string k_rows_5m =
    "SELECT " + std::string(k_columns) +
    ", NULL FROM rollups_5m WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t";

std::optional<double> max_of(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

// Adds what a packed slot's detail and a rollup row share (every sum but the traffic's).
template <class Part>
void add_detail(Rollup& into, const Part& d) {
  into.samples += d.samples;
  into.up_samples += d.up_samples;
  into.down_samples += d.down_samples;
  into.rx_max = max_of(into.rx_max, d.rx_max);
  into.tx_max = max_of(into.tx_max, d.tx_max);
  into.latency_n += d.latency_n;
  into.latency_sum += d.latency_sum;
  into.latency_max = max_of(into.latency_max, d.latency_max);
  into.loss_n += d.loss_n;
  into.loss_sum += d.loss_sum;
  into.up_latency_n += d.up_latency_n;
  into.up_latency_sum += d.up_latency_sum;
  into.up_loss_n += d.up_loss_n;
  into.up_loss_sum += d.up_loss_sum;
  merge_latencies(into.up_latencies, d.up_latencies);
}

template <class Traffic>
void add_traffic(Rollup& into, const Traffic& t) {
  into.rx_n += t.rx_n;
  into.rx_sum += t.rx_sum;
  into.tx_n += t.tx_n;
  into.tx_sum += t.tx_sum;
}

// Adds a packed slot (its traffic and detail) to an hour.
void add_slot(Rollup& into, const SlotSums& traffic, const SlotDetail& d) {
  add_traffic(into, traffic);
  add_detail(into, d);
}

}  // namespace

void add_rollup(Rollup& into, const Rollup& part) {
  add_traffic(into, part);
  add_detail(into, part);
}

Result<const RollupRepository::PackedDay*> RollupRepository::packed_day(std::int64_t link_id,
                                                                        std::int64_t day,
                                                                        Histograms histograms) {
  // A day decoded without its histograms serves only a read that skips them too.
  if (m_day.link_id == link_id && m_day.day == day &&
      (m_day.histograms == Histograms::keep || histograms == Histograms::skip))
    return m_day.packed ? &m_day : nullptr;
  auto stmt = m_db.prepare(
      "SELECT slots, detail FROM rollups_1d WHERE link_id = ? AND t = ? AND detail IS NOT NULL");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(link_id, day).step();
  if (!row) return fail(row.error());
  m_day.link_id = link_id;
  m_day.day = day;
  m_day.packed = *row;
  m_day.histograms = histograms;
  if (!*row) return nullptr;
  if (auto st = decode_slots((*stmt)->blob_view(0), m_day.traffic); !st) {
    m_day.link_id = -1;
    return fail(st.error());
  }
  if (auto st = decode_detail((*stmt)->blob_view(1), m_day.detail, histograms); !st) {
    m_day.link_id = -1;
    return fail(st.error());
  }
  return &m_day;
}

Result<std::vector<Rollup>> RollupRepository::five_minute_range(std::int64_t link_id,
                                                                std::int64_t from, std::int64_t to,
                                                                Histograms histograms) {
  // The packed days that [from, to) touches, slot by slot.
  std::map<std::int64_t, Rollup> packed;
  std::set<std::int64_t> packed_days;
  for (std::int64_t day = floor_to(from, k_day_s); day < to; day += k_day_s) {
    auto p = packed_day(link_id, day, histograms);
    if (!p) return fail(p.error());
    if (*p == nullptr) continue;
    packed_days.insert(day);
    for (std::size_t i = 0; i < k_slots_per_day; ++i) {
      const std::int64_t t = day + static_cast<std::int64_t>(i) * sla::k_slot_s;
      const SlotSums& traffic = (*p)->traffic[i];
      if (t < from || t >= to) continue;
      if ((*p)->detail[i].samples == 0 && traffic.rx_n == 0 && traffic.tx_n == 0) continue;
      packed.emplace(t, rollup_of(link_id, t, traffic, (*p)->detail[i]));
    }
  }
  // The live rows: a day not packed yet, or a row that came after its day was packed (its
  // traffic is in the day's slots already; the rest adds to the packed slot).
  auto stmt = m_db.prepare(k_rows_5m);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, from, to);
  std::vector<Rollup> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    auto r = read_rollup_row(**stmt, RollupPeriod::five_minutes, histograms);
    if (!r) return fail(r.error());
    if (!packed_days.contains(floor_to(unix_seconds(r->t), k_day_s))) {
      out.push_back(std::move(*r));
      continue;
    }
    r->rx_n = r->tx_n = 0;
    r->rx_sum = r->tx_sum = 0;
    const std::int64_t t = unix_seconds(r->t);
    auto [slot, inserted] = packed.try_emplace(t, rollup_of(link_id, t, {}, {}));
    add_rollup(slot->second, *r);
  }
  if (packed.empty()) return out;
  for (auto& [t, r] : packed) {
    // A day decoded with its histograms may serve a read that skips them: leave them out.
    if (histograms == Histograms::skip) r.up_latencies.clear();
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Rollup& a, const Rollup& b) { return a.t < b.t; });
  return out;
}

Result<std::vector<Rollup>> RollupRepository::hour_range(std::int64_t link_id, std::int64_t from,
                                                         std::int64_t to, Histograms histograms) {
  // Hours of packed days: the sums of their 5-minute slots. Only an hour that starts in
  // [from, to) is returned, so its slots lie in [ceil(from), ceil(to)).
  const std::int64_t first = ceil_to(from, k_hour_s);
  const std::int64_t last = ceil_to(to, k_hour_s);
  std::vector<Rollup> out;
  std::set<std::int64_t> packed_days;
  for (std::int64_t day = floor_to(first, k_day_s); day < last; day += k_day_s) {
    auto p = packed_day(link_id, day, histograms);
    if (!p) return fail(p.error());
    if (*p == nullptr) continue;
    packed_days.insert(day);
    // The packed slots of the hours asked for (rows that came after the day was packed: below).
    const std::int64_t begin = std::max(first, day);
    const std::int64_t end = std::min(last, day + k_day_s);
    for (std::int64_t hour = begin; hour < end; hour += k_hour_s) {
      Rollup r = rollup_of(link_id, hour, {}, {});
      const auto slot0 = static_cast<std::size_t>((hour - day) / sla::k_slot_s);
      // Room for the hour's buckets at once, rather than growing bucket by bucket as they merge.
      std::size_t buckets = 0;
      for (std::size_t i = slot0; i < slot0 + k_hour_s / sla::k_slot_s; ++i)
        buckets += (*p)->detail[i].up_latencies.size();
      r.up_latencies.reserve(buckets);
      for (std::size_t i = slot0; i < slot0 + k_hour_s / sla::k_slot_s; ++i)
        if ((*p)->detail[i].samples > 0 || (*p)->traffic[i].rx_n > 0 || (*p)->traffic[i].tx_n > 0)
          add_slot(r, (*p)->traffic[i], (*p)->detail[i]);
      if (histograms == Histograms::skip) r.up_latencies.clear();  // as five_minute_range
      if (r.samples > 0 || r.rx_n > 0 || r.tx_n > 0) out.push_back(std::move(r));
    }
  }
  // One read of the 5-minute rows over the hours asked for. A packed day's row came after the day
  // was packed: its traffic is in the slots already, the rest adds to the packed hour. Another
  // day's rows are its hours (the writer keeps no hour rows for them), summed here.
  auto rows = m_db.prepare(k_rows_5m);
  if (!rows) return fail(rows.error());
  (*rows)->bind_all(link_id, first, last);
  std::size_t packed_hours = out.size();  // out: the packed days' hours, then the summed ones
  std::set<std::int64_t> summed;
  for (;;) {
    auto row = (*rows)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    auto r = read_rollup_row(**rows, RollupPeriod::five_minutes, histograms);
    if (!r) return fail(r.error());
    const std::int64_t hour = floor_to(unix_seconds(r->t), k_hour_s);
    if (packed_days.contains(floor_to(hour, k_day_s))) {
      r->rx_n = r->tx_n = 0;
      r->rx_sum = r->tx_sum = 0;
      const auto packed_end = out.begin() + static_cast<std::ptrdiff_t>(packed_hours);
      auto it =
          std::lower_bound(out.begin(), packed_end, hour,
                           [](const Rollup& x, std::int64_t t) { return unix_seconds(x.t) < t; });
      if (it == packed_end || unix_seconds(it->t) != hour) {
        it = out.insert(it, rollup_of(link_id, hour, {}, {}));
        ++packed_hours;
      }
      add_rollup(*it, *r);
      continue;
    }
    if (summed.empty() || unix_seconds(out.back().t) != hour) {
      out.push_back(rollup_of(link_id, hour, {}, {}));
      summed.insert(hour);
    }
    add_rollup(out.back(), *r);
  }
  // Hours as stored: a day's whose day row has expired, or rows put whole. An hour summed above
  // or of a packed day (a late sample's row, counted through its 5-minute row) is left out.
  static const std::string k_range_1h =
      "SELECT " + std::string(k_columns) +
      ", NULL FROM rollups_1h WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t";
  auto stmt = m_db.prepare(k_range_1h);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, from, to);
  const bool merge = !packed_days.empty() || !summed.empty();
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    const std::int64_t t = (*stmt)->int64(1);
    if (merge && (packed_days.contains(floor_to(t, k_day_s)) || summed.contains(t))) continue;
    auto r = read_rollup_row(**stmt, RollupPeriod::one_hour, histograms);
    if (!r) return fail(r.error());
    out.push_back(std::move(*r));
  }
  if (merge)
    std::stable_sort(out.begin(), out.end(),
                     [](const Rollup& a, const Rollup& b) { return a.t < b.t; });
  return out;
}

Result<std::int64_t> RollupRepository::pack_before(std::chrono::sys_seconds before,
                                                   std::int64_t max_days) {
  m_day = {};
  const std::int64_t cutoff = floor_to(unix_seconds(before), k_day_s);
  auto ids = link_ids(m_db);
  if (!ids) return fail(ids.error());
  std::int64_t packed = 0;
  for (const std::int64_t link_id : *ids) {
    if (packed >= max_days) break;
    auto days = m_db.prepare(
        "SELECT DISTINCT t - ((t % 86400) + 86400) % 86400 FROM rollups_5m WHERE link_id = ? AND "
        "t < ? ORDER BY 1");
    if (!days) return fail(days.error());
    auto pending = integers_of((*days)->bind_all(link_id, cutoff));
    if (!pending) return fail(pending.error());
    for (const std::int64_t day : *pending) {
      if (packed >= max_days) break;
      // An unpacked day's slots come from its 5-minute rows (see k_day_slots); a packed one's
      // already hold any late row's traffic.
      static const std::string k_pack =
          "UPDATE rollups_1d SET slots = CASE WHEN detail IS NULL THEN " +
          std::string(k_day_slots) +
          " ELSE slots END, detail = (SELECT ill_pack(rollups_1d.detail, r.t, r.samples, "
          "r.up_samples, r.down_samples, r.latency_n, r.latency_sum, r.latency_max, r.loss_n, "
          "r.loss_sum, r.up_latency_n, r.up_latency_sum, r.up_loss_n, r.up_loss_sum, "
          "r.up_latency_hist, r.rx_max, r.tx_max) FROM rollups_5m r WHERE r.link_id = ?1 AND "
          "r.t >= ?2 AND r.t < ?2 + 86400) WHERE link_id = ?1 AND t = ?2";
      auto pack = m_db.prepare(k_pack);
      if (!pack) return fail(pack.error());
      if (auto st = (*pack)->bind_all(link_id, day).run(); !st) return fail(st.error());
      // A day without its day row (rows put in bulk) stays as rows.
      if (m_db.changes() == 0) continue;
      // The day's 5-minute rows are in the day row now, and its hours are their sums.
      for (const char* sql : {"DELETE FROM rollups_5m WHERE link_id = ? AND t >= ? AND t < ?",
                              "DELETE FROM rollups_1h WHERE link_id = ? AND t >= ? AND t < ?"}) {
        auto remove = m_db.prepare(sql);
        if (!remove) return fail(remove.error());
        if (auto st = (*remove)->bind_all(link_id, day, day + k_day_s).run(); !st)
          return fail(st.error());
      }
      ++packed;
    }
  }
  return packed;
}

Status RollupRepository::keep_open_hours_before(std::int64_t link_id, std::int64_t before) {
  // The hours whose 5-minute rows are about to go, of days not packed (a packed day keeps its
  // hours in its day row until that expires: keep_hours_before).
  auto hours = m_db.prepare(
      "SELECT DISTINCT r.t - ((r.t % 3600) + 3600) % 3600 FROM rollups_5m r WHERE r.link_id = ?1 "
      "AND r.t < ?2 AND NOT EXISTS (SELECT 1 FROM rollups_1d d WHERE d.link_id = ?1 AND d.t = "
      "r.t - ((r.t % 86400) + 86400) % 86400 AND d.detail IS NOT NULL) ORDER BY 1");
  if (!hours) return fail(hours.error());
  auto expiring = integers_of((*hours)->bind_all(link_id, before));
  if (!expiring) return fail(expiring.error());
  return keep_hours(link_id, *expiring, k_hour_s);
}

Status RollupRepository::keep_hours_before(std::int64_t link_id, std::int64_t before) {
  auto days = m_db.prepare(
      "SELECT t FROM rollups_1d WHERE link_id = ? AND t < ? AND detail IS NOT NULL ORDER BY t");
  if (!days) return fail(days.error());
  auto expiring = integers_of((*days)->bind_all(link_id, before));
  if (!expiring) return fail(expiring.error());
  return keep_hours(link_id, *expiring, k_day_s);
}

Status RollupRepository::keep_hours(std::int64_t link_id, const std::vector<std::int64_t>& spans,
                                    std::int64_t span_s) {
  for (const std::int64_t from : spans) {
    auto hours = hour_range(link_id, from, from + span_s);
    if (!hours) return fail(hours.error());
    for (const Rollup& hour : *hours)
      if (auto st = put(RollupPeriod::one_hour, hour); !st) return st;
  }
  return {};
}

}  // namespace ill::store
