// The portal's second factor and one-time links: TOTP secrets (sealed by SecretBox, never
// plaintext), recovery codes, sign-ins waiting for their code, and invitations. Every random
// token or code is stored as its SHA-256 only (TokenHash); portal/second_factor.hpp and
// portal/invitation.hpp make and check them.
#pragma once

#include "core/result.hpp"
#include "store/portal_auth_repository.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace ill::store {

class Database;

struct TotpRecord {
  std::int64_t user_id = 0;
  std::vector<unsigned char> sealed_secret;
  std::chrono::sys_seconds created_at{};
  std::optional<std::chrono::sys_seconds> confirmed_at;  // nullopt: enrolment not finished
  std::int64_t last_step = 0;  // the last TOTP step (totp.hpp) a code was accepted for
};

// A sign-in whose password was right and whose code is still to come.
struct PendingLogin {
  TokenHash token_hash;
  std::int64_t user_id = 0;
  std::string csrf;
  std::string address;
  std::chrono::sys_seconds expires_at{};
  std::int64_t attempts = 0;
};

struct Invitation {
  TokenHash token_hash;
  std::int64_t user_id = 0;
  std::chrono::sys_seconds created_at{};
  std::chrono::sys_seconds expires_at{};
  std::optional<std::chrono::sys_seconds> used_at;
};

class PortalFactorRepository {
public:
  explicit PortalFactorRepository(Database& db) : m_db(db) {}

  // Replaces any earlier record of the user (and its recovery codes stay as they are).
  Status put_totp(const TotpRecord& record);
  Result<std::optional<TotpRecord>> totp(std::int64_t user_id);
  Status confirm_totp(std::int64_t user_id, std::chrono::sys_seconds at);
  // Moves last_step forward to `step`; false when a step as late or later was used already
  // (the code was replayed, perhaps by a concurrent request).
  Result<bool> use_step(std::int64_t user_id, std::int64_t step);
  // Removes the secret and the recovery codes.
  Status remove_totp(std::int64_t user_id);

  // Replaces the user's recovery codes.
  Status put_recovery_codes(std::int64_t user_id, const std::vector<TokenHash>& hashes);
  // Marks the unused code `hash` of the user used; false when there is no such unused code.
  Result<bool> use_recovery_code(std::int64_t user_id, const TokenHash& hash,
                                 std::chrono::sys_seconds at);
  Result<std::int64_t> unused_recovery_codes(std::int64_t user_id);

  Status add_pending(const PendingLogin& pending);
  Result<std::optional<PendingLogin>> pending(const TokenHash& hash);
  Status count_pending_attempt(const TokenHash& hash);
  Status remove_pending(const TokenHash& hash);

  Status add_invitation(const Invitation& invitation);
  Result<std::optional<Invitation>> invitation(const TokenHash& hash);
  // Marks it used; false when it was used already (by a concurrent request).
  Result<bool> use_invitation(const TokenHash& hash, std::chrono::sys_seconds at);

private:
  Database& m_db;
};

}  // namespace ill::store
