// illctl user add|list|passwd|disable|enable|rm: portal logins, each bound to one client.
// `user add --invite` makes a one-time link instead of asking for a password, and e-mails it
// to the user's --email through [smtp].
#include "context.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "inventory/validation.hpp"
#include "output.hpp"
#include "portal/accounts.hpp"
#include "portal/invitation.hpp"
#include "portal/second_factor.hpp"
#include "portal/token.hpp"
#include "store/client_repository.hpp"
#include "store/password_hash.hpp"
#include "store/portal_user_repository.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct UserOptions {
  std::string username;
  std::optional<std::string> client;
  std::string email;
  PasswordSource password;
  bool invite = false;
};

nlohmann::json to_json(const store::PortalUser& u, std::optional<std::chrono::sys_seconds> locked,
                       bool second_factor = false) {
  return {{"id", u.id},
          {"username", u.username},
          {"client", u.client_name},
          {"email", u.email},
          {"active", u.active},
          {"last_login",
           u.last_login ? nlohmann::json(time_text(u.last_login)) : nlohmann::json(nullptr)},
          {"locked_until", locked ? nlohmann::json(time_text(locked)) : nlohmann::json(nullptr)},
          {"second_factor", second_factor}};
}

Result<std::string> new_hash(const UserOptions& o) {
  auto password =
      read_password(o.password, "portal password for " + o.username, PasswordNeed::required);
  if (!password) return fail(password.error());
  return store::hash_password(**password);
}

Status add(const Context& ctx, const UserOptions& o) {
  if (!o.client) return fail(Errc::usage, "user add needs --client");
  if (o.invite && (o.password.from_stdin || !o.password.file.empty()))
    return fail(Errc::usage, "--invite sets no password: leave out --password-stdin/-file");
  if (auto problem = inventory::check_name(o.username, 64))
    return fail(Errc::invalid_input, "user {}", *problem);
  if (!o.email.empty()) {
    if (auto problem = inventory::check_email(o.email))
      return fail(Errc::invalid_input, "user {}: {}", o.username, *problem);
  }
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto client = store::ClientRepository(**db).resolve(*o.client);
  if (!client) return fail(client.error());
  store::PortalUserRepository users(**db);
  // Refuse a taken name before asking for a password.
  auto existing = users.find(o.username);
  if (!existing) return fail(existing.error());
  if (*existing) return fail(Errc::invalid_input, "user name '{}' already exists", o.username);
  // An invited user has a random password nobody knows until the invitation sets one.
  auto hash = o.invite ? store::hash_password(store::Secret(portal::random_token())) : new_hash(o);
  if (!hash) return fail(hash.error());
  store::PortalUser u;
  u.client_id = client->id;
  u.client_name = client->name;
  u.username = o.username;
  u.email = o.email;
  u.password_hash = std::move(*hash);
  auto id = users.add(u);
  if (!id) return fail(id.error());
  u.id = *id;
  std::optional<portal::IssuedInvitation> invitation;
  if (o.invite) {
    auto issued = portal::issue_invitation(**db, u.id, ctx.config.values.portal, now_seconds());
    if (!issued) return fail(issued.error());
    invitation = std::move(*issued);
  }
  if (ctx.json) {
    auto row = to_json(u, std::nullopt);
    if (invitation) {
      row["invitation"] = invitation->link;
      row["invitation_expires"] = time_text(invitation->expires_at);
    }
    print_json(nlohmann::json::array({row}));
  } else {
    std::printf("added user %s for client %s\n", u.username.c_str(), client->name.c_str());
    if (invitation) {
      std::printf("invitation (works once, until %s):\n%s\n",
                  time_text(invitation->expires_at).c_str(), invitation->link.c_str());
    }
  }
  if (invitation && !u.email.empty()) {
    auto box = open_secret_box(ctx);
    if (!box) return fail(box.error());
    if (auto st = portal::mail_invitation(ctx.config.values, **db, *box, u.email, u.username,
                                          client->name, *invitation, now_seconds());
        !st)
      return fail(
          std::move(st.error()).with_context("the user was added; e-mailing the invitation"));
    if (!ctx.json) std::printf("invitation e-mailed to %s\n", u.email.c_str());
  }
  return {};
}

