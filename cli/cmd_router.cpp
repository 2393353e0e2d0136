// illctl router add|list|show|edit|rm: the routers ill polls and how to reach them.
#include "context.hpp"
#include "inventory/validation.hpp"
#include "output.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct RouterOptions {
  std::string name;
  std::optional<std::string> rename;
  std::optional<std::string> host;
  std::optional<int> port;
  std::optional<std::string> transport;
  std::optional<std::string> user;
  std::optional<std::string> tls_verify;
  std::optional<std::string> ca_file;
  std::optional<std::string> ssh_key_file;
  std::optional<std::string> ssh_jump_host;
  std::optional<int> ssh_port;
  std::optional<std::string> ssh_user;
  std::optional<std::string> ssh_passphrase_file;
  std::optional<std::string> location;
  std::optional<std::string> poll_interval;  // seconds, or "default"
  std::optional<std::string> active;
  PasswordSource password;
  bool password_prompt = false;
  bool force = false;
  bool names_only = false;
};

nlohmann::json to_json(const store::Router& r) {
  auto opt = [](const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {
      {"id", r.id},
      {"name", r.name},
      {"host", r.host},
      {"port", r.port},
      {"transport", store::to_string(r.transport)},
      {"user", r.username},
      {"has_password", r.sealed_secret.has_value()},
      {"tls_verify", store::to_string(r.tls_verify)},
      {"ca_file", opt(r.ca_file)},
      {"ssh_key_file", opt(r.ssh_key_file)},
      {"ssh_jump_host", opt(r.ssh_jump_host)},
      {"ssh_port", r.ssh_port ? nlohmann::json(*r.ssh_port) : nlohmann::json(nullptr)},
      {"ssh_user", opt(r.ssh_user)},
      {"has_ssh_passphrase", r.sealed_ssh_passphrase.has_value()},
      {"location", r.location},
      {"active", r.active},
      {"poll_interval_s",
       r.poll_interval_s ? nlohmann::json(*r.poll_interval_s) : nlohmann::json(nullptr)},
      {"status", store::to_string(r.status)},
      {"last_poll", r.last_poll ? nlohmann::json(time_text(r.last_poll)) : nlohmann::json(nullptr)},
      {"last_error", opt(r.last_error)}};
}

void add_field_options(CLI::App* cmd, RouterOptions& o) {
  cmd->add_option("--host", o.host, "Management address: host name, IPv4 or IPv6");
  cmd->add_option("--port", o.port,
                  "API port (default by transport: 8728, 8729, 443; ssh: 8728, reached through "
                  "the tunnel)");
  cmd->add_option("--transport", o.transport, "api, api-ssl, rest or ssh (default api)")
      ->check(CLI::IsMember({"api", "api-ssl", "rest", "ssh"}));
  cmd->add_option("--user", o.user, "RouterOS user (a read-only API group is recommended)");
  cmd->add_option("--tls-verify", o.tls_verify, "full, none or adh (default full)")
      ->check(CLI::IsMember({"full", "none", "adh"}));
  cmd->add_option("--ca-file", o.ca_file, "CA bundle for a private CA");
  cmd->add_option("--ssh-key-file", o.ssh_key_file,
                  "Private key (ed25519 or ECDSA) for the ssh transport; none: the password");
  cmd->add_option("--ssh-jump-host", o.ssh_jump_host,
                  "SSH jump host [user@]host[:port]; the tunnel then leads to --host:--port");
  cmd->add_option("--ssh-port", o.ssh_port, "The router's SSH port (default 22)");
  cmd->add_option("--ssh-user", o.ssh_user, "SSH user, when not the RouterOS user");
  cmd->add_option("--ssh-passphrase-file", o.ssh_passphrase_file,
                  "File holding the passphrase of --ssh-key-file (stored encrypted; '' removes)");
  cmd->add_option("--location", o.location, "Where the router is");
  cmd->add_option("--poll-interval", o.poll_interval,
                  "Seconds between polls, 10-300, or 'default' for the daemon's");
  cmd->add_option("--active", o.active, "yes or no: whether illd polls the router");
}

// Applies the options given on the command line to `r`.
Status apply(const RouterOptions& o, store::Router& r, bool adding) {
  if (o.rename) r.name = *o.rename;
  if (o.host) r.host = *o.host;
  if (o.transport) r.transport = *store::parse_transport(*o.transport);
  if (o.port)
    r.port = *o.port;
  else if (adding || o.transport)
    r.port = store::default_port(r.transport);
  if (o.user) r.username = *o.user;
  if (o.tls_verify) r.tls_verify = *store::parse_tls_verify(*o.tls_verify);
  auto optional_text = [](const std::optional<std::string>& in, std::optional<std::string>& out) {
    if (in) out = in->empty() ? std::nullopt : std::optional<std::string>(*in);
  };
  optional_text(o.ca_file, r.ca_file);
  optional_text(o.ssh_key_file, r.ssh_key_file);
  optional_text(o.ssh_jump_host, r.ssh_jump_host);
  optional_text(o.ssh_user, r.ssh_user);
  if (o.ssh_port) r.ssh_port = *o.ssh_port;
  if (o.location) r.location = *o.location;
  if (o.poll_interval) {
    if (*o.poll_interval == "default" || o.poll_interval->empty()) {
      r.poll_interval_s.reset();
    } else {
      try {
        std::size_t used = 0;
        int seconds = std::stoi(*o.poll_interval, &used);
        if (used != o.poll_interval->size()) throw std::invalid_argument("trailing");
        r.poll_interval_s = seconds;
      } catch (const std::exception&) {
        return fail(Errc::invalid_input, "poll interval '{}' is not a number of seconds",
                    *o.poll_interval);
      }
    }
  }
  if (o.active) {
    auto active = parse_bool(*o.active, "--active");
    if (!active) return fail(active.error());
    r.active = *active;
  }
  auto problems = inventory::validate(r);
  if (!problems.empty())
    return fail(Errc::invalid_input, "router {}: {}", r.name, inventory::describe(problems));
  return {};
}

Status seal_password(const Context& ctx, const RouterOptions& o, store::Router& r,
                     PasswordNeed need) {
  PasswordSource source = o.password;
  bool asked = source.from_stdin || !source.file.empty() || o.password_prompt;
  if (need == PasswordNeed::optional && !asked) return {};
  auto password = read_password(source, "password for router " + r.name,
                                o.password_prompt ? PasswordNeed::required : need);
  if (!password) return fail(password.error());
  if (!*password) return {};
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  r.sealed_secret = box->seal(**password);
  return {};
}

// --ssh-passphrase-file: sealed like the password; an empty path removes it.
Status seal_ssh_passphrase(const Context& ctx, const RouterOptions& o, store::Router& r) {
  if (!o.ssh_passphrase_file) return {};
  if (o.ssh_passphrase_file->empty()) {
    r.sealed_ssh_passphrase.reset();
    return {};
  }
  PasswordSource source;
  source.file = *o.ssh_passphrase_file;
  auto passphrase =
      read_password(source, "SSH key passphrase for router " + r.name, PasswordNeed::required);
  if (!passphrase) return fail(passphrase.error());
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  r.sealed_ssh_passphrase = box->seal(**passphrase);
  return {};
}

Status add(const Context& ctx, const RouterOptions& o) {
  if (!o.host || !o.user) return fail(Errc::usage, "router add needs --host and --user");
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::Router r;
  r.name = o.name;
  if (auto st = apply(o, r, true); !st) return st;
  // Without a flag, ask on a terminal; a script with no password source adds none.
  PasswordSource source = o.password;
  auto password = read_password(source, "password for router " + r.name, PasswordNeed::optional);
  if (!password) return fail(password.error());
  if (*password) {
    auto box = open_secret_box(ctx);
    if (!box) return fail(box.error());
    r.sealed_secret = box->seal(**password);
  }
  if (auto st = seal_ssh_passphrase(ctx, o, r); !st) return st;
  auto id = store::RouterRepository(**db).add(r);
  if (!id) return fail(id.error());
  for (const auto& line : inventory::advice(r))
    std::fprintf(stderr, "illctl: warning: %s\n", line.c_str());
  if (ctx.json) {
    r.id = *id;
    print_json(nlohmann::json::array({to_json(r)}));
  } else {
    std::printf("added router %s (id %lld)%s\n", r.name.c_str(), static_cast<long long>(*id),
                r.sealed_secret ? "" : ", no password stored");
  }
  return {};
}

Status list(const Context& ctx, const RouterOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto routers = store::RouterRepository(**db).list();
  if (!routers) return fail(routers.error());
  if (o.names_only) {
    for (const auto& r : *routers) std::printf("%s\n", r.name.c_str());
    return {};
  }
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& r : *routers) out.push_back(to_json(r));
    print_json(out);
    return {};
  }
  Table table(
      {"ID", "NAME", "HOST", "PORT", "TRANSPORT", "ACTIVE", "STATUS", "LAST POLL", "LOCATION"});
  for (const auto& r : *routers)
    table.add_row({std::to_string(r.id), r.name, r.host, std::to_string(r.port),
                   std::string(store::to_string(r.transport)), r.active ? "yes" : "no",
                   std::string(store::to_string(r.status)), time_text(r.last_poll), r.location});
  table.print();
  return {};
}

