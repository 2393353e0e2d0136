#include "portal/auth.hpp"

#include "portal/second_factor.hpp"
#include "portal/token.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/password_hash.hpp"
#include "store/portal_factor_repository.hpp"
#include "store/portal_user_repository.hpp"

#include <algorithm>
#include <cctype>

namespace ill::portal {

namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr seconds k_max_wait{900};
constexpr seconds k_touch_every{60};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

seconds wait_left(const store::ThrottleState& s, sys_seconds now) {
  return s.blocked_until > now ? s.blocked_until - now : seconds{0};
}

}  // namespace

AuthSettings auth_settings(const config::PortalSettings& portal) {
  AuthSettings out;
  out.session_lifetime = seconds{portal.session_lifetime_s};
  out.session_idle = seconds{portal.session_idle_s};
  return out;
}

store::ThrottleState after_failure(store::ThrottleState state, std::int64_t free, sys_seconds now) {
  state.failures += 1;
  state.last_failure = now;
  if (state.failures > free) {
    std::int64_t over = std::min<std::int64_t>(state.failures - free - 1, 20);
    state.blocked_until = now + std::min(seconds{std::int64_t{1} << over}, k_max_wait);
  }
  return state;
}

Auth::Auth(AuthSettings settings) : m_settings(settings) {
  auto decoy = store::hash_password(store::Secret(random_token()));
  if (decoy) m_decoy_hash = std::move(*decoy);
}

Result<LoginResult> Auth::login(store::Database& db, std::string_view username,
                                const store::Secret& password, const std::string& address,
                                sys_seconds now) {
  store::PortalAuthRepository repo(db);
  const std::string name = lower(username.substr(0, 64));
  auto by_user = repo.throttle(store::ThrottleKind::user, name);
  if (!by_user) return fail(by_user.error());
  auto by_address = repo.throttle(store::ThrottleKind::address, address);
  if (!by_address) return fail(by_address.error());
  LoginResult result;
  if (auto wait = std::max(wait_left(*by_user, now), wait_left(*by_address, now));
      wait > seconds{0}) {
    result.outcome = LoginResult::Outcome::throttled;
    result.retry_after = wait;
    if (auto st = repo.log({now, name, std::nullopt, address, "throttled"}); !st)
      return fail(st.error());
    return result;
  }

  auto user = store::PortalUserRepository(db).find(name);
  if (!user) return fail(user.error());
  const bool known = user->has_value();
  const bool matches =
      store::verify_password(known ? std::string_view((*user)->password_hash) : m_decoy_hash,
                             password) &&
      known;
  std::string outcome = !known ? "unknown-user" : !matches ? "bad-password" : "ok";
  if (known && matches) {
    auto client = store::ClientRepository(db).get((*user)->client_id);
    if (!client) return fail(client.error());
    if (!(*user)->active || !client->active) outcome = "disabled";
  }
  std::optional<std::int64_t> user_id;
  if (known) user_id = (*user)->id;

  if (outcome != "ok") {
    auto tx = db.begin();
    if (!tx) return fail(tx.error());
    if (auto st = repo.log({now, name, user_id, address, outcome}); !st) return fail(st.error());
    auto st = repo.put_throttle(store::ThrottleKind::user, name,
                                after_failure(*by_user, m_settings.free_user_failures, now));
    if (st) {
      st = repo.put_throttle(store::ThrottleKind::address, address,
                             after_failure(*by_address, m_settings.free_address_failures, now));
    }
    if (!st) return fail(st.error());
    if (auto st2 = tx->commit(); !st2) return fail(st2.error());
    return result;  // refused
  }
  auto second = has_second_factor(db, (*user)->id);
  if (!second) return fail(second.error());
  if (*second) {
    store::PendingLogin pending;
    result.token = random_token();
    result.csrf = random_token();
    pending.token_hash = token_hash(result.token);
    pending.user_id = (*user)->id;
    pending.csrf = result.csrf;
    pending.address = address;
    pending.expires_at = now + k_pending_login;
    auto tx = db.begin();
    if (!tx) return fail(tx.error());
    if (auto st = store::PortalFactorRepository(db).add_pending(pending); !st)
      return fail(st.error());
    if (auto st = repo.log({now, name, user_id, address, "password-ok"}); !st)
      return fail(st.error());
    if (auto st = tx->commit(); !st) return fail(st.error());
    result.outcome = LoginResult::Outcome::second_factor;
    return result;
  }
  auto token = open_session(db, (*user)->id, name, address, "ok", now);
  if (!token) return fail(token.error());
  result.token = std::move(*token);
  result.outcome = LoginResult::Outcome::ok;
  return result;
}

