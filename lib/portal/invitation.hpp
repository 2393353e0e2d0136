// Invitations: a one-time link to /invite/{token} with which a new portal user chooses the
// password (`illctl user add --invite`, printed or e-mailed).
//
// Decisions:
// - The token is 256 random bits, stored as its SHA-256 only; it works once, until
//   `[portal] invitation_ttl_s` after it was made. A new invitation of a user does not end
//   older ones (each expires on its own); accepting one sets the password, ends the user's
//   sessions and logs `invitation-used`.
// - The link's base is `[portal] public_url`, or http://LISTEN when that is empty.
// - Until the invitation is used the user has a random password nobody knows.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "store/portal_user_repository.hpp"
#include "store/secret.hpp"
#include "store/secret_box.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ill::store {
class Database;
}

namespace ill::portal {

struct IssuedInvitation {
  std::string token;
  std::string link;
  std::chrono::sys_seconds expires_at{};
};
Result<IssuedInvitation> issue_invitation(store::Database& db, std::int64_t user_id,
                                          const config::PortalSettings& settings,
                                          std::chrono::sys_seconds now);

// The user of a live (unused, unexpired) invitation, or nullopt.
Result<std::optional<store::PortalUser>> invitation_user(store::Database& db,
                                                         std::string_view token,
                                                         std::chrono::sys_seconds now);
// Sets the password; false when the invitation is not live (used, expired, unknown).
Result<bool> accept_invitation(store::Database& db, std::string_view token,
                               const store::Secret& password, const std::string& address,
                               std::chrono::sys_seconds now);
// The form token of the invitation page: derived from the token, so it needs no cookie.
std::string invitation_form_token(std::string_view token);

// The text of the invitation e-mail.
std::string invitation_mail_text(std::string_view user, std::string_view client,
                                 const IssuedInvitation& invitation);
// Sends it to `to` through the [smtp] settings and password (the reports' SMTP); fails, with
// the server's reply, when [smtp] is not set up or the server refuses the address.
Status mail_invitation(const config::Config& config, store::Database& db,
                       const store::SecretBox& box, std::string_view to, std::string_view user,
                       std::string_view client, const IssuedInvitation& invitation,
                       std::chrono::sys_seconds now);

}  // namespace ill::portal