Status list(const Context& ctx, const UserOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  std::optional<std::int64_t> client_id;
  if (o.client) {
    auto client = store::ClientRepository(**db).resolve(*o.client);
    if (!client) return fail(client.error());
    client_id = client->id;
  }
  auto users = store::PortalUserRepository(**db).list(client_id);
  if (!users) return fail(users.error());
  std::vector<std::optional<std::chrono::sys_seconds>> locks;
  std::vector<bool> factors;
  for (const auto& u : *users) {
    auto locked = portal::locked_until(**db, u.username, now_seconds());
    if (!locked) return fail(locked.error());
    locks.push_back(*locked);
    auto factor = portal::has_second_factor(**db, u.id);
    if (!factor) return fail(factor.error());
    factors.push_back(*factor);
  }
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (std::size_t i = 0; i < users->size(); ++i)
      out.push_back(to_json((*users)[i], locks[i], factors[i]));
    print_json(out);
    return {};
  }
  Table table(
      {"ID", "USERNAME", "CLIENT", "E-MAIL", "ACTIVE", "2FA", "LAST LOGIN", "LOCKED UNTIL"});
  for (std::size_t i = 0; i < users->size(); ++i) {
    const auto& u = (*users)[i];
    table.add_row({std::to_string(u.id), u.username, u.client_name, u.email.empty() ? "-" : u.email,
                   u.active ? "yes" : "no", factors[i] ? "on" : "off", time_text(u.last_login),
                   locks[i] ? time_text(locks[i]) : "-"});
  }
  table.print();
  return {};
}

// Loads the user, lets `change` modify it, and writes it back; a new password or a disabled
// user ends every portal session of the user.
template <typename Change>
Status modify(const Context& ctx, const UserOptions& o, const char* done, bool end_sessions,
              Change change) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::PortalUserRepository users(**db);
  auto u = users.resolve(o.username);
  if (!u) return fail(u.error());
  if (auto st = change(*u); !st) return st;
  if (auto st = portal::update_user(**db, *u, end_sessions); !st) return st;
  std::printf("%s user %s\n", done, u->username.c_str());
  return {};
}

Status remove(const Context& ctx, const UserOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::PortalUserRepository users(**db);
  auto u = users.resolve(o.username);
  if (!u) return fail(u.error());
  if (auto st = users.remove(*u); !st) return st;
  std::printf("removed user %s\n", u->username.c_str());
  return {};
}

}  // namespace

void add_user_command(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", "Manage portal users (each sees one client's links)");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();

  auto* add_cmd = user->add_subcommand("add",
                                       "Add a portal user (password from a prompt, "
                                       "--password-stdin or --password-file)");
  add_cmd->add_option("username", o->username, "Login name, unique")->required();
  add_cmd->add_option("--client", o->client, "Client name or id the user belongs to");
  add_cmd->add_option("--email", o->email, "The user's e-mail address (--invite mails it there)");
  add_cmd->add_flag("--invite", o->invite,
                    "Print a one-time link that sets the password (valid portal.invitation_ttl_s) "
                    "instead of asking for one; with --email, also e-mail it through [smtp]");
  add_password_options(add_cmd, o->password, "portal password");
  on_run(add_cmd, ctx, [&ctx, o] { return add(ctx, *o); });

  auto* list_cmd = user->add_subcommand("list", "List portal users");
  list_cmd->add_option("--client", o->client, "Only this client's users");
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });

  auto* passwd_cmd = user->add_subcommand("passwd", "Set a portal user's password");
  passwd_cmd->add_option("user", o->username, "User name or id")->required();
  add_password_options(passwd_cmd, o->password, "new portal password");
  on_run(passwd_cmd, ctx, [&ctx, o] {
    return modify(ctx, *o, "changed the password of", true, [o](store::PortalUser& u) -> Status {
      auto hash = new_hash(*o);
      if (!hash) return fail(hash.error());
      u.password_hash = std::move(*hash);
      return {};
    });
  });

  auto* disable_cmd = user->add_subcommand("disable", "Stop a user from logging in");
  disable_cmd->add_option("user", o->username, "User name or id")->required();
  on_run(disable_cmd, ctx, [&ctx, o] {
    return modify(ctx, *o, "disabled", true, [](store::PortalUser& u) -> Status {
      u.active = false;
      return {};
    });
  });

  auto* enable_cmd = user->add_subcommand("enable", "Let a disabled user log in again");
  enable_cmd->add_option("user", o->username, "User name or id")->required();
  on_run(enable_cmd, ctx, [&ctx, o] {
    return modify(ctx, *o, "enabled", false, [](store::PortalUser& u) -> Status {
      u.active = true;
      return {};
    });
  });

  auto* rm_cmd = user->add_subcommand("rm", "Remove a portal user");
  rm_cmd->add_option("user", o->username, "User name or id")->required();
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });

  add_user_access_commands(*user, ctx);
}

}  // namespace ill::cli
