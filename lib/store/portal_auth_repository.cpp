#include "store/portal_auth_repository.hpp"

#include "store/database.hpp"
#include "store/lookup.hpp"

namespace ill::store {

namespace {

std::string_view kind_text(ThrottleKind kind) {
  return kind == ThrottleKind::user ? "user" : "address";
}

constexpr const char* k_principal =
    "u.id, u.username, u.active AND c.active, c.id, c.name, c.timezone "
    "FROM portal_users u JOIN clients c ON c.id = u.client_id ";

PortalPrincipal read_principal(const Statement& s, int at) {
  PortalPrincipal p;
  p.user_id = s.int64(at);
  p.username = s.text(at + 1);
  p.user_active = s.int64(at + 2) != 0;
  p.client_id = s.int64(at + 3);
  p.client_name = s.text(at + 4);
  p.timezone = s.text(at + 5);
  return p;
}

}  // namespace

Status PortalAuthRepository::add_session(const PortalSession& s) {
  auto stmt = m_db.prepare(
      "INSERT INTO portal_sessions (token_hash, user_id, csrf, address, created_at, last_seen, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(s.token_hash, s.user_id, s.csrf, s.address, s.created_at, s.last_seen,
                 s.expires_at)
      .run();
}

Result<std::optional<SessionLookup>> PortalAuthRepository::find_session(const TokenHash& hash) {
  return select_one<SessionLookup>(
      m_db,
      std::string("SELECT s.token_hash, s.user_id, s.csrf, s.address, s.created_at, s.last_seen, "
                  "s.expires_at, ") +
          k_principal + "JOIN portal_sessions s ON s.user_id = u.id WHERE s.token_hash = ?",
      [](const Statement& s) {
        SessionLookup out;
        out.session.token_hash = s.blob(0);
        out.session.user_id = s.int64(1);
        out.session.csrf = s.text(2);
        out.session.address = s.text(3);
        out.session.created_at = s.time(4);
        out.session.last_seen = s.time(5);
        out.session.expires_at = s.time(6);
        out.principal = read_principal(s, 7);
        return out;
      },
      hash);
}

Status PortalAuthRepository::touch_session(const TokenHash& hash, std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare("UPDATE portal_sessions SET last_seen = ? WHERE token_hash = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(at, hash).run();
}

Status PortalAuthRepository::remove_session(const TokenHash& hash) {
  auto stmt = m_db.prepare("DELETE FROM portal_sessions WHERE token_hash = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(hash).run();
}

Status PortalAuthRepository::remove_sessions_of(std::int64_t user_id) {
  auto stmt = m_db.prepare("DELETE FROM portal_sessions WHERE user_id = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(user_id).run();
}

Result<std::int64_t> PortalAuthRepository::expire_sessions(std::chrono::sys_seconds now,
                                                           std::chrono::sys_seconds idle_before) {
  auto stmt = m_db.prepare("DELETE FROM portal_sessions WHERE expires_at <= ? OR last_seen < ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(now, idle_before).run(); !st) return fail(st.error());
  return static_cast<std::int64_t>(m_db.changes());
}

Result<std::int64_t> PortalAuthRepository::count_sessions_of(std::int64_t user_id) {
  auto n = select_one<std::int64_t>(
      m_db, "SELECT count(*) FROM portal_sessions WHERE user_id = ?",
      [](const Statement& s) { return s.int64(0); }, user_id);
  if (!n) return fail(n.error());
  return n->value_or(0);
}

Result<std::int64_t> PortalAuthRepository::add_token(std::int64_t user_id, const TokenHash& hash,
                                                     std::string_view label,
                                                     std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare(
      "INSERT INTO portal_api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, "
      "?)");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(user_id, hash, label, at).run(); !st) return fail(st.error());
  return m_db.last_insert_id();
}

Result<std::optional<PortalPrincipal>> PortalAuthRepository::find_token(
    const TokenHash& hash, std::chrono::sys_seconds at) {
  auto found = select_one<PortalPrincipal>(
      m_db,
      std::string("SELECT ") + k_principal +
          "JOIN portal_api_tokens t ON t.user_id = u.id "
          "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
      [](const Statement& s) { return read_principal(s, 0); }, hash);
  if (!found || !*found) return found;
  // When it was last used, to the minute: enough to tell a forgotten token from a live one
  // without a write on every request.
  auto stmt = m_db.prepare(
      "UPDATE portal_api_tokens SET last_used = ?1 WHERE token_hash = ?2 AND "
      "(last_used IS NULL OR last_used < ?1 - 60)");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(at, hash).run(); !st) return fail(st.error());
  return found;
}

Result<std::vector<ApiToken>> PortalAuthRepository::tokens(std::optional<std::int64_t> user_id) {
  auto stmt = m_db.prepare(
      "SELECT t.id, t.user_id, u.username, t.label, t.created_at, t.last_used, t.revoked_at "
      "FROM portal_api_tokens t JOIN portal_users u ON u.id = t.user_id "
      "WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(user_id);
  std::vector<ApiToken> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    out.push_back(
        {s.int64(0), s.int64(1), s.text(2), s.text(3), s.time(4), s.opt_time(5), s.opt_time(6)});
  }
}

Status PortalAuthRepository::revoke_token(std::int64_t id, std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare(
      "UPDATE portal_api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(at, id).run(); !st) return st;
  if (m_db.changes() == 0) return fail(Errc::not_found, "API token {} not found or revoked", id);
  return {};
}

Status PortalAuthRepository::log(const LoginEvent& e) {
  auto stmt = m_db.prepare(
      "INSERT INTO portal_login_log (t, username, user_id, address, outcome) VALUES (?, ?, ?, ?, "
      "?)");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(e.t, e.username, e.user_id, e.address, e.outcome).run();
}

Result<std::vector<LoginEvent>> PortalAuthRepository::login_log(std::optional<std::string> username,
                                                                std::int64_t limit) {
  auto stmt = m_db.prepare(
      "SELECT t, username, user_id, address, outcome FROM portal_login_log "
      "WHERE ?1 IS NULL OR username = lower(?1) ORDER BY t DESC, id DESC LIMIT ?2");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(username, limit);
  std::vector<LoginEvent> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    out.push_back({s.time(0), s.text(1), s.opt_int64(2), s.text(3), s.text(4)});
  }
}

Result<ThrottleState> PortalAuthRepository::throttle(ThrottleKind kind, std::string_view key) {
  auto found = select_one<ThrottleState>(
      m_db,
      "SELECT failures, last_failure, blocked_until FROM portal_throttle WHERE kind = ? AND key "
      "= ?",
      [](const Statement& s) {
        return ThrottleState{s.int64(0), s.time(1), s.time(2)};
      },
      kind_text(kind), key);
  if (!found) return fail(found.error());
  return found->value_or(ThrottleState{});
}

Status PortalAuthRepository::put_throttle(ThrottleKind kind, std::string_view key,
                                          const ThrottleState& state) {
  auto stmt = m_db.prepare(
      "INSERT INTO portal_throttle (kind, key, failures, last_failure, blocked_until) VALUES (?, "
      "?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET failures = excluded.failures, "
      "last_failure = excluded.last_failure, blocked_until = excluded.blocked_until");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(kind_text(kind), key, state.failures, state.last_failure, state.blocked_until)
      .run();
}

Status PortalAuthRepository::clear_throttle(ThrottleKind kind, std::string_view key) {
  auto stmt = m_db.prepare("DELETE FROM portal_throttle WHERE kind = ? AND key = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(kind_text(kind), key).run();
}

}  // namespace ill::store
