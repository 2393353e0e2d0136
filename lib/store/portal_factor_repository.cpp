#include "store/portal_factor_repository.hpp"

#include "store/database.hpp"
#include "store/lookup.hpp"

namespace ill::store {

namespace {

Status run(Database& db, std::string_view sql, const auto&... args) {
  auto stmt = db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(args...).run();
}

}  // namespace

Status PortalFactorRepository::put_totp(const TotpRecord& r) {
  return run(m_db,
             "INSERT INTO portal_totp (user_id, secret, created_at, confirmed_at, last_step) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET secret = "
             "excluded.secret, created_at = excluded.created_at, confirmed_at = "
             "excluded.confirmed_at, last_step = excluded.last_step",
             r.user_id, r.sealed_secret, r.created_at, r.confirmed_at, r.last_step);
}

Result<std::optional<TotpRecord>> PortalFactorRepository::totp(std::int64_t user_id) {
  return select_one<TotpRecord>(
      m_db,
      "SELECT user_id, secret, created_at, confirmed_at, last_step FROM portal_totp WHERE "
      "user_id = ?",
      [](const Statement& s) {
        return TotpRecord{s.int64(0), s.blob(1), s.time(2), s.opt_time(3), s.int64(4)};
      },
      user_id);
}

Status PortalFactorRepository::confirm_totp(std::int64_t user_id, std::chrono::sys_seconds at) {
  return run(m_db, "UPDATE portal_totp SET confirmed_at = ? WHERE user_id = ?", at, user_id);
}

Result<bool> PortalFactorRepository::use_step(std::int64_t user_id, std::int64_t step) {
  if (auto st =
          run(m_db, "UPDATE portal_totp SET last_step = ? WHERE user_id = ? AND last_step < ?",
              step, user_id, step);
      !st)
    return fail(st.error());
  return m_db.changes() > 0;
}

Status PortalFactorRepository::remove_totp(std::int64_t user_id) {
  if (auto st = run(m_db, "DELETE FROM portal_recovery_codes WHERE user_id = ?", user_id); !st)
    return st;
  return run(m_db, "DELETE FROM portal_totp WHERE user_id = ?", user_id);
}

Status PortalFactorRepository::put_recovery_codes(std::int64_t user_id,
                                                  const std::vector<TokenHash>& hashes) {
  if (auto st = run(m_db, "DELETE FROM portal_recovery_codes WHERE user_id = ?", user_id); !st)
    return st;
  for (const auto& h : hashes) {
    if (auto st = run(m_db, "INSERT INTO portal_recovery_codes (user_id, code_hash) VALUES (?, ?)",
                      user_id, h);
        !st)
      return st;
  }
  return {};
}

Result<bool> PortalFactorRepository::use_recovery_code(std::int64_t user_id, const TokenHash& hash,
                                                       std::chrono::sys_seconds at) {
  if (auto st = run(m_db,
                    "UPDATE portal_recovery_codes SET used_at = ? WHERE user_id = ? AND "
                    "code_hash = ? AND used_at IS NULL",
                    at, user_id, hash);
      !st)
    return fail(st.error());
  return m_db.changes() > 0;
}

Result<std::int64_t> PortalFactorRepository::unused_recovery_codes(std::int64_t user_id) {
  auto n = select_one<std::int64_t>(
      m_db, "SELECT count(*) FROM portal_recovery_codes WHERE user_id = ? AND used_at IS NULL",
      [](const Statement& s) { return s.int64(0); }, user_id);
  if (!n) return fail(n.error());
  return n->value_or(0);
}

Status PortalFactorRepository::add_pending(const PendingLogin& p) {
  // Expired ones go as new ones come: the table stays as small as the sign-ins in flight.
  if (auto st = run(m_db, "DELETE FROM portal_pending_logins WHERE expires_at <= ?",
                    p.expires_at - std::chrono::hours{1});
      !st)
    return st;
  return run(m_db,
             "INSERT INTO portal_pending_logins (token_hash, user_id, csrf, address, expires_at, "
             "attempts) VALUES (?, ?, ?, ?, ?, ?)",
             p.token_hash, p.user_id, p.csrf, p.address, p.expires_at, p.attempts);
}

Result<std::optional<PendingLogin>> PortalFactorRepository::pending(const TokenHash& hash) {
  return select_one<PendingLogin>(
      m_db,
      "SELECT token_hash, user_id, csrf, address, expires_at, attempts FROM "
      "portal_pending_logins WHERE token_hash = ?",
      [](const Statement& s) {
        return PendingLogin{s.blob(0), s.int64(1), s.text(2), s.text(3), s.time(4), s.int64(5)};
      },
      hash);
}

Status PortalFactorRepository::count_pending_attempt(const TokenHash& hash) {
  return run(m_db, "UPDATE portal_pending_logins SET attempts = attempts + 1 WHERE token_hash = ?",
             hash);
}

Status PortalFactorRepository::remove_pending(const TokenHash& hash) {
  return run(m_db, "DELETE FROM portal_pending_logins WHERE token_hash = ?", hash);
}

Status PortalFactorRepository::add_invitation(const Invitation& i) {
  return run(m_db,
             "INSERT INTO portal_invitations (token_hash, user_id, created_at, expires_at, "
             "used_at) VALUES (?, ?, ?, ?, ?)",
             i.token_hash, i.user_id, i.created_at, i.expires_at, i.used_at);
}

Result<std::optional<Invitation>> PortalFactorRepository::invitation(const TokenHash& hash) {
  return select_one<Invitation>(
      m_db,
      "SELECT token_hash, user_id, created_at, expires_at, used_at FROM portal_invitations "
      "WHERE token_hash = ?",
      [](const Statement& s) {
        return Invitation{s.blob(0), s.int64(1), s.time(2), s.time(3), s.opt_time(4)};
      },
      hash);
}

Result<bool> PortalFactorRepository::use_invitation(const TokenHash& hash,
                                                    std::chrono::sys_seconds at) {
  if (auto st = run(m_db,
                    "UPDATE portal_invitations SET used_at = ? WHERE token_hash = ? AND used_at "
                    "IS NULL",
                    at, hash);
      !st)
    return fail(st.error());
  return m_db.changes() > 0;
}

}  // namespace ill::store
