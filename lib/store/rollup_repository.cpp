#include "store/rollup_repository.hpp"

#include "core/format.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"
#include "store/rollup_rows.hpp"
#include "store/sample_repository.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace ill::store {

namespace {

std::string_view table_of(RollupPeriod period) {
  switch (period) {
  case RollupPeriod::five_minutes: return "rollups_5m";
  case RollupPeriod::one_hour: return "rollups_1h";
  case RollupPeriod::one_day: return "rollups_1d";
  }
  return "rollups_5m";
}

constexpr RollupPeriod k_periods[] = {RollupPeriod::five_minutes, RollupPeriod::one_hour,
                                      RollupPeriod::one_day};

// The same statements for both tables. A table name cannot be a bound parameter, so it is put in
// from the two names above, which are ours, never input.
//
// add(): ?1 link, ?2 slot start, ?3 up, ?4 down, ?5 rx, ?6 tx, ?7 latency, ?8 latency max,
// ?9 loss, ?10 latency when up, ?11 loss when up, ?12 the sample's time.
std::string upsert_sql(RollupPeriod period) {
  if (period == RollupPeriod::one_day)
    return "INSERT INTO rollups_1d (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, "
           "up_loss_sum, up_latency_hist, slots) VALUES (?1, ?2, 1, ?10 IS NOT NULL, "
           "COALESCE(?10, 0), ?11 IS NOT NULL, COALESCE(?11, 0), ill_hist_add(NULL, ?10), NULL) "
           "ON CONFLICT (link_id, t) DO UPDATE SET samples = "
           "samples + 1, up_latency_n = up_latency_n + excluded.up_latency_n, up_latency_sum = "
           "up_latency_sum + excluded.up_latency_sum, up_loss_n = up_loss_n + excluded.up_loss_n, "
           "up_loss_sum = up_loss_sum + excluded.up_loss_sum, up_latency_hist = "
           "ill_hist_add(up_latency_hist, ?10), slots = CASE WHEN detail IS NULL THEN NULL ELSE "
           "ill_day_slots_add(slots, ?12, ?5, ?6) END";
  return "INSERT INTO " + std::string(table_of(period)) +
         " (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, "
         "tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, "
         "up_latency_n, up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist) VALUES (?1, ?2, "
         "1, ?3, ?4, ?5 IS NOT NULL, COALESCE(?5, 0), ?5, ?6 IS NOT NULL, COALESCE(?6, 0), ?6, ?7 "
         "IS NOT NULL, COALESCE(?7, 0), ?8, ?9 IS NOT NULL, COALESCE(?9, 0), ?10 IS NOT NULL, "
         "COALESCE(?10, 0), ?11 IS NOT NULL, COALESCE(?11, 0), ill_hist_add(NULL, ?10)) "
         "ON CONFLICT (link_id, t) DO UPDATE SET samples = samples + 1, "
         "up_samples = up_samples + excluded.up_samples, down_samples = down_samples + "
         "excluded.down_samples, rx_n = rx_n + excluded.rx_n, rx_sum = rx_sum + excluded.rx_sum, "
         "rx_max = max(COALESCE(rx_max, excluded.rx_max), COALESCE(excluded.rx_max, rx_max)), "
         "tx_n = tx_n + excluded.tx_n, tx_sum = tx_sum + excluded.tx_sum, "
         "tx_max = max(COALESCE(tx_max, excluded.tx_max), COALESCE(excluded.tx_max, tx_max)), "
         "latency_n = latency_n + excluded.latency_n, latency_sum = latency_sum + "
         "excluded.latency_sum, latency_max = max(COALESCE(latency_max, excluded.latency_max), "
         "COALESCE(excluded.latency_max, latency_max)), loss_n = loss_n + excluded.loss_n, "
         "loss_sum = loss_sum + excluded.loss_sum, "
         "up_latency_n = up_latency_n + excluded.up_latency_n, "
         "up_latency_sum = up_latency_sum + excluded.up_latency_sum, "
         "up_loss_n = up_loss_n + excluded.up_loss_n, up_loss_sum = up_loss_sum + "
         "excluded.up_loss_sum, up_latency_hist = ill_hist_add(up_latency_hist, ?10)";
}

// rollups_1d's, in the same places, with 0 for what it does not keep.
constexpr std::string_view k_day_columns =
    "link_id, t, samples, 0, 0, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, up_latency_n, "
    "up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist";

// The rows of ?1's samples with ?2 <= t < ?3, grouped into the period's slots.
std::string rebuild_sql(RollupPeriod period) {
  const std::string seconds = std::to_string(period_s(period));
  const std::string slot = "t - ((t % " + seconds + ") + " + seconds + ") % " + seconds;
  const std::string up_figures =
      "count(CASE WHEN state = 1 THEN (latency_avg_us / 1000.0) END), "
      "total(CASE WHEN state = 1 THEN (latency_avg_us / 1000.0) END), "
      "count(CASE WHEN state = 1 THEN loss_pct END), "
      "total(CASE WHEN state = 1 THEN loss_pct END), "
      "ill_hist(CASE WHEN state = 1 THEN (latency_avg_us / 1000.0) END)";
  const std::string where = " FROM samples WHERE link_id = ?1 AND t >= ?2 AND t < ?3 GROUP BY slot";
  if (period == RollupPeriod::one_day)
    return "INSERT INTO rollups_1d (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, "
           "up_loss_sum, up_latency_hist, slots) SELECT link_id, " +
           slot + " AS slot, count(*), " + up_figures + ", ill_day_slots(t, rx_bps, tx_bps)" +
           where;
  return "INSERT INTO " + std::string(table_of(period)) + " (" + std::string(k_columns) +
         ") SELECT link_id, " + slot +
         " AS slot, count(*), sum(state = 1), sum(state = 0), count(rx_bps), "
         "total(rx_bps), max(rx_bps), count(tx_bps), total(tx_bps), max(tx_bps), "
         "count((latency_avg_us / 1000.0)), total((latency_avg_us / 1000.0)), "
         "max(COALESCE((latency_max_us / 1000.0), (latency_avg_us / 1000.0))), count(loss_pct), "
         "total(loss_pct), " +
         up_figures + where;
}

}  // namespace

