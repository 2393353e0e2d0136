#include "portal/second_factor.hpp"

#include "portal/token.hpp"
#include "portal/totp.hpp"
#include "store/database.hpp"
#include "store/portal_factor_repository.hpp"

#include <sodium.h>

#include <cctype>

namespace ill::portal {

namespace {

constexpr int k_recovery_codes = 10;

// 16 base32 characters (80 bits) in groups of four.
std::string new_recovery_code() {
  (void)store::ensure_sodium();
  static constexpr char k_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i && i % 4 == 0) out += '-';
    out += k_alphabet[randombytes_uniform(32)];
  }
  return out;
}

// Lower case, without dashes and spaces: how a recovery code is hashed.
std::string normalised(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<std::vector<std::string>> new_recovery_codes(store::PortalFactorRepository& repo,
                                                    std::int64_t user_id) {
  std::vector<std::string> codes;
  std::vector<store::TokenHash> hashes;
  for (int i = 0; i < k_recovery_codes; ++i) {
    codes.push_back(new_recovery_code());
    hashes.push_back(token_hash(normalised(codes.back())));
  }
  if (auto st = repo.put_recovery_codes(user_id, hashes); !st) return fail(st.error());
  return codes;
}

Result<std::string> secret_of(const store::SecretBox& box, const store::TotpRecord& record) {
  auto secret = box.open(record.sealed_secret);
  if (!secret) return fail(std::move(secret.error()).with_context("portal TOTP secret"));
  return std::string(secret->reveal());
}

}  // namespace

Result<Enrolment> enrol(store::Database& db, const store::SecretBox& box, std::int64_t user_id,
                        std::string_view username, std::string_view issuer, bool confirmed,
                        std::chrono::sys_seconds now) {
  const auto secret = new_totp_secret();
  store::TotpRecord record;
  record.user_id = user_id;
  record.sealed_secret = box.seal(store::Secret(secret));
  record.created_at = now;
  if (confirmed) record.confirmed_at = now;
  store::PortalFactorRepository repo(db);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = repo.put_totp(record); !st) return fail(st.error());
  Enrolment out;
  if (confirmed) {
    auto codes = new_recovery_codes(repo, user_id);
    if (!codes) return fail(codes.error());
    out.recovery_codes = std::move(*codes);
  }
  if (auto st = tx->commit(); !st) return fail(st.error());
  out.uri = otpauth_uri(issuer, username, secret);
  out.secret_base32 = base32(secret);
  return out;
}

Result<std::optional<std::vector<std::string>>> confirm_enrolment(store::Database& db,
                                                                  const store::SecretBox& box,
                                                                  std::int64_t user_id,
                                                                  std::string_view code,
                                                                  std::chrono::sys_seconds now) {
  using None = std::optional<std::vector<std::string>>;
  store::PortalFactorRepository repo(db);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  auto record = repo.totp(user_id);
  if (!record) return fail(record.error());
  if (!*record || (*record)->confirmed_at) return None();
  auto secret = secret_of(box, **record);
  if (!secret) return fail(secret.error());
  auto step = verify_totp(*secret, code, now, (*record)->last_step);
  if (!step) return None();
  if (auto st = repo.confirm_totp(user_id, now); !st) return fail(st.error());
  if (auto used = repo.use_step(user_id, *step); !used) return fail(used.error());
  auto codes = new_recovery_codes(repo, user_id);
  if (!codes) return fail(codes.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  return None(std::move(*codes));
}

Result<std::optional<std::string>> pending_uri(store::Database& db, const store::SecretBox& box,
                                               std::int64_t user_id, std::string_view username,
                                               std::string_view issuer) {
  auto record = store::PortalFactorRepository(db).totp(user_id);
  if (!record) return fail(record.error());
  if (!*record || (*record)->confirmed_at) return std::optional<std::string>();
  auto secret = secret_of(box, **record);
  if (!secret) return fail(secret.error());
  return std::optional<std::string>(otpauth_uri(issuer, username, *secret));
}

Status disable(store::Database& db, std::int64_t user_id) {
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  if (auto st = store::PortalFactorRepository(db).remove_totp(user_id); !st) return st;
  return tx->commit();
}

Result<bool> has_second_factor(store::Database& db, std::int64_t user_id) {
  auto record = store::PortalFactorRepository(db).totp(user_id);
  if (!record) return fail(record.error());
  return *record && (*record)->confirmed_at.has_value();
}

Result<CodeCheck> check_code(store::Database& db, const store::SecretBox& box, std::int64_t user_id,
                             std::string_view code, std::chrono::sys_seconds now) {
  store::PortalFactorRepository repo(db);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  auto record = repo.totp(user_id);
  if (!record) return fail(record.error());
  if (!*record || !(*record)->confirmed_at) return CodeCheck::wrong;
  CodeCheck result = CodeCheck::wrong;
  if (code.size() == 6) {
    auto secret = secret_of(box, **record);
    if (!secret) return fail(secret.error());
    // Any step at all first, to tell a replayed code from a wrong one.
    if (auto step = verify_totp(*secret, code, now, -1)) {
      auto fresh =
          *step > (*record)->last_step ? repo.use_step(user_id, *step) : Result<bool>(false);
      if (!fresh) return fail(fresh.error());
      result = *fresh ? CodeCheck::ok : CodeCheck::replayed;
    }
  } else {
    auto used = repo.use_recovery_code(user_id, token_hash(normalised(code)), now);
    if (!used) return fail(used.error());
    if (*used) result = CodeCheck::recovery_code;
  }
  if (auto st = tx->commit(); !st) return fail(st.error());
  return result;
}

bool second_factor_required(std::string_view setting, std::string_view client_name) {
  auto lower = [](std::string_view t) {
    std::string out;
    for (char c : t) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const auto client = lower(client_name);
  while (!setting.empty()) {
    auto comma = setting.find(',');
    auto item = setting.substr(0, comma);
    setting = comma == std::string_view::npos ? "" : setting.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*" || (!item.empty() && lower(item) == client)) return true;
  }
  return false;
}

}  // namespace ill::portal
