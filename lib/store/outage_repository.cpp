#include "store/outage_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"

namespace ill::store {

Status OutageRepository::annotate(const OutageAnnotation& a) {
  auto stmt = m_db.prepare(
      "INSERT INTO outage_annotations (link_id, start_t, end_t, cause, note, changed_by, "
      "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (link_id, start_t) DO UPDATE SET "
      "end_t = excluded.end_t, cause = excluded.cause, note = excluded.note, changed_by = "
      "excluded.changed_by, changed_at = excluded.changed_at");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(a.link_id, a.start_t, a.end_t, a.cause, a.note, a.changed_by, a.changed_at);
  if (auto st = (*stmt)->run(); !st)
    return fail(explain_violation(
        **stmt, st.error(),
        {{"outage_cause",
          "cause '" + a.cause + "' is not one of provider, customer, planned, power, monitoring"},
         {"outage_interval", "an outage must end after it starts"},
         {"FOREIGN KEY", "outage refers to a link that does not exist"}}));
  return {};
}

Result<std::vector<OutageAnnotation>> OutageRepository::range(std::int64_t link_id,
                                                              sla::TimeRange range) {
  auto stmt = m_db.prepare(
      "SELECT link_id, start_t, end_t, cause, note, changed_by, changed_at FROM "
      "outage_annotations WHERE link_id = ? AND start_t >= ? AND start_t < ? ORDER BY start_t");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, range.from, range.to);
  std::vector<OutageAnnotation> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    out.push_back(OutageAnnotation{s.int64(0), s.time(1), s.time(2), s.text(3), s.text(4),
                                   s.text(5), s.time(6)});
  }
}

Result<std::vector<OutageAuditEntry>> OutageRepository::audit(std::int64_t link_id,
                                                              std::chrono::sys_seconds start_t) {
  auto stmt = m_db.prepare(
      "SELECT link_id, start_t, old_cause, new_cause, old_note, new_note, changed_by, changed_at "
      "FROM outage_audit WHERE link_id = ? AND start_t = ? ORDER BY id");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, start_t);
  std::vector<OutageAuditEntry> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    out.push_back(OutageAuditEntry{s.int64(0), s.time(1), s.opt_text(2), s.text(3), s.opt_text(4),
                                   s.text(5), s.text(6), s.time(7)});
  }
}

}  // namespace ill::store
