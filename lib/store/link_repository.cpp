#include "store/link_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"
#include "store/lookup.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

namespace ill::store {

namespace {

// The filter's parameters are bound as NULL when unused, so one statement serves every filter.
constexpr const char* k_select =
    "SELECT l.id, l.name, l.client_id, l.router_id, c.name, r.name, l.interface, l.circuit_id, "
    "l.external_ref, "
    "l.committed_mbps, l.committed_uptime_pct, l.committed_latency_ms, l.committed_loss_pct, "
    "l.probe_target, "
    "l.monthly_fee, l.currency, l.activation_date, l.active, l.sla_excluded_time, l.sla_unknown, "
    "l.sla_merge_gap_s, "
    "l.sla_min_outage_s, l.sla_percentile, l.sla_business_hours, l.sla_credit, "
    "l.sla_counted_causes "
    "FROM links l JOIN clients c ON c.id = l.client_id JOIN routers r ON r.id = l.router_id ";

Link read_link(const Statement& s) {
  Link l;
  l.id = s.int64(0);
  l.name = s.text(1);
  l.client_id = s.int64(2);
  l.router_id = s.int64(3);
  l.client_name = s.text(4);
  l.router_name = s.text(5);
  l.interface = s.text(6);
  l.circuit_id = s.text(7);
  l.external_ref = s.text(8);
  l.committed_mbps = s.real(9);
  l.committed_uptime_pct = s.real(10);
  l.committed_latency_ms = s.real(11);
  l.committed_loss_pct = s.real(12);
  l.probe_target = s.opt_text(13);
  l.monthly_fee = s.real(14);
  l.currency = s.text(15);
  l.activation_date = s.opt_text(16);
  l.active = s.int64(17) != 0;
  l.sla.excluded_time = s.opt_text(18);
  l.sla.unknown = s.opt_text(19);
  l.sla.merge_gap_s = s.opt_int64(20);
  l.sla.min_outage_s = s.opt_int64(21);
  l.sla.percentile = s.opt_text(22);
  l.sla.business_hours = s.opt_text(23);
  l.sla.credit = s.opt_text(24);
  l.sla.counted_causes = s.opt_text(25);
  return l;
}

void bind_link(Statement& s, const Link& l) {
  s.bind_all(l.name, l.client_id, l.router_id, l.interface, l.circuit_id, l.external_ref,
             l.committed_mbps, l.committed_uptime_pct, l.committed_latency_ms, l.committed_loss_pct,
             l.probe_target, l.monthly_fee, l.currency, l.activation_date, l.active,
             l.sla.excluded_time, l.sla.unknown, l.sla.merge_gap_s, l.sla.min_outage_s,
             l.sla.percentile, l.sla.business_hours, l.sla.credit, l.sla.counted_causes);
}

Error explain(const Statement& s, Error error, const Link& l) {
  return explain_violation(
      s, std::move(error),
      {{"links.name", fmt::format("link name '{}' already exists", l.name)},
       {"links.router_id, links.interface",
        fmt::format(
            "interface {} of router {} is already used by another link", l.interface,
            l.router_name.empty() ? std::to_string(l.router_id) : "'" + l.router_name + "'")},
       {"FOREIGN KEY", "link refers to a client or router that does not exist"},
       {"link_committed_mbps",
        fmt::format("committed Mbps must be above 0 (got {})", l.committed_mbps)},
       {"link_committed_uptime_pct",
        fmt::format("committed uptime % must be within 0-100 (got {})", l.committed_uptime_pct)},
       {"link_committed_latency_ms",
        fmt::format("committed latency ms must be above 0 (got {})", l.committed_latency_ms)},
       {"link_committed_loss_pct",
        fmt::format("committed loss % must be within 0-100 (got {})", l.committed_loss_pct)},
       {"link_monthly_fee", fmt::format("monthly fee must be 0 or more (got {})", l.monthly_fee)},
       {"link_currency", fmt::format("currency '{}' is not a 3-letter ISO 4217 code", l.currency)},
       {"link_activation_date", "activation date must be YYYY-MM-DD"}});
}

Result<std::int64_t> scalar(StatementLease& stmt) {
  auto row = stmt->step();
  if (!row) return fail(row.error());
  return *row ? stmt->int64(0) : 0;
}

}  // namespace

Result<std::int64_t> LinkRepository::add(const Link& l) {
  auto stmt = m_db.prepare(
      "INSERT INTO links (name, client_id, router_id, interface, circuit_id, external_ref, "
      "committed_mbps, "
      "committed_uptime_pct, committed_latency_ms, committed_loss_pct, probe_target, monthly_fee, "
      "currency, "
      "activation_date, active, sla_excluded_time, sla_unknown, sla_merge_gap_s, sla_min_outage_s, "
      "sla_percentile, "
      "sla_business_hours, sla_credit, sla_counted_causes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  bind_link(**stmt, l);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), l));
  return m_db.last_insert_id();
}

Status LinkRepository::update(const Link& l) {
  auto stmt = m_db.prepare(
      "UPDATE links SET name = ?, client_id = ?, router_id = ?, interface = ?, circuit_id = ?, "
      "external_ref = ?, "
      "committed_mbps = ?, committed_uptime_pct = ?, committed_latency_ms = ?, committed_loss_pct "
      "= ?, "
      "probe_target = ?, monthly_fee = ?, currency = ?, activation_date = ?, active = ?, "
      "sla_excluded_time = ?, "
      "sla_unknown = ?, sla_merge_gap_s = ?, sla_min_outage_s = ?, sla_percentile = ?, "
      "sla_business_hours = ?, "
      "sla_credit = ?, sla_counted_causes = ? WHERE id = ?24");
  if (!stmt) return fail(stmt.error());
  bind_link(**stmt, l);
  (*stmt)->bind(24, l.id);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), l));
  if (m_db.changes() == 0) return fail(Errc::not_found, "link {} not found", l.id);
  return {};
}