Status show(const Context& ctx, const RouterOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto r = store::RouterRepository(**db).resolve(o.name);
  if (!r) return fail(r.error());
  if (ctx.json) {
    print_json(nlohmann::json::array({to_json(*r)}));
    return {};
  }
  // The JSON must outlive the loop: items() only refers to it.
  const nlohmann::json json = to_json(*r);
  Table table({"FIELD", "VALUE"});
  for (const auto& [key, value] : json.items()) {
    if (value.is_string())
      table.add_row({key, value.get<std::string>()});
    else
      table.add_row({key, value.is_null() ? "-" : value.dump()});
  }
  table.print();
  return {};
}

Status edit(const Context& ctx, const RouterOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::RouterRepository routers(**db);
  auto r = routers.resolve(o.name);
  if (!r) return fail(r.error());
  if (auto st = apply(o, *r, false); !st) return st;
  if (auto st = seal_password(ctx, o, *r, PasswordNeed::optional); !st) return st;
  if (auto st = seal_ssh_passphrase(ctx, o, *r); !st) return st;
  if (auto st = routers.update(*r); !st) return st;
  if (ctx.json)
    print_json(nlohmann::json::array({to_json(*r)}));
  else
    std::printf("updated router %s\n", r->name.c_str());
  return {};
}