std::chrono::seconds length_of(RollupPeriod period) {
  return std::chrono::seconds{period_s(period)};
}

Status RollupRepository::add(const Sample& s) {
  m_day = {};
  // Built once: the writer upserts two rows per sample. An open day's hours are not written: they
  // are the sums of its 5-minute rows, added up when read (hour_range), as a packed day's are.
  static constexpr RollupPeriod k_live[] = {RollupPeriod::five_minutes, RollupPeriod::one_day};
  static const std::string k_upserts[] = {upsert_sql(k_live[0]), upsert_sql(k_live[1])};
  const bool up = s.state == sla::State::up;
  const std::int64_t t = unix_seconds(s.t);
  // The latencies as the sample row keeps them (whole microseconds), so that add() and rebuild()
  // agree.
  const std::optional<double> latency = stored_latency_ms(s.latency_avg_ms);
  const std::optional<double> latency_max = stored_latency_ms(s.latency_max_ms);
  const std::optional<double> up_latency = up ? latency : std::nullopt;
  const std::optional<double> up_loss = up ? s.loss_pct : std::nullopt;
  for (std::size_t i = 0; i < std::size(k_live); ++i) {
    auto stmt = m_db.prepare(k_upserts[i]);
    if (!stmt) return fail(stmt.error());
    (*stmt)->bind_all(s.link_id, floor_to(t, period_s(k_live[i])), up, s.state == sla::State::down,
                      s.rx_bps, s.tx_bps, latency, latency_max ? latency_max : latency, s.loss_pct,
                      up_latency, up_loss, t);
    if (auto st = (*stmt)->run(); !st) return st;
  }
  return {};
}

