// illctl user token add|list|revoke, user 2fa enable|disable and user log: portal API tokens,
// second factors and the login log.
#include "context.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "output.hpp"
#include "portal/accounts.hpp"
#include "portal/second_factor.hpp"
#include "portal/totp.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_user_repository.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct AccessOptions {
  std::string user;
  std::string label;
  std::int64_t token_id = 0;
  std::int64_t limit = 50;
};

nlohmann::json opt_time(std::optional<std::chrono::sys_seconds> t) {
  return t ? nlohmann::json(time_text(t)) : nlohmann::json(nullptr);
}

Status token_add(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto user = store::PortalUserRepository(**db).resolve(o.user);
  if (!user) return fail(user.error());
  auto issued = portal::issue_token(**db, user->id, o.label, now_seconds());
  if (!issued) return fail(issued.error());
  if (ctx.json) {
    print_json({{"id", issued->id}, {"user", user->username}, {"token", issued->token}});
  } else {
    std::printf("token %lld for %s (shown once; keep it secret):\n%s\n",
                static_cast<long long>(issued->id), user->username.c_str(), issued->token.c_str());
  }
  return {};
}

Status token_list(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  std::optional<std::int64_t> user_id;
  if (!o.user.empty()) {
    auto user = store::PortalUserRepository(**db).resolve(o.user);
    if (!user) return fail(user.error());
    user_id = user->id;
  }
  auto tokens = store::PortalAuthRepository(**db).tokens(user_id);
  if (!tokens) return fail(tokens.error());
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& t : *tokens) {
      out.push_back({{"id", t.id},
                     {"user", t.username},
                     {"label", t.label},
                     {"created", time_text(t.created_at)},
                     {"last_used", opt_time(t.last_used)},
                     {"revoked", opt_time(t.revoked_at)}});
    }
    print_json(out);
    return {};
  }
  Table table({"ID", "USER", "LABEL", "CREATED", "LAST USED", "REVOKED"});
  for (const auto& t : *tokens) {
    table.add_row({std::to_string(t.id), t.username, t.label.empty() ? "-" : t.label,
                   time_text(t.created_at), time_text(t.last_used),
                   t.revoked_at ? time_text(t.revoked_at) : "-"});
  }
  table.print();
  return {};
}

Status token_revoke(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  if (auto st = store::PortalAuthRepository(**db).revoke_token(o.token_id, now_seconds()); !st)
    return st;
  std::printf("revoked token %lld\n", static_cast<long long>(o.token_id));
  return {};
}

Status factor_enable(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto user = store::PortalUserRepository(**db).resolve(o.user);
  if (!user) return fail(user.error());
  auto has = portal::has_second_factor(**db, user->id);
  if (!has) return fail(has.error());
  if (*has)
    return fail(Errc::invalid_input,
                "user {} has a second factor already; `illctl user 2fa disable {}` first",
                user->username, user->username);
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  const auto& isp = ctx.config.values.report.isp_name;
  auto e = portal::enrol(**db, *box, user->id, user->username, isp.empty() ? "ill" : isp, true,
                         now_seconds());
  if (!e) return fail(e.error());
  if (ctx.json) {
    print_json({{"user", user->username},
                {"otpauth", e->uri},
                {"secret", e->secret_base32},
                {"recovery_codes", e->recovery_codes}});
    return {};
  }
  std::printf("second factor on for %s; scan this with an authenticator app:\n\n%s\n%s\n\n",
              user->username.c_str(), portal::qr_terminal(e->uri).c_str(), e->uri.c_str());
  std::printf(
      "key (to type in by hand): %s\n\nrecovery codes (each works once; shown only "
      "now):\n",
      e->secret_base32.c_str());
  for (const auto& c : e->recovery_codes) std::printf("  %s\n", c.c_str());
  return {};
}

Status factor_disable(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto user = store::PortalUserRepository(**db).resolve(o.user);
  if (!user) return fail(user.error());
  if (auto st = portal::disable(**db, user->id); !st) return st;
  std::printf("second factor off for %s\n", user->username.c_str());
  return {};
}

Status log(const Context& ctx, const AccessOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  std::optional<std::string> name;
  if (!o.user.empty()) name = o.user;
  auto events = store::PortalAuthRepository(**db).login_log(name, o.limit);
  if (!events) return fail(events.error());
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& e : *events) {
      out.push_back({{"time", time_text(e.t)},
                     {"user", e.username},
                     {"address", e.address},
                     {"outcome", e.outcome}});
    }
    print_json(out);
    return {};
  }
  Table table({"TIME", "USER", "ADDRESS", "OUTCOME"});
  for (const auto& e : *events) table.add_row({time_text(e.t), e.username, e.address, e.outcome});
  table.print();
  return {};
}

}  // namespace

void add_user_access_commands(CLI::App& user, Context& ctx) {
  auto o = std::make_shared<AccessOptions>();
  auto* token = user.add_subcommand("token", "API tokens of portal users (for /api/v1/)");
  token->require_subcommand(1);
  auto* add_cmd = token->add_subcommand("add", "Make an API token for a user and print it once");
  add_cmd->add_option("user", o->user, "User name or id")->required();
  add_cmd->add_option("--label", o->label, "What the token is for");
  on_run(add_cmd, ctx, [&ctx, o] { return token_add(ctx, *o); });
  auto* list_cmd = token->add_subcommand("list", "List API tokens (never their secrets)");
  list_cmd->add_option("user", o->user, "Only this user's tokens");
  on_run(list_cmd, ctx, [&ctx, o] { return token_list(ctx, *o); });
  auto* revoke_cmd = token->add_subcommand("revoke", "Revoke an API token at once");
  revoke_cmd->add_option("id", o->token_id, "Token id (from token list)")->required();
  on_run(revoke_cmd, ctx, [&ctx, o] { return token_revoke(ctx, *o); });

  auto* factor = user.add_subcommand("2fa", "TOTP second factor of portal users");
  factor->require_subcommand(1);
  auto* enable_cmd = factor->add_subcommand(
      "enable", "Turn it on: prints the otpauth:// URI, its QR code and ten recovery codes, once");
  enable_cmd->add_option("user", o->user, "User name or id")->required();
  on_run(enable_cmd, ctx, [&ctx, o] { return factor_enable(ctx, *o); });
  auto* disable_cmd =
      factor->add_subcommand("disable", "Turn it off (the secret and recovery codes are deleted)");
  disable_cmd->add_option("user", o->user, "User name or id")->required();
  on_run(disable_cmd, ctx, [&ctx, o] { return factor_disable(ctx, *o); });

  auto* log_cmd = user.add_subcommand("log", "The portal's login log, newest first");
  log_cmd->add_option("user", o->user, "Only this user name's entries");
  log_cmd->add_option("--limit", o->limit, "At most this many entries")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  on_run(log_cmd, ctx, [&ctx, o] { return log(ctx, *o); });
}

}  // namespace ill::cli
