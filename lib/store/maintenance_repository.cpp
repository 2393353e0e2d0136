#include "store/maintenance_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"

#include <fmt/format.h>

namespace ill::store {

namespace {

constexpr const char* k_select =
    "SELECT m.id, m.scope, m.link_id, m.router_id, COALESCE(l.name, r.name, ''), m.start_t, "
    "m.end_t, m.reason "
    "FROM maintenance m LEFT JOIN links l ON l.id = m.link_id LEFT JOIN routers r ON r.id = "
    "m.router_id ";

MaintenanceWindow read_window(const Statement& s) {
  MaintenanceWindow w;
  w.id = s.int64(0);
  w.scope = parse_maintenance_scope(s.text(1)).value_or(MaintenanceScope::all);
  w.link_id = s.opt_int64(2);
  w.router_id = s.opt_int64(3);
  w.target_name = s.text(4);
  w.start_t = s.time(5);
  w.end_t = s.time(6);
  w.reason = s.text(7);
  return w;
}

Result<std::vector<MaintenanceWindow>> read_all(StatementLease& stmt) {
  std::vector<MaintenanceWindow> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_window(*stmt));
  }
}

}  // namespace

std::string_view to_string(MaintenanceScope scope) {
  switch (scope) {
  case MaintenanceScope::link: return "link";
  case MaintenanceScope::router: return "router";
  case MaintenanceScope::all: return "all";
  }
  return "all";
}

std::optional<MaintenanceScope> parse_maintenance_scope(std::string_view text) {
  for (auto s : {MaintenanceScope::link, MaintenanceScope::router, MaintenanceScope::all})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

Result<std::int64_t> MaintenanceRepository::add(const MaintenanceWindow& w) {
  auto stmt = m_db.prepare(
      "INSERT INTO maintenance (scope, link_id, router_id, start_t, end_t, reason) VALUES (?, ?, "
      "?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(to_string(w.scope), w.link_id, w.router_id, w.start_t, w.end_t, w.reason);
  if (auto st = (*stmt)->run(); !st)
    return fail(explain_violation(
        **stmt, st.error(),
        {{"maintenance_end", "maintenance must end after it starts"},
         {"maintenance_scope", "maintenance scope must name a link, a router, or all"},
         {"FOREIGN KEY", "maintenance refers to a link or router that does not exist"}}));
  return m_db.last_insert_id();
}

Status MaintenanceRepository::remove(std::int64_t id) {
  auto stmt = m_db.prepare("DELETE FROM maintenance WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(id).run(); !st) return st;
  if (m_db.changes() == 0) return fail(Errc::not_found, "maintenance window {} not found", id);
  return {};
}

Result<MaintenanceWindow> MaintenanceRepository::get(std::int64_t id) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE m.id = ?");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(id).step();
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "maintenance window {} not found", id);
  return read_window(**stmt);
}

Result<std::vector<MaintenanceWindow>> MaintenanceRepository::list() {
  auto stmt = m_db.prepare(std::string(k_select) + "ORDER BY m.start_t, m.id");
  if (!stmt) return fail(stmt.error());
  return read_all(*stmt);
}

Result<std::vector<MaintenanceWindow>> MaintenanceRepository::for_link(std::int64_t link_id,
                                                                       sla::TimeRange range) {
  auto stmt = m_db.prepare(
      std::string(k_select) +
      "WHERE m.start_t < ?3 AND m.end_t > ?2 AND (m.scope = 'all' OR m.link_id = ?1 OR "
      "m.router_id = (SELECT router_id FROM links WHERE id = ?1)) ORDER BY m.start_t, m.id");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, range.from, range.to);
  return read_all(*stmt);
}

}  // namespace ill::store
