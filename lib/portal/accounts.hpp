// What `illctl user` does to portal accounts beyond the user rows: passwords that end every
// session, the lockout of the login throttle, API tokens shown once, the login log.
#pragma once

#include "core/result.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_user_repository.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ill::store {
class Database;
}

namespace ill::portal {

// Writes the user (new hash, disabled, ...) and, when `end_sessions`, ends every session of it
// in the same transaction.
Status update_user(store::Database& db, const store::PortalUser& user, bool end_sessions);

// Until when the throttle refuses logins as `username`, when it does at `now`.
Result<std::optional<std::chrono::sys_seconds>> locked_until(store::Database& db,
                                                             std::string_view username,
                                                             std::chrono::sys_seconds now);

struct IssuedToken {
  std::int64_t id = 0;
  std::string token;  // shown once; only its hash is stored
};
Result<IssuedToken> issue_token(store::Database& db, std::int64_t user_id, std::string_view label,
                                std::chrono::sys_seconds now);

}  // namespace ill::portal