Status RollupRepository::settle(std::int64_t link_id, std::chrono::sys_seconds slot_start) {
  m_day = {};
  const std::int64_t slot =
      floor_to(unix_seconds(slot_start), period_s(RollupPeriod::five_minutes));
  const std::int64_t day = floor_to(slot, k_day_s);
  static const std::string k_read_day = "SELECT " + std::string(k_day_columns) +
                                        ", NULL, detail IS NOT NULL FROM rollups_1d "
                                        "WHERE link_id = ? AND t = ?";
  static const std::string k_read_slot =
      "SELECT " + std::string(k_columns) + ", NULL FROM rollups_5m WHERE link_id = ? AND t = ?";
  static const std::string k_rebuild_slot = rebuild_sql(RollupPeriod::five_minutes);

  // The row of the slot, if any (nullopt when there is none).
  auto read_slot = [&]() -> Result<std::optional<Rollup>> {
    auto stmt = m_db.prepare(k_read_slot);
    if (!stmt) return fail(stmt.error());
    auto row = (*stmt)->bind_all(link_id, slot).step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<Rollup>();
    auto r = read_rollup_row(**stmt, RollupPeriod::five_minutes);
    if (!r) return fail(r.error());
    return std::optional<Rollup>(std::move(*r));
  };

  auto day_stmt = m_db.prepare(k_read_day);
  if (!day_stmt) return fail(day_stmt.error());
  auto day_row = (*day_stmt)->bind_all(link_id, day).step();
  if (!day_row) return fail(day_row.error());
  std::optional<Rollup> day_rollup;
  if (*day_row) {
    // A packed day's slots live in its detail: rebuilt whole, and packed again later.
    if ((*day_stmt)->int64(22) != 0) {
      (*day_stmt)->reset();
      return rebuild(link_id, {from_unix_seconds(day), from_unix_seconds(day + k_day_s)});
    }
    auto r = read_rollup_row(**day_stmt, RollupPeriod::one_day);
    if (!r) return fail(r.error());
    day_rollup = std::move(*r);
  }
  (*day_stmt)->reset();

  auto before = read_slot();
  if (!before) return fail(before.error());
  auto remove = m_db.prepare("DELETE FROM rollups_5m WHERE link_id = ? AND t = ?");
  if (!remove) return fail(remove.error());
  if (auto st = (*remove)->bind_all(link_id, slot).run(); !st) return st;
  auto insert = m_db.prepare(k_rebuild_slot);
  if (!insert) return fail(insert.error());
  if (auto st =
          (*insert)->bind_all(link_id, slot, slot + period_s(RollupPeriod::five_minutes)).run();
      !st)
    return st;
  auto after = read_slot();
  if (!after) return fail(after.error());
  if (*before == *after) return {};

  // The day row moves by what the slot's row gained (or lost, should a sample have gone).
  const Rollup none;
  const Rollup& was = *before ? **before : none;
  const Rollup& now = *after ? **after : none;
  Rollup d = day_rollup ? std::move(*day_rollup) : Rollup{};
  d.link_id = link_id;
  d.t = from_unix_seconds(day);
  d.samples += now.samples - was.samples;
  d.up_latency_n += now.up_latency_n - was.up_latency_n;
  d.up_latency_sum += now.up_latency_sum - was.up_latency_sum;
  d.up_loss_n += now.up_loss_n - was.up_loss_n;
  d.up_loss_sum += now.up_loss_sum - was.up_loss_sum;
  subtract_latencies(d.up_latencies, was.up_latencies);
  merge_latencies(d.up_latencies, now.up_latencies);
  d.slots.clear();  // an open day's slots are its 5-minute rows' (k_day_slots)
  if (d.samples <= 0) {
    auto gone = m_db.prepare("DELETE FROM rollups_1d WHERE link_id = ? AND t = ?");
    if (!gone) return fail(gone.error());
    return (*gone)->bind_all(link_id, day).run();
  }
  return put(RollupPeriod::one_day, d);
}

