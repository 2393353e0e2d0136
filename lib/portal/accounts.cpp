#include "portal/accounts.hpp"

#include "portal/token.hpp"
#include "store/database.hpp"

#include <cctype>

namespace ill::portal {

Status update_user(store::Database& db, const store::PortalUser& user, bool end_sessions) {
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = store::PortalUserRepository(db).update(user); !st) return st;
  if (end_sessions) {
    if (auto st = store::PortalAuthRepository(db).remove_sessions_of(user.id); !st) return st;
  }
  return tx->commit();
}

Result<std::optional<std::chrono::sys_seconds>> locked_until(store::Database& db,
                                                             std::string_view username,
                                                             std::chrono::sys_seconds now) {
  std::string key(username);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto state = store::PortalAuthRepository(db).throttle(store::ThrottleKind::user, key);
  if (!state) return fail(state.error());
  using Until = std::optional<std::chrono::sys_seconds>;
  if (state->blocked_until > now) return Until(state->blocked_until);
  return Until();
}

Result<IssuedToken> issue_token(store::Database& db, std::int64_t user_id, std::string_view label,
                                std::chrono::sys_seconds now) {
  IssuedToken out;
  out.token = random_token();
  auto id = store::PortalAuthRepository(db).add_token(user_id, token_hash(out.token), label, now);
  if (!id) return fail(id.error());
  out.id = *id;
  return out;
}

}  // namespace ill::portal
