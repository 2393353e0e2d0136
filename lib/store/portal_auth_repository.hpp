// The client portal's security state: sessions, API tokens, the login log and the login
// throttle. Tokens are stored only as their SHA-256 (`token_hash`, 32 bytes); the portal
// (portal/auth.hpp) makes and checks them.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {

class Database;

using TokenHash = std::vector<unsigned char>;  // SHA-256, 32 bytes

struct PortalSession {
  TokenHash token_hash;
  std::int64_t user_id = 0;
  std::string csrf;  // the form token of this session
  std::string address;
  std::chrono::sys_seconds created_at{};
  std::chrono::sys_seconds last_seen{};
  std::chrono::sys_seconds expires_at{};  // absolute expiry
};

// Who a session or token speaks for, read together with it: the user and client as they are
// now, so a disabled user loses access at the next request.
struct PortalPrincipal {
  std::int64_t user_id = 0;
  std::string username;
  bool user_active = false;  // the user and its client both enabled
  std::int64_t client_id = 0;
  std::string client_name;
  std::string timezone;
};

struct SessionLookup {
  PortalSession session;
  PortalPrincipal principal;
};

struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string username;  // filled when read
  std::string label;
  std::chrono::sys_seconds created_at{};
  std::optional<std::chrono::sys_seconds> last_used;
  std::optional<std::chrono::sys_seconds> revoked_at;
};

// One line of the login log.
struct LoginEvent {
  std::chrono::sys_seconds t{};
  std::string username;  // as typed (lower case)
  std::optional<std::int64_t> user_id;
  std::string address;
  // ok | bad-password | unknown-user | disabled | throttled | logout | password-changed
  std::string outcome;
};

enum class ThrottleKind { user, address };

struct ThrottleState {
  std::int64_t failures = 0;
  std::chrono::sys_seconds last_failure{};
  std::chrono::sys_seconds blocked_until{};  // no login attempt is checked before this time
};

class PortalAuthRepository {
public:
  explicit PortalAuthRepository(Database& db) : m_db(db) {}

  Status add_session(const PortalSession& session);
  // The session and its principal; nullopt when there is no such session.
  Result<std::optional<SessionLookup>> find_session(const TokenHash& hash);
  Status touch_session(const TokenHash& hash, std::chrono::sys_seconds at);
  Status remove_session(const TokenHash& hash);
  // Every session of the user (logout everywhere, password change, disable).
  Status remove_sessions_of(std::int64_t user_id);
  Result<std::int64_t> expire_sessions(std::chrono::sys_seconds now,
                                       std::chrono::sys_seconds idle_before);
  Result<std::int64_t> count_sessions_of(std::int64_t user_id);

  Result<std::int64_t> add_token(std::int64_t user_id, const TokenHash& hash,
                                 std::string_view label, std::chrono::sys_seconds at);
  // Tokens not revoked only; nullopt for unknown and revoked ones.
  Result<std::optional<PortalPrincipal>> find_token(const TokenHash& hash,
                                                    std::chrono::sys_seconds at);
  // Every token (revoked ones too), or the user's, by id.
  Result<std::vector<ApiToken>> tokens(std::optional<std::int64_t> user_id = std::nullopt);
  // Not found when there is no such token or it was revoked before.
  Status revoke_token(std::int64_t id, std::chrono::sys_seconds at);

  Status log(const LoginEvent& event);
  // Newest first; only `username`'s when given.
  Result<std::vector<LoginEvent>> login_log(std::optional<std::string> username,
                                            std::int64_t limit);

  Result<ThrottleState> throttle(ThrottleKind kind, std::string_view key);
  Status put_throttle(ThrottleKind kind, std::string_view key, const ThrottleState& state);
  Status clear_throttle(ThrottleKind kind, std::string_view key);

private:
  Database& m_db;
};

}  // namespace ill::store
