#include "store/client_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/lookup.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

namespace ill::store {

namespace {

constexpr const char* k_select =
    "SELECT id, name, report_emails, whatsapp, timezone, active FROM clients ";

std::string join_emails(const std::vector<std::string>& emails) {
  std::string out;
  for (const auto& e : emails) {
    if (!out.empty()) out += ',';
    out += e;
  }
  return out;
}

std::vector<std::string> split_emails(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

Client read_client(const Statement& s) {
  Client c;
  c.id = s.int64(0);
  c.name = s.text(1);
  c.report_emails = split_emails(s.text(2));
  c.whatsapp = s.opt_text(3);
  c.timezone = s.text(4);
  c.active = s.int64(5) != 0;
  return c;
}

Error explain(const Statement& s, Error error, const Client& c) {
  return explain_violation(
      s, std::move(error),
      {{"clients.name", fmt::format("client name '{}' already exists", c.name)},
       {"client_name", "client name must be 1-128 characters"}});
}

}  // namespace

Result<std::int64_t> ClientRepository::add(const Client& c) {
  auto stmt = m_db.prepare(
      "INSERT INTO clients (name, report_emails, whatsapp, timezone) VALUES (?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(c.name, join_emails(c.report_emails), c.whatsapp, c.timezone);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), c));
  return m_db.last_insert_id();
}

Status ClientRepository::update(const Client& c) {
  auto stmt = m_db.prepare(
      "UPDATE clients SET name = ?, report_emails = ?, whatsapp = ?, timezone = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(c.name, join_emails(c.report_emails), c.whatsapp, c.timezone, c.id);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), c));
  if (m_db.changes() == 0) return fail(Errc::not_found, "client {} not found", c.id);
  return {};
}

Status ClientRepository::remove(const Client& c, bool with_links) {
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  LinkRepository links(m_db);
  auto count = links.count_for_client(c.id);
  if (!count) return fail(count.error());
  if (*count > 0) {
    if (!with_links)
      return fail(Errc::invalid_input,
                  "client '{}' still has {} link{}; remove them first, or use --force", c.name,
                  *count, *count == 1 ? "" : "s");
    if (auto st = links.remove_for_client(c.id); !st) return st;
  }
  auto stmt = m_db.prepare("DELETE FROM clients WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(c.id).run(); !st) return fail(explain(**stmt, st.error(), c));
  if (m_db.changes() == 0) return fail(Errc::not_found, "client '{}' not found", c.name);
  return tx->commit();
}

Result<Client> ClientRepository::get(std::int64_t id) {
  auto row = select_one<Client>(m_db, std::string(k_select) + "WHERE id = ?", read_client, id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "client {} not found", id);
  return std::move(**row);
}

Result<std::optional<Client>> ClientRepository::find(std::string_view name) {
  return select_one<Client>(m_db, std::string(k_select) + "WHERE name = ?", read_client, name);
}

Result<Client> ClientRepository::resolve(std::string_view name_or_id) {
  return resolve_name_or_id<Client>(
      "client", name_or_id, [this](std::string_view name) { return find(name); },
      [this](std::int64_t id) { return get(id); });
}

Status ClientRepository::set_active(std::int64_t id, bool active) {
  auto stmt = m_db.prepare("UPDATE clients SET active = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(active ? 1 : 0, id).run(); !st) return st;
  if (m_db.changes() == 0) return fail(Errc::not_found, "client {} not found", id);
  return {};
}

Result<std::vector<Client>> ClientRepository::list() {
  auto stmt = m_db.prepare(std::string(k_select) + "ORDER BY name");
  if (!stmt) return fail(stmt.error());
  std::vector<Client> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_client(**stmt));
  }
}

}  // namespace ill::store