Result<std::string> Auth::open_session(store::Database& db, std::int64_t user_id,
                                       const std::string& name, const std::string& address,
                                       std::string_view outcome, sys_seconds now) {
  store::PortalAuthRepository repo(db);
  std::string token = random_token();
  store::PortalSession session;
  session.token_hash = token_hash(token);
  session.user_id = user_id;
  session.csrf = random_token();
  session.address = address;
  session.created_at = session.last_seen = now;
  session.expires_at = now + m_settings.session_lifetime;
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = repo.log({now, name, user_id, address, std::string(outcome)}); !st)
    return fail(st.error());
  if (auto st = repo.add_session(session); !st) return fail(st.error());
  if (auto st = repo.clear_throttle(store::ThrottleKind::user, name); !st) return fail(st.error());
  if (auto st = repo.clear_throttle(store::ThrottleKind::address, address); !st)
    return fail(st.error());
  if (auto st = store::PortalUserRepository(db).record_login(user_id, now); !st)
    return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  return token;
}

Result<std::optional<std::string>> Auth::pending_csrf(store::Database& db, std::string_view pending,
                                                      sys_seconds now) {
  using None = std::optional<std::string>;
  if (pending.empty() || pending.size() > 128) return None();
  auto found = store::PortalFactorRepository(db).pending(token_hash(pending));
  if (!found) return fail(found.error());
  if (!*found || (*found)->expires_at <= now || (*found)->attempts >= k_pending_tries)
    return None();
  return None((*found)->csrf);
}

Result<LoginResult> Auth::second_step(store::Database& db, const store::SecretBox* box,
                                      std::string_view pending, std::string_view csrf,
                                      std::string_view code, const std::string& address,
                                      sys_seconds now) {
  LoginResult result;
  result.outcome = LoginResult::Outcome::expired;
  if (pending.empty() || pending.size() > 128) return result;
  store::PortalFactorRepository factors(db);
  store::PortalAuthRepository repo(db);
  const auto hash = token_hash(pending);
  auto found = factors.pending(hash);
  if (!found) return fail(found.error());
  if (!*found || (*found)->expires_at <= now || (*found)->attempts >= k_pending_tries) {
    if (*found) {
      if (auto st = factors.remove_pending(hash); !st) return fail(st.error());
    }
    return result;
  }
  if (!equal_secret((*found)->csrf, csrf)) {
    result.outcome = LoginResult::Outcome::forbidden;
    return result;
  }
  auto user = store::PortalUserRepository(db).get((*found)->user_id);
  if (!user) return fail(user.error());
  const std::string name = lower(user->username);
  auto by_user = repo.throttle(store::ThrottleKind::user, name);
  if (!by_user) return fail(by_user.error());
  if (auto wait = wait_left(*by_user, now); wait > seconds{0}) {
    result.outcome = LoginResult::Outcome::throttled;
    result.retry_after = wait;
    if (auto st = repo.log({now, name, user->id, address, "throttled"}); !st)
      return fail(st.error());
    return result;
  }
  auto client = store::ClientRepository(db).get(user->client_id);
  if (!client) return fail(client.error());
  if (!user->active || !client->active) {
    if (auto st = factors.remove_pending(hash); !st) return fail(st.error());
    if (auto st = repo.log({now, name, user->id, address, "disabled"}); !st)
      return fail(st.error());
    return result;
  }
  if (!box) return fail(Errc::config, "the portal has no secret key to check TOTP codes with");
  auto checked = check_code(db, *box, user->id, code, now);
  if (!checked) return fail(checked.error());
  if (*checked == CodeCheck::ok || *checked == CodeCheck::recovery_code) {
    if (auto st = factors.remove_pending(hash); !st) return fail(st.error());
    auto token = open_session(db, user->id, name, address,
                              *checked == CodeCheck::ok ? "ok" : "recovery-code", now);
    if (!token) return fail(token.error());
    result.outcome = LoginResult::Outcome::ok;
    result.token = std::move(*token);
    return result;
  }
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = factors.count_pending_attempt(hash); !st) return fail(st.error());
  if (auto st = repo.log({now, name, user->id, address,
                          *checked == CodeCheck::replayed ? "replayed-code" : "bad-code"});
      !st)
    return fail(st.error());
  if (auto st = repo.put_throttle(store::ThrottleKind::user, name,
                                  after_failure(*by_user, m_settings.free_user_failures, now));
      !st)
    return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  result.outcome = (*found)->attempts + 1 >= k_pending_tries ? LoginResult::Outcome::expired
                                                             : LoginResult::Outcome::refused;
  result.csrf = (*found)->csrf;
  return result;
}

