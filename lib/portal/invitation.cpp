#include "portal/invitation.hpp"

#include "core/format.hpp"
#include "notify/channels.hpp"
#include "portal/token.hpp"
#include "store/database.hpp"
#include "store/password_hash.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_factor_repository.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>

namespace ill::portal {

namespace {

std::string base_url(const config::PortalSettings& s) {
  std::string base = s.public_url.empty() ? "http://" + s.listen : s.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<IssuedInvitation> issue_invitation(store::Database& db, std::int64_t user_id,
                                          const config::PortalSettings& settings,
                                          std::chrono::sys_seconds now) {
  IssuedInvitation out;
  out.token = random_token();
  out.expires_at = now + std::chrono::seconds{settings.invitation_ttl_s};
  out.link = base_url(settings) + "/invite/" + out.token;
  store::Invitation row;
  row.token_hash = token_hash(out.token);
  row.user_id = user_id;
  row.created_at = now;
  row.expires_at = out.expires_at;
  if (auto st = store::PortalFactorRepository(db).add_invitation(row); !st) return fail(st.error());
  return out;
}

Result<std::optional<store::PortalUser>> invitation_user(store::Database& db,
                                                         std::string_view token,
                                                         std::chrono::sys_seconds now) {
  using None = std::optional<store::PortalUser>;
  if (token.empty() || token.size() > 128) return None();
  auto found = store::PortalFactorRepository(db).invitation(token_hash(token));
  if (!found) return fail(found.error());
  if (!*found || (*found)->used_at || (*found)->expires_at <= now) return None();
  auto user = store::PortalUserRepository(db).get((*found)->user_id);
  if (!user) return fail(user.error());
  if (!user->active) return None();
  return None(std::move(*user));
}

Result<bool> accept_invitation(store::Database& db, std::string_view token,
                               const store::Secret& password, const std::string& address,
                               std::chrono::sys_seconds now) {
  auto hash = store::hash_password(password);  // before the transaction: it takes a while
  if (!hash) return fail(hash.error());
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  auto user = invitation_user(db, token, now);
  if (!user) return fail(user.error());
  if (!*user) return false;
  auto used = store::PortalFactorRepository(db).use_invitation(token_hash(token), now);
  if (!used) return fail(used.error());
  if (!*used) return false;
  (*user)->password_hash = std::move(*hash);
  if (auto st = store::PortalUserRepository(db).update(**user); !st) return fail(st.error());
  store::PortalAuthRepository auth(db);
  if (auto st = auth.remove_sessions_of((*user)->id); !st) return fail(st.error());
  if (auto st = auth.log({now, lower((*user)->username), (*user)->id, address, "invitation-used"});
      !st)
    return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  return true;
}

std::string invitation_form_token(std::string_view token) {
  const auto digest = token_hash(fmt::format("invitation-form:{}", token));
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, digest.data(), digest.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string invitation_mail_text(std::string_view user, std::string_view client,
                                 const IssuedInvitation& invitation) {
  return fmt::format(
      "Hello,\r\n\r\nan account on the circuit portal of {} was made for you: user name {}.\r\n"
      "Choose your password here (the link works once, until {}):\r\n\r\n{}\r\n\r\n"
      "If you did not expect this message, ignore it.\r\n",
      client, user, rfc3339(invitation.expires_at), invitation.link);
}

Status mail_invitation(const config::Config& config, store::Database& db,
                       const store::SecretBox& box, std::string_view to, std::string_view user,
                       std::string_view client, const IssuedInvitation& invitation,
                       std::chrono::sys_seconds now) {
  auto channels = notify::open_channels(config, db, box);
  if (!channels) return fail(channels.error());
  if (!channels->smtp.configured())
    return fail(Errc::config, "smtp.host is not set: cannot e-mail the invitation");
  auto mail = notify::mail_from_settings(config.smtp);
  if (!mail) return fail(mail.error());
  auto mailbox = notify::parse_mailbox(to);
  if (!mailbox) return fail(mailbox.error());
  mail->to = {*mailbox};
  mail->subject = fmt::format("Your account on the circuit portal of {}", client);
  mail->body = invitation_mail_text(user, client, invitation);
  mail->message_id = "invitation." + random_token() + "@ill";
  mail->date = now;
  auto sent = channels->smtp.send(*mail);
  if (!sent) return fail(sent.error());
  for (const auto& r : *sent) {
    if (!r.accepted) return fail(Errc::io, "the mail server refused {}: {}", r.address, r.reply);
  }
  return {};
}

}  // namespace ill::portal
