#include "store/link_dashboard_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"

namespace ill::store {

Result<std::optional<std::string>> LinkDashboardRepository::grafana_uid(std::int64_t link_id) {
  auto row = select_one<std::optional<std::string>>(
      m_db, "SELECT grafana_dashboard_uid FROM links WHERE id = ?",
      [](const Statement& s) { return s.opt_text(0); }, link_id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "link {} not found", link_id);
  return std::move(**row);
}

Status LinkDashboardRepository::set_grafana_uid(std::int64_t link_id,
                                                const std::optional<std::string>& uid) {
  auto stmt = m_db.prepare("UPDATE links SET grafana_dashboard_uid = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(uid, link_id).run(); !st) {
    return fail(explain_violation(
        **stmt, st.error(),
        {{"link_grafana_uid", "Grafana dashboard UID must be 1-64 of A-Z a-z 0-9 _ -"}}));
  }
  if (m_db.changes() == 0) return fail(Errc::not_found, "link {} not found", link_id);
  return {};
}

}  // namespace ill::store