Result<std::optional<store::SessionLookup>> Auth::session(store::Database& db,
                                                          std::string_view token, sys_seconds now) {
  using None = std::optional<store::SessionLookup>;
  if (token.empty() || token.size() > 128) return None();
  store::PortalAuthRepository repo(db);
  const auto hash = token_hash(token);
  auto found = repo.find_session(hash);
  if (!found) return fail(found.error());
  if (!*found) return None();
  const auto& s = (*found)->session;
  if (now >= s.expires_at || now - s.last_seen >= m_settings.session_idle ||
      !(*found)->principal.user_active) {
    if (auto st = repo.remove_session(hash); !st) return fail(st.error());
    return None();
  }
  if (now - s.last_seen >= k_touch_every) {
    if (auto st = repo.touch_session(hash, now); !st) return fail(st.error());
    (*found)->session.last_seen = now;
  }
  return found;
}

Status Auth::logout(store::Database& db, const store::SessionLookup& session,
                    const std::string& address, sys_seconds now) {
  store::PortalAuthRepository repo(db);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = repo.remove_session(session.session.token_hash); !st) return st;
  if (auto st = repo.log(
          {now, lower(session.principal.username), session.principal.user_id, address, "logout"});
      !st)
    return st;
  return tx->commit();
}

Result<bool> Auth::change_password(store::Database& db, const store::PortalPrincipal& who,
                                   const store::Secret& current, const store::Secret& next,
                                   const std::string& address, sys_seconds now) {
  store::PortalUserRepository users(db);
  auto user = users.get(who.user_id);
  if (!user) return fail(user.error());
  if (!store::verify_password(user->password_hash, current)) return false;
  auto hash = store::hash_password(next);
  if (!hash) return fail(hash.error());
  user->password_hash = std::move(*hash);
  store::PortalAuthRepository repo(db);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = users.update(*user); !st) return fail(st.error());
  if (auto st = repo.remove_sessions_of(who.user_id); !st) return fail(st.error());
  if (auto st = repo.log({now, lower(who.username), who.user_id, address, "password-changed"}); !st)
    return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  return true;
}

Result<std::optional<store::PortalPrincipal>> Auth::api_token(store::Database& db,
                                                              std::string_view token,
                                                              sys_seconds now) {
  using None = std::optional<store::PortalPrincipal>;
  if (token.empty() || token.size() > 128) return None();
  auto found = store::PortalAuthRepository(db).find_token(token_hash(token), now);
  if (!found) return fail(found.error());
  if (!*found || !(*found)->user_active) return None();
  return found;
}

}  // namespace ill::portal
