// A portal user's TOTP second factor in the store: enrolment (by `illctl user 2fa enable`, at
// once, or from the account page, confirmed by a first code), the code check at sign-in, the
// one-time recovery codes, and whether a client's users must have one.
//
// Decisions:
// - The TOTP key is sealed by the secret store's SecretBox (the key file illd and illctl
//   already use for router passwords); without the key nobody can sign in with a code.
// - Ten recovery codes of 80 random bits each ("xxxx-xxxx-xxxx-xxxx", base32 lower case), stored
//   as SHA-256 only (enough at 80 bits; a slow hash would make each sign-in try all ten);
//   shown once. A recovery code is typed in place of the six digits and works once.
// - `[portal] require_2fa`: empty (nobody), `*` (every client), or a comma-separated list of
//   client names. A user of such a client without a confirmed second factor can sign in but
//   reaches only the account page (to enrol) until it is set up; API tokens are not affected
//   (they are made by the ISP, for machines).
#pragma once

#include "core/result.hpp"
#include "store/secret_box.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::portal {

struct Enrolment {
  std::string uri;                          // otpauth://
  std::string secret_base32;                // for typing in by hand
  std::vector<std::string> recovery_codes;  // shown once
};

// A new secret for `user_id`, replacing any. `confirmed`: in force at once (illctl); else it
// waits for confirm_enrolment(). Recovery codes are made (and replace any) only when confirmed.
Result<Enrolment> enrol(store::Database& db, const store::SecretBox& box, std::int64_t user_id,
                        std::string_view username, std::string_view issuer, bool confirmed,
                        std::chrono::sys_seconds now);
// The pending enrolment of the account page, confirmed by a right code: the recovery codes, or
// nullopt when the code is wrong (or there is nothing to confirm).
Result<std::optional<std::vector<std::string>>> confirm_enrolment(store::Database& db,
                                                                  const store::SecretBox& box,
                                                                  std::int64_t user_id,
                                                                  std::string_view code,
                                                                  std::chrono::sys_seconds now);
// The otpauth:// URI of a pending enrolment (to show its QR code again), or nullopt.
Result<std::optional<std::string>> pending_uri(store::Database& db, const store::SecretBox& box,
                                               std::int64_t user_id, std::string_view username,
                                               std::string_view issuer);
Status disable(store::Database& db, std::int64_t user_id);
// A confirmed second factor is in force for the user.
Result<bool> has_second_factor(store::Database& db, std::int64_t user_id);

enum class CodeCheck { ok, recovery_code, wrong, replayed };
// A six-digit code (within one step of `now`, never a step used before) or an unused recovery
// code. Marks what it used.
Result<CodeCheck> check_code(store::Database& db, const store::SecretBox& box, std::int64_t user_id,
                             std::string_view code, std::chrono::sys_seconds now);

// Whether `[portal] require_2fa` (`setting`) names the client.
bool second_factor_required(std::string_view setting, std::string_view client_name);

}  // namespace ill::portal