Status RollupRepository::rebuild(std::int64_t link_id, sla::TimeRange range) {
  m_day = {};
  // No hour rows: the rebuilt days' hours are their 5-minute rows' sums (see add()).
  static const std::string k_rebuilds[] = {rebuild_sql(RollupPeriod::five_minutes), "",
                                           rebuild_sql(RollupPeriod::one_day)};
  static const std::string k_removes[] = {
      "DELETE FROM rollups_5m WHERE link_id = ? AND t >= ? AND t < ?",
      "DELETE FROM rollups_1h WHERE link_id = ? AND t >= ? AND t < ?",
      "DELETE FROM rollups_1d WHERE link_id = ? AND t >= ? AND t < ?"};
  const std::int64_t first = floor_to(unix_seconds(range.from), k_day_s);
  const std::int64_t last = ceil_to(unix_seconds(range.to), k_day_s);
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  for (std::size_t i = 0; i < std::size(k_periods); ++i) {
    auto remove = m_db.prepare(k_removes[i]);
    if (!remove) return fail(remove.error());
    if (auto st = (*remove)->bind_all(link_id, first, last).run(); !st) return st;
    if (k_rebuilds[i].empty()) continue;
    auto insert = m_db.prepare(k_rebuilds[i]);
    if (!insert) return fail(insert.error());
    if (auto st = (*insert)->bind_all(link_id, first, last).run(); !st) return st;
  }
  return tx->commit();
}

Status RollupRepository::put(RollupPeriod period, const Rollup& r) {
  m_day = {};
  static const std::string k_values =
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  static const std::string k_put_5m = "INSERT OR REPLACE INTO rollups_5m (" +
                                      std::string(k_columns) + ") VALUES (" + k_values + ")";
  static const std::string k_put_1h = "INSERT OR REPLACE INTO rollups_1h (" +
                                      std::string(k_columns) + ") VALUES (" + k_values + ")";
  const auto hist = [&r](Statement& stmt, int index) {
    if (r.up_latencies.empty())
      stmt.bind(index, null);
    else
      stmt.bind(index, encode_histogram(r.up_latencies));
  };
  if (period == RollupPeriod::one_day) {
    auto stmt = m_db.prepare(
        "INSERT OR REPLACE INTO rollups_1d (link_id, t, samples, up_latency_n, up_latency_sum, "
        "up_loss_n, up_loss_sum, up_latency_hist, slots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return fail(stmt.error());
    (*stmt)->bind_all(r.link_id, r.t, r.samples, r.up_latency_n, r.up_latency_sum, r.up_loss_n,
                      r.up_loss_sum);
    hist(**stmt, 8);
    bool any = false;
    for (const SlotSums& slot : r.slots) any = any || slot.rx_n > 0 || slot.tx_n > 0;
    if (any)
      (*stmt)->bind(9, encode_slots(r.slots));
    else
      (*stmt)->bind(9, null);
    return (*stmt)->run();
  }
  auto stmt = m_db.prepare(period == RollupPeriod::one_hour ? k_put_1h : k_put_5m);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(r.link_id, r.t, r.samples, r.up_samples, r.down_samples, r.rx_n, r.rx_sum,
                    r.rx_max, r.tx_n, r.tx_sum, r.tx_max, r.latency_n, r.latency_sum, r.latency_max,
                    r.loss_n, r.loss_sum, r.up_latency_n, r.up_latency_sum, r.up_loss_n,
                    r.up_loss_sum);
  hist(**stmt, 21);
  return (*stmt)->run();
}

Result<std::vector<Rollup>> RollupRepository::range(RollupPeriod period, std::int64_t link_id,
                                                    sla::TimeRange range, Histograms histograms) {
  const std::int64_t from = unix_seconds(range.from);
  const std::int64_t to = unix_seconds(range.to);
  if (period == RollupPeriod::five_minutes) return five_minute_range(link_id, from, to, histograms);
  if (period == RollupPeriod::one_hour) return hour_range(link_id, from, to, histograms);
  static const std::string k_range_1d =
      "SELECT " + std::string(k_day_columns) + ", " + std::string(k_day_slots) +
      " FROM rollups_1d WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t";
  auto stmt = m_db.prepare(k_range_1d);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, from, to);
  std::vector<Rollup> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    auto r = read_rollup_row(**stmt, period, histograms);
    if (!r) return fail(r.error());
    out.push_back(std::move(*r));
  }
}

