#include "store/sample_repository.hpp"

#include "core/format.hpp"
#include "store/database.hpp"

namespace ill::store {

namespace {

constexpr const char* k_columns =
    "SELECT link_id, t, state, running, rx_bps, tx_bps, rx_bytes, tx_bytes, rx_errors, tx_errors, "
    "latency_min_ms, latency_avg_ms, latency_max_ms, loss_pct FROM samples ";

std::optional<std::uint64_t> opt_u64(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.uint64(column);
}

Result<Sample> read_sample(const Statement& s) {
  Sample x;
  x.link_id = s.int64(0);
  x.t = from_unix_seconds(s.int64(1));
  const std::string state = s.text(2);
  auto parsed = sla::state_from_string(state);
  if (!parsed) return fail(Errc::database, "samples: bad state '{}'", state);
  x.state = *parsed;
  if (!s.is_null(3)) x.running = s.int64(3) != 0;
  x.rx_bps = s.opt_real(4);
  x.tx_bps = s.opt_real(5);
  x.rx_bytes = opt_u64(s, 6);
  x.tx_bytes = opt_u64(s, 7);
  x.rx_errors = opt_u64(s, 8);
  x.tx_errors = opt_u64(s, 9);
  x.latency_min_ms = s.opt_real(10);
  x.latency_avg_ms = s.opt_real(11);
  x.latency_max_ms = s.opt_real(12);
  x.loss_pct = s.opt_real(13);
  return x;
}

Result<std::vector<Sample>> read_all(StatementLease& stmt) {
  std::vector<Sample> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    auto sample = read_sample(*stmt);
    if (!sample) return fail(sample.error());
    out.push_back(std::move(*sample));
  }
}

}  // namespace

Status SampleRepository::put(const Sample& x) {
  auto stmt = m_db.prepare(
      "INSERT OR REPLACE INTO samples (link_id, t, state, running, rx_bps, tx_bps, rx_bytes, "
      "tx_bytes, rx_errors, tx_errors, latency_min_ms, latency_avg_ms, latency_max_ms, loss_pct) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(x.link_id, unix_seconds(x.t), std::string(sla::to_string(x.state)), x.running,
                    x.rx_bps, x.tx_bps, x.rx_bytes, x.tx_bytes, x.rx_errors, x.tx_errors,
                    x.latency_min_ms, x.latency_avg_ms, x.latency_max_ms, x.loss_pct);
  return (*stmt)->run();
}

Result<std::vector<Sample>> SampleRepository::range(std::int64_t link_id, sla::TimeRange range) {
  auto stmt =
      m_db.prepare(std::string(k_columns) + "WHERE link_id = ? AND t >= ? AND t < ? ORDER BY t");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, unix_seconds(range.from), unix_seconds(range.to));
  return read_all(*stmt);
}

Result<std::optional<Sample>> SampleRepository::latest(std::int64_t link_id) {
  auto stmt = m_db.prepare(std::string(k_columns) + "WHERE link_id = ? ORDER BY t DESC LIMIT 1");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(link_id).step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<Sample>();
  auto sample = read_sample(**stmt);
  if (!sample) return fail(sample.error());
  return std::optional<Sample>(std::move(*sample));
}

Result<std::int64_t> SampleRepository::expire_before(std::chrono::sys_seconds before) {
  auto stmt = m_db.prepare("DELETE FROM samples WHERE t < ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(unix_seconds(before)).run(); !st) return fail(st.error());
  return static_cast<std::int64_t>(m_db.changes());
}

}  // namespace ill::store
