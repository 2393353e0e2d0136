// Who is asking: logins with argon2id passwords, sessions, API tokens and the login throttle.
//
// Decisions:
// - An unknown user name costs the same argon2id verification as a known one (against a hash
//   made at start-up), and answers the same "wrong user name or password".
// - The throttle counts failures per user name as typed (known or not) and per address. The
//   first `free` failures cost nothing; each further one doubles a wait (1 s, 2 s, 4 s, ... up
//   to 15 min) during which that name or address is refused without checking the password, even
//   a right one. A success clears the name's and the address's counts. A name whose wait runs is
//   "locked" for `illctl user list`.
// - A session ends at its absolute expiry, after `idle` without a request, at logout, at
//   a password change (every session of the user), or when the user is disabled (checked on
//   every request, so it takes effect at once). last_seen is written at most once a minute.
// - A user with a second factor gets no session from the password alone: login() answers
//   `second_factor` with a pending sign-in (its own random token in its own cookie and its own
//   form token, kept hashed in the store for five minutes and five tries), and second_step()
//   turns it into a session when the code is right. Wrong and replayed codes count as failures
//   of the user name in the throttle, like wrong passwords.
// - A disabled client is refused like a disabled user, at login and at every request.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/secret.hpp"
#include "store/secret_box.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ill::store {
class Database;
}

namespace ill::portal {

struct AuthSettings {
  std::chrono::seconds session_lifetime{43200};
  std::chrono::seconds session_idle{1800};
  std::int64_t free_user_failures = 3;
  std::int64_t free_address_failures = 10;
};

// The session limits of `[portal]`, whose keys count seconds.
AuthSettings auth_settings(const config::PortalSettings& portal);

// The throttle after one more failure at `now`.
store::ThrottleState after_failure(store::ThrottleState state, std::int64_t free,
                                   std::chrono::sys_seconds now);

struct LoginResult {
  // expired: the pending sign-in is unknown, too old or out of tries (start again);
  // forbidden: its form token is wrong.
  enum class Outcome { ok, refused, throttled, second_factor, expired, forbidden };
  Outcome outcome = Outcome::refused;
  std::string token;                   // ok: the new session's; second_factor: the pending one's
  std::string csrf;                    // second_factor: the form token of the code page
  std::chrono::seconds retry_after{};  // throttled
};

inline constexpr std::chrono::seconds k_pending_login{300};
inline constexpr std::int64_t k_pending_tries = 5;

class Auth {
public:
  explicit Auth(AuthSettings settings);

  const AuthSettings& settings() const { return m_settings; }

  Result<LoginResult> login(store::Database& db, std::string_view username,
                            const store::Secret& password, const std::string& address,
                            std::chrono::sys_seconds now);
  // The live session of a cookie value; nullopt when it is unknown, expired, idle too long or
  // its user is disabled (then it is deleted).
  // The code step of a `second_factor` login: `pending` is the pending sign-in's cookie value.
  Result<LoginResult> second_step(store::Database& db, const store::SecretBox* box,
                                  std::string_view pending, std::string_view csrf,
                                  std::string_view code, const std::string& address,
                                  std::chrono::sys_seconds now);
  // The form token of a live pending sign-in, or nullopt.
  Result<std::optional<std::string>> pending_csrf(store::Database& db, std::string_view pending,
                                                  std::chrono::sys_seconds now);
  Result<std::optional<store::SessionLookup>> session(store::Database& db, std::string_view token,
                                                      std::chrono::sys_seconds now);
  Status logout(store::Database& db, const store::SessionLookup& session,
                const std::string& address, std::chrono::sys_seconds now);
  // False when `current` is wrong. On success every session of the user ends.
  Result<bool> change_password(store::Database& db, const store::PortalPrincipal& who,
                               const store::Secret& current, const store::Secret& next,
                               const std::string& address, std::chrono::sys_seconds now);
  // The principal of a live API token of an active user.
  Result<std::optional<store::PortalPrincipal>> api_token(store::Database& db,
                                                          std::string_view token,
                                                          std::chrono::sys_seconds now);

private:
  // A new session of the user, its throttles cleared, `outcome` logged; the cookie value.
  Result<std::string> open_session(store::Database& db, std::int64_t user_id,
                                   const std::string& name, const std::string& address,
                                   std::string_view outcome, std::chrono::sys_seconds now);

  AuthSettings m_settings;
  std::string m_decoy_hash;  // verified for unknown users, so they cost the same
};

}  // namespace ill::portal