Status RollupRepository::visit_sla(RollupPeriod period, std::int64_t link_id, sla::TimeRange range,
                                   const std::function<Status(const SlaRollupRow&)>& visit) {
  const std::int64_t from = unix_seconds(range.from);
  const std::int64_t to = unix_seconds(range.to);
  if (period != RollupPeriod::one_day) {
    // Packed days decode into rows: only the days and hours an edge of a month or a schedule
    // cuts are read this way.
    auto rows = period == RollupPeriod::five_minutes ? five_minute_range(link_id, from, to)
                                                     : hour_range(link_id, from, to);
    if (!rows) return fail(rows.error());
    std::vector<unsigned char> hist;
    for (const Rollup& r : *rows) {
      hist = encode_histogram(r.up_latencies);
      SlaRollupRow row{r.t, r.up_latency_n, r.up_latency_sum, r.up_loss_n, r.up_loss_sum, hist, {}};
      if (auto st = visit(row); !st) return st;
    }
    return {};
  }
  static const std::string k_visit_days =
      "SELECT t, up_latency_n, up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist, " +
      std::string(k_day_slots) +
      " FROM rollups_1d WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t";
  auto stmt = m_db.prepare(k_visit_days);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, from, to);
  SlaRollupRow r;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return {};
    const Statement& s = **stmt;
    r.t = s.time(0);
    r.up_latency_n = s.int64(1);
    r.up_latency_sum = s.real(2);
    r.up_loss_n = s.int64(3);
    r.up_loss_sum = s.real(4);
    r.up_latency_hist = s.blob_view(5);
    r.slots = s.blob_view(6);
    if (auto st = visit(r); !st) return st;
  }
}

Result<std::int64_t> RollupRepository::expire_before(RollupPeriod period,
                                                     std::chrono::sys_seconds before) {
  m_day = {};
  // 5-minute rows go a whole hour at a time, so that an hour is written out whole.
  const std::int64_t cutoff = period == RollupPeriod::five_minutes
                                  ? floor_to(unix_seconds(before), k_hour_s)
                                  : unix_seconds(before);
  static const char* const k_expires[] = {"DELETE FROM rollups_5m WHERE link_id = ? AND t < ?",
                                          "DELETE FROM rollups_1h WHERE link_id = ? AND t < ?",
                                          "DELETE FROM rollups_1d WHERE link_id = ? AND t < ?"};
  // Link by link, each a range of the key (see lookup.hpp's link_ids).
  auto links = link_ids(m_db);
  if (!links) return fail(links.error());
  std::int64_t gone = 0;
  for (const std::int64_t link_id : *links) {
    // Hours are kept: a packed day's hours live in its day row until it goes, an open day's in
    // its 5-minute rows.
    if (period == RollupPeriod::one_day)
      if (auto st = keep_hours_before(link_id, cutoff); !st) return fail(st.error());
    if (period == RollupPeriod::five_minutes)
      if (auto st = keep_open_hours_before(link_id, cutoff); !st) return fail(st.error());
    auto stmt = m_db.prepare(k_expires[static_cast<std::size_t>(period)]);
    if (!stmt) return fail(stmt.error());
    if (auto st = (*stmt)->bind_all(link_id, cutoff).run(); !st) return fail(st.error());
    gone += m_db.changes();
  }
  return gone;
}

}  // namespace ill::store
