#include "store/sla_report_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"

namespace ill::store {

namespace {

constexpr const char* k_select =
    "SELECT s.link_id, l.name, s.month, s.figures, s.policy, s.computed_at, s.id FROM sla_reports "
    "s "
    "JOIN links l ON l.id = s.link_id ";

Result<std::vector<SlaReport>> read_all(StatementLease& stmt) {
  std::vector<SlaReport> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(SlaReport{stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3),
                            stmt->text(4), stmt->time(5), stmt->int64(6)});
  }
}

}  // namespace

Status SlaReportRepository::put(const SlaReport& r) {
  auto stmt = m_db.prepare(
      "INSERT INTO sla_reports (link_id, month, figures, policy, computed_at) VALUES (?, ?, ?, ?, "
      "?) "
      "ON CONFLICT (link_id, month) DO UPDATE SET figures = excluded.figures, policy = "
      "excluded.policy, computed_at = excluded.computed_at");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(r.link_id, r.month, r.figures, r.policy, r.computed_at);
  if (auto st = (*stmt)->run(); !st)
    return fail(
        explain_violation(**stmt, st.error(),
                          {{"sla_report_month", "report month must be YYYY-MM"},
                           {"sla_report_figures", "report figures are not valid JSON"},
                           {"sla_report_policy", "report policy is not valid JSON"},
                           {"FOREIGN KEY", "report refers to a link that does not exist"}}));
  return {};
}

Result<std::optional<SlaReport>> SlaReportRepository::get(std::int64_t link_id,
                                                          const std::string& month) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE s.link_id = ? AND s.month = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, month);
  auto all = read_all(*stmt);
  if (!all) return fail(all.error());
  if (all->empty()) return std::optional<SlaReport>();
  return std::optional<SlaReport>(std::move(all->front()));
}

Result<std::vector<SlaReport>> SlaReportRepository::for_month(const std::string& month) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE s.month = ? ORDER BY l.name");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(month);
  return read_all(*stmt);
}

Result<std::vector<SlaReport>> SlaReportRepository::for_link(std::int64_t link_id) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE s.link_id = ? ORDER BY s.month");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id);
  return read_all(*stmt);
}

Result<std::vector<SlaReport>> SlaReportRepository::for_client(std::int64_t client_id) {
  auto stmt =
      m_db.prepare(std::string(k_select) + "WHERE l.client_id = ? ORDER BY s.month DESC, l.name");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id);
  return read_all(*stmt);
}

Result<std::optional<SlaReport>> SlaReportRepository::get_for_client(std::int64_t id,
                                                                     std::int64_t client_id) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE s.id = ? AND l.client_id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(id, client_id);
  auto all = read_all(*stmt);
  if (!all) return fail(all.error());
  if (all->empty()) return std::optional<SlaReport>();
  return std::optional<SlaReport>(std::move(all->front()));
}

}  // namespace ill::store
