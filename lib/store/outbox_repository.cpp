#include "store/outbox_repository.hpp"

#include "store/database.hpp"

namespace ill::store {
namespace {

constexpr const char* k_select =
    "SELECT id, idem_key, event, channel, recipient, payload, created_at, status, attempts, "
    "next_attempt_at, last_error, sent_at FROM outbox ";

OutboxRow read_row(const Statement& s) {
  OutboxRow r;
  r.id = s.int64(0);
  r.idem_key = s.text(1);
  r.event = s.text(2);
  r.channel = s.text(3);
  r.recipient = s.text(4);
  r.payload = s.text(5);
  r.created_at = s.time(6);
  r.status = s.text(7);
  r.attempts = s.int64(8);
  r.next_attempt_at = s.time(9);
  r.last_error = s.opt_text(10);
  r.sent_at = s.opt_time(11);
  return r;
}

Result<std::vector<OutboxRow>> read_all(Statement& s) {
  std::vector<OutboxRow> out;
  for (;;) {
    auto row = s.step();
    if (!row) return fail(row.error());
    if (!*row) break;
    out.push_back(read_row(s));
  }
  return out;
}

}  // namespace

Result<bool> OutboxRepository::add(const OutboxRow& r) {
  auto stmt = m_db.prepare(
      "INSERT INTO outbox (idem_key, event, channel, recipient, payload, created_at, "
      "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)
                    ->bind_all(r.idem_key, r.event, r.channel, r.recipient, r.payload, r.created_at,
                               r.next_attempt_at)
                    .run();
      !st)
    return fail(st.error());
  return m_db.changes() > 0;
}

Result<std::vector<OutboxRow>> OutboxRepository::due(std::chrono::sys_seconds now, int limit) {
  auto stmt = m_db.prepare(std::string(k_select) +
                           "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY "
                           "next_attempt_at, id LIMIT ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(now, limit);
  return read_all(**stmt);
}

Result<std::optional<std::chrono::sys_seconds>> OutboxRepository::next_due() {
  auto stmt = m_db.prepare("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  return (*stmt)->opt_time(0);
}

Status OutboxRepository::mark_sent(std::int64_t id, std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare(
      "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = "
      "NULL WHERE id = ? AND status = 'pending'");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(at, id).run();
}

Status OutboxRepository::mark_retry(std::int64_t id, std::chrono::sys_seconds next_attempt_at,
                                    const std::string& error) {
  auto stmt = m_db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id "
      "= ? AND status = 'pending'");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(next_attempt_at, error, id).run();
}

Status OutboxRepository::mark_failed(std::int64_t id, const std::string& error) {
  auto stmt = m_db.prepare(
      "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = "
      "? AND status = 'pending'");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(error, id).run();
}

Result<std::vector<OutboxRow>> OutboxRepository::list(const std::string& status, int limit) {
  auto stmt = m_db.prepare(std::string(k_select) +
                           "WHERE ?1 = '' OR status = ?1 ORDER BY id DESC LIMIT ?2");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(status, limit);
  return read_all(**stmt);
}

Result<OutboxCounts> OutboxRepository::counts() {
  auto stmt = m_db.prepare("SELECT status, count(*) FROM outbox GROUP BY status");
  if (!stmt) return fail(stmt.error());
  OutboxCounts out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    const std::string status = (*stmt)->text(0);
    const std::int64_t n = (*stmt)->int64(1);
    if (status == "pending") out.pending = n;
    if (status == "sent") out.sent = n;
    if (status == "failed") out.failed = n;
  }
  return out;
}

Result<std::optional<AlertState>> AlertStateRepository::get(const std::string& subject) {
  auto stmt = m_db.prepare(
      "SELECT subject, open, opened_from, condition, since, updated_at FROM alert_state WHERE "
      "subject = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(subject);
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<AlertState>();
  return std::optional<AlertState>(AlertState{(*stmt)->text(0), (*stmt)->int64(1) != 0,
                                              (*stmt)->opt_time(2), (*stmt)->text(3),
                                              (*stmt)->opt_time(4), (*stmt)->time(5)});
}

Status AlertStateRepository::put(const AlertState& s) {
  auto stmt = m_db.prepare(
      "INSERT INTO alert_state (subject, open, opened_from, condition, since, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?) ON CONFLICT (subject) DO UPDATE SET open = excluded.open, opened_from "
      "= excluded.opened_from, condition = excluded.condition, since = excluded.since, "
      "updated_at = excluded.updated_at");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(s.subject, s.open, s.opened_from, s.condition, s.since, s.updated_at)
      .run();
}

}  // namespace ill::store
