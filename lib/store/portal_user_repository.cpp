#include "store/portal_user_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

namespace ill::store {

namespace {

constexpr const char* k_select =
    "SELECT u.id, u.client_id, c.name, u.username, u.email, u.password_hash, u.active, "
    "u.last_login FROM portal_users u JOIN clients c ON c.id = u.client_id ";

PortalUser read_user(const Statement& s) {
  PortalUser u;
  u.id = s.int64(0);
  u.client_id = s.int64(1);
  u.client_name = s.text(2);
  u.username = s.text(3);
  u.email = s.text(4);
  u.password_hash = s.text(5);
  u.active = s.int64(6) != 0;
  u.last_login = s.opt_time(7);
  return u;
}

Error explain(const Statement& s, Error error, const PortalUser& u) {
  return explain_violation(
      s, std::move(error),
      {{"portal_users.username", fmt::format("user name '{}' already exists", u.username)},
       {"FOREIGN KEY", "user refers to a client that does not exist"},
       {"user_username", "user name must be 1-64 characters"},
       {"user_password_hash", "password hash is not argon2id"}});
}

}  // namespace

Result<std::int64_t> PortalUserRepository::add(const PortalUser& u) {
  auto stmt = m_db.prepare(
      "INSERT INTO portal_users (client_id, username, email, password_hash, active) VALUES (?, ?, "
      "?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(u.client_id, u.username, u.email, u.password_hash, u.active);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), u));
  return m_db.last_insert_id();
}

Status PortalUserRepository::update(const PortalUser& u) {
  auto stmt = m_db.prepare(
      "UPDATE portal_users SET client_id = ?, username = ?, email = ?, password_hash = ?, active = "
      "? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(u.client_id, u.username, u.email, u.password_hash, u.active, u.id);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), u));
  if (m_db.changes() == 0) return fail(Errc::not_found, "user {} not found", u.id);
  return {};
}

Status PortalUserRepository::remove(const PortalUser& u) {
  auto stmt = m_db.prepare("DELETE FROM portal_users WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(u.id).run(); !st) return st;
  if (m_db.changes() == 0) return fail(Errc::not_found, "user '{}' not found", u.username);
  return {};
}

Status PortalUserRepository::record_login(std::int64_t id, std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare("UPDATE portal_users SET last_login = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(at, id).run();
}

Result<PortalUser> PortalUserRepository::get(std::int64_t id) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE u.id = ?");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(id).step();
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "user {} not found", id);
  return read_user(**stmt);
}

Result<std::optional<PortalUser>> PortalUserRepository::find(std::string_view username) {
  auto stmt = m_db.prepare(std::string(k_select) + "WHERE u.username = ?");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(username).step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<PortalUser>();
  return std::optional<PortalUser>(read_user(**stmt));
}

Result<PortalUser> PortalUserRepository::resolve(std::string_view username_or_id) {
  auto found = find(username_or_id);
  if (!found) return fail(found.error());
  if (*found) return std::move(**found);
  if (auto id = parse_id(username_or_id)) {
    auto by_id = get(*id);
    if (by_id || by_id.error().category() != Errc::not_found) return by_id;
  }
  return fail(Errc::not_found, "user '{}' not found", username_or_id);
}

Result<std::vector<PortalUser>> PortalUserRepository::list(std::optional<std::int64_t> client_id) {
  auto stmt = m_db.prepare(std::string(k_select) +
                           "WHERE (?1 IS NULL OR u.client_id = ?1) ORDER BY u.username");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id);
  std::vector<PortalUser> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_user(**stmt));
  }
}

}  // namespace ill::store
