#include "store/sample_repository.hpp"

#include "core/format.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"

#include <cmath>

namespace ill::store {

namespace {

// The state is stored as an integer (schema version 8): 1 up, 0 down, 2 unknown; SQLite keeps 0
// and 1 in no bytes at all. rollup_repository.cpp's rebuild reads the same codes.
std::int64_t state_code(sla::State state) {
  switch (state) {
  case sla::State::up: return 1;
  case sla::State::down: return 0;
  case sla::State::unknown: break;
  }
  return 2;
}

std::optional<sla::State> state_of_code(std::int64_t code) {
  switch (code) {
  case 1: return sla::State::up;
  case 0: return sla::State::down;
  case 2: return sla::State::unknown;
  default: return std::nullopt;
  }
}

// Latencies are stored in whole microseconds (schema version 8), the precision RouterOS reports;
// rollup_repository.cpp's rebuild divides them back the same way.
std::optional<std::int64_t> us_of_ms(std::optional<double> ms) {
  if (!ms) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*ms * 1000.0));
}

std::optional<double> ms_of_us(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return static_cast<double>(s.int64(column)) / 1000.0;
}

constexpr const char* k_columns =
    "SELECT link_id, t, state, running, rx_bps, tx_bps, rx_bytes, tx_bytes, rx_errors, tx_errors, "
    "latency_min_us, latency_avg_us, latency_max_us, loss_pct, ms FROM samples ";

std::optional<std::uint64_t> opt_u64(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.uint64(column);
}

Result<Sample> read_sample(const Statement& s) {
  Sample x;
  x.link_id = s.int64(0);
  x.t = from_unix_seconds(s.int64(1));
  auto parsed = state_of_code(s.int64(2));
  if (!parsed) return fail(Errc::database, "samples: bad state code {}", s.int64(2));
  x.state = *parsed;
  if (!s.is_null(3)) x.running = s.int64(3) != 0;
  x.rx_bps = s.opt_real(4);
  x.tx_bps = s.opt_real(5);
  x.rx_bytes = opt_u64(s, 6);
  x.tx_bytes = opt_u64(s, 7);
  x.rx_errors = opt_u64(s, 8);
  x.tx_errors = opt_u64(s, 9);
  x.latency_min_ms = ms_of_us(s, 10);
  x.latency_avg_ms = ms_of_us(s, 11);
  x.latency_max_ms = ms_of_us(s, 12);
  x.loss_pct = s.opt_real(13);
  x.ms = static_cast<std::int32_t>(s.int64(14));
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
      "tx_bytes, rx_errors, tx_errors, latency_min_us, latency_avg_us, latency_max_us, loss_pct, "
      "ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  if (x.ms < 0 || x.ms > 999)
    return fail(Errc::internal, "sample of link {}: {} ms past the second is not 0..999", x.link_id,
                x.ms);
  (*stmt)->bind_all(x.link_id, unix_seconds(x.t), state_code(x.state), x.running, x.rx_bps,
                    x.tx_bps, x.rx_bytes, x.tx_bytes, x.rx_errors, x.tx_errors,
                    us_of_ms(x.latency_min_ms), us_of_ms(x.latency_avg_ms),
                    us_of_ms(x.latency_max_ms), x.loss_pct, x.ms);
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
  // Link by link, each a range of the primary key (see lookup.hpp's link_ids).
  auto links = link_ids(m_db);
  if (!links) return fail(links.error());
  return delete_each(m_db, *links, "DELETE FROM samples WHERE link_id = ? AND t < ?",
                     unix_seconds(before));
}

}  // namespace ill::store
