#include "store/rollup_repository.hpp"

#include "store/database.hpp"
#include "store/sample_repository.hpp"

#include <string>
#include <string_view>

namespace ill::store {

namespace {

// The same upsert for both tables. A table name cannot be a bound parameter, so it is put in
// from the two names below, which are ours, never input.
std::string upsert_sql(std::string_view table) {
  return "INSERT INTO " + std::string(table) +
         " (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, "
         "tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum) "
         "VALUES (?1, ?2, 1, ?3, ?4, ?5 IS NOT NULL, COALESCE(?5, 0), ?5, ?6 IS NOT NULL, "
         "COALESCE(?6, 0), ?6, ?7 IS NOT NULL, COALESCE(?7, 0), ?8, ?9 IS NOT NULL, COALESCE(?9, "
         "0)) "
         "ON CONFLICT (link_id, t) DO UPDATE SET samples = samples + 1, "
         "up_samples = up_samples + excluded.up_samples, down_samples = down_samples + "
         "excluded.down_samples, rx_n = rx_n + excluded.rx_n, rx_sum = rx_sum + excluded.rx_sum, "
         "rx_max = max(COALESCE(rx_max, excluded.rx_max), COALESCE(excluded.rx_max, rx_max)), "
         "tx_n = tx_n + excluded.tx_n, tx_sum = tx_sum + excluded.tx_sum, "
         "tx_max = max(COALESCE(tx_max, excluded.tx_max), COALESCE(excluded.tx_max, tx_max)), "
         "latency_n = latency_n + excluded.latency_n, latency_sum = latency_sum + "
         "excluded.latency_sum, latency_max = max(COALESCE(latency_max, excluded.latency_max), "
         "COALESCE(excluded.latency_max, latency_max)), loss_n = loss_n + excluded.loss_n, "
         "loss_sum = loss_sum + excluded.loss_sum";
}

constexpr const char* k_columns =
    "SELECT link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n, tx_sum, "
    "tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum FROM ";

std::int64_t slot(std::int64_t t, std::int64_t period) {
  std::int64_t r = t % period;
  return r < 0 ? t - r - period : t - r;
}

}  // namespace

std::int64_t seconds_of(RollupPeriod period) {
  return period == RollupPeriod::five_minutes ? 300 : 3600;
}

Status RollupRepository::add(const Sample& s) {
  for (auto period : {RollupPeriod::five_minutes, RollupPeriod::one_hour}) {
    // Built once: the writer upserts a row per sample.
    static const std::string k_upsert_5m = upsert_sql("rollups_5m");
    static const std::string k_upsert_1h = upsert_sql("rollups_1h");
    auto stmt = m_db.prepare(period == RollupPeriod::five_minutes ? k_upsert_5m : k_upsert_1h);
    if (!stmt) return fail(stmt.error());
    (*stmt)->bind_all(s.link_id, slot(s.t, seconds_of(period)), s.state == "up", s.state == "down",
                      s.rx_bps, s.tx_bps, s.latency_avg_ms,
                      s.latency_max_ms ? s.latency_max_ms : s.latency_avg_ms, s.loss_pct);
    if (auto st = (*stmt)->run(); !st) return st;
  }
  return {};
}

Result<std::vector<Rollup>> RollupRepository::range(RollupPeriod period, std::int64_t link_id,
                                                    std::int64_t from, std::int64_t to) {
  std::string sql = std::string(k_columns) +
                    (period == RollupPeriod::five_minutes ? "rollups_5m" : "rollups_1h") +
                    " WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t";
  auto stmt = m_db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, from, to);
  std::vector<Rollup> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    Rollup r;
    r.link_id = s.int64(0);
    r.t = s.int64(1);
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
    out.push_back(r);
  }
}

Result<std::int64_t> RollupRepository::expire_before(RollupPeriod period, std::int64_t before) {
  auto stmt =
      m_db.prepare(period == RollupPeriod::five_minutes ? "DELETE FROM rollups_5m WHERE t < ?"
                                                        : "DELETE FROM rollups_1h WHERE t < ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(before).run(); !st) return fail(st.error());
  return static_cast<std::int64_t>(m_db.changes());
}

}  // namespace ill::store