Status LinkRepository::remove(const Link& l) {
  auto stmt = m_db.prepare("DELETE FROM links WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(l.id).run(); !st) return st;
  if (m_db.changes() == 0) return fail(Errc::not_found, "link '{}' not found", l.name);
  return {};
}

Result<Link> LinkRepository::get(std::int64_t id) {
  auto row = select_one<Link>(m_db, std::string(k_select) + "WHERE l.id = ?", read_link, id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "link {} not found", id);
  return std::move(**row);
}

Result<std::optional<Link>> LinkRepository::find(std::string_view name) {
  return select_one<Link>(m_db, std::string(k_select) + "WHERE l.name = ?", read_link, name);
}

Result<std::optional<Link>> LinkRepository::get_for_client(std::int64_t id,
                                                           std::int64_t client_id) {
  return select_one<Link>(m_db, std::string(k_select) + "WHERE l.id = ? AND l.client_id = ?",
                          read_link, id, client_id);
}

Result<Link> LinkRepository::resolve(std::string_view name_or_id) {
  return resolve_name_or_id<Link>(
      "link", name_or_id, [this](std::string_view name) { return find(name); },
      [this](std::int64_t id) { return get(id); });
}

Result<std::vector<Link>> LinkRepository::list(const LinkFilter& filter) {
  auto stmt =
      m_db.prepare(std::string(k_select) +
                   "WHERE (?1 IS NULL OR l.client_id = ?1) AND (?2 IS NULL OR l.router_id = ?2) "
                   "AND (?3 = 0 OR l.active = 1) ORDER BY l.name");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(filter.client_id, filter.router_id, filter.active_only);
  std::vector<Link> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_link(**stmt));
  }
}

Result<std::int64_t> LinkRepository::count_for_router(std::int64_t router_id) {
  auto stmt = m_db.prepare("SELECT count(*) FROM links WHERE router_id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(router_id);
  return scalar(*stmt);
}

Result<std::int64_t> LinkRepository::count_for_client(std::int64_t client_id) {
  auto stmt = m_db.prepare("SELECT count(*) FROM links WHERE client_id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id);
  return scalar(*stmt);
}

Status LinkRepository::remove_for_router(std::int64_t router_id) {
  auto stmt = m_db.prepare("DELETE FROM links WHERE router_id = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(router_id).run();
}

Status LinkRepository::remove_for_client(std::int64_t client_id) {
  auto stmt = m_db.prepare("DELETE FROM links WHERE client_id = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(client_id).run();
}

}  // namespace ill::store