Status remove(const Context& ctx, const RouterOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::RouterRepository routers(**db);
  auto r = routers.resolve(o.name);
  if (!r) return fail(r.error());
  if (auto st = routers.remove(*r, o.force); !st) return st;
  std::printf("removed router %s\n", r->name.c_str());
  return {};
}

}  // namespace

void add_router_command(CLI::App& app, Context& ctx) {
  auto* router = app.add_subcommand("router", "Add, list, show, edit and remove routers");
  router->require_subcommand(1);

  auto o = std::make_shared<RouterOptions>();
  auto* add_cmd = router->add_subcommand("add",
                                         "Add a router (password from a prompt, "
                                         "--password-stdin or --password-file)");
  add_cmd->add_option("name", o->name, "Router name, unique")->required();
  add_field_options(add_cmd, *o);
  add_password_options(add_cmd, o->password, "router password (also for SSH password login)");
  on_run(add_cmd, ctx, [&ctx, o] { return add(ctx, *o); });

  auto* list_cmd = router->add_subcommand("list", "List routers");
  list_cmd->add_flag("--names", o->names_only, "Print only the names, one per line");
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });

  auto* show_cmd = router->add_subcommand("show", "Show one router (name or id)");
  show_cmd->add_option("router", o->name, "Router name or id")->required();
  on_run(show_cmd, ctx, [&ctx, o] { return show(ctx, *o); });

  auto* edit_cmd = router->add_subcommand("edit", "Change a router's settings or password");
  edit_cmd->add_option("router", o->name, "Router name or id")->required();
  edit_cmd->add_option("--rename", o->rename, "New name");
  add_field_options(edit_cmd, *o);
  add_password_options(edit_cmd, o->password, "new router password");
  edit_cmd->add_flag("--password-prompt", o->password_prompt,
                     "Ask for a new password on the terminal, without echo");
  on_run(edit_cmd, ctx, [&ctx, o] { return edit(ctx, *o); });

  auto* rm_cmd = router->add_subcommand("rm", "Remove a router");
  rm_cmd->add_option("router", o->name, "Router name or id")->required();
  rm_cmd->add_flag("--force", o->force, "Also remove its links, with their history");
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });

  add_router_test_command(*router, ctx);
  add_router_trust_command(*router, ctx);
}

}  // namespace ill::cli
