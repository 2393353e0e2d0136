// illctl client add|list|show|edit|disable|enable|rm: who the links are delivered to.
#include "context.hpp"
#include "inventory/validation.hpp"
#include "output.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct ClientOptions {
  std::string name;
  std::optional<std::string> rename;
  std::optional<std::vector<std::string>> emails;
  std::optional<std::string> whatsapp;
  std::optional<std::string> timezone;
  bool force = false;
  bool names_only = false;
};

nlohmann::json to_json(const store::Client& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"report_emails", c.report_emails},
          {"whatsapp", c.whatsapp ? nlohmann::json(*c.whatsapp) : nlohmann::json(nullptr)},
          {"timezone", c.timezone},
          {"portal", c.active}};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void add_field_options(CLI::App* cmd, ClientOptions& o) {
  cmd->add_option("--email", o.emails, "Report e-mail address (repeat for several)");
  cmd->add_option("--whatsapp", o.whatsapp, "WhatsApp number in E.164 form, e.g. +5511912345678");
  cmd->add_option("--timezone", o.timezone, "IANA time zone of the reports (default UTC)");
}

Status apply(const ClientOptions& o, store::Client& c) {
  if (o.rename) c.name = *o.rename;
  if (o.emails) {
    c.report_emails.clear();
    for (const auto& e : *o.emails)
      if (!e.empty()) c.report_emails.push_back(e);
  }
  if (o.whatsapp) c.whatsapp = o.whatsapp->empty() ? std::nullopt : o.whatsapp;
  if (o.timezone) c.timezone = *o.timezone;
  auto problems = inventory::validate(c);
  if (!problems.empty())
    return fail(Errc::invalid_input, "client {}: {}", c.name, inventory::describe(problems));
  return {};
}

Status add(const Context& ctx, const ClientOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::Client c;
  c.name = o.name;
  if (auto st = apply(o, c); !st) return st;
  auto id = store::ClientRepository(**db).add(c);
  if (!id) return fail(id.error());
  c.id = *id;
  if (ctx.json)
    print_json(nlohmann::json::array({to_json(c)}));
  else
    std::printf("added client %s (id %lld)\n", c.name.c_str(), static_cast<long long>(*id));
  return {};
}

Status list(const Context& ctx, const ClientOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto clients = store::ClientRepository(**db).list();
  if (!clients) return fail(clients.error());
  if (o.names_only) {
    for (const auto& c : *clients) std::printf("%s\n", c.name.c_str());
    return {};
  }
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& c : *clients) out.push_back(to_json(c));
    print_json(out);
    return {};
  }
  Table table({"ID", "NAME", "TIMEZONE", "REPORT E-MAILS", "WHATSAPP", "PORTAL"});
  for (const auto& c : *clients)
    table.add_row({std::to_string(c.id), c.name, c.timezone, join(c.report_emails),
                   c.whatsapp.value_or("-"), c.active ? "enabled" : "disabled"});
  table.print();
  return {};
}

Status show(const Context& ctx, const ClientOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto c = store::ClientRepository(**db).resolve(o.name);
  if (!c) return fail(c.error());
  if (ctx.json) {
    print_json(nlohmann::json::array({to_json(*c)}));
    return {};
  }
  auto links = store::LinkRepository(**db).list(store::LinkFilter{c->id, {}, false});
  if (!links) return fail(links.error());
  Table table({"FIELD", "VALUE"});
  table.add_row({"id", std::to_string(c->id)});
  table.add_row({"name", c->name});
  table.add_row({"timezone", c->timezone});
  table.add_row({"report_emails", join(c->report_emails)});
  table.add_row({"whatsapp", c->whatsapp.value_or("-")});
  table.add_row({"portal", c->active ? "enabled" : "disabled"});
  std::vector<std::string> names;
  for (const auto& l : *links) names.push_back(l.name);
  table.add_row({"links", names.empty() ? "-" : join(names)});
  table.print();
  return {};
}

Status edit(const Context& ctx, const ClientOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::ClientRepository clients(**db);
  auto c = clients.resolve(o.name);
  if (!c) return fail(c.error());
  if (auto st = apply(o, *c); !st) return st;
  if (auto st = clients.update(*c); !st) return st;
  if (ctx.json)
    print_json(nlohmann::json::array({to_json(*c)}));
  else
    std::printf("updated client %s\n", c->name.c_str());
  return {};
}

// Portal access of every user of the client: refused at their next request when disabled
// (sessions and API tokens are checked against the client on every request).
Status set_active(const Context& ctx, const ClientOptions& o, bool active) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::ClientRepository clients(**db);
  auto c = clients.resolve(o.name);
  if (!c) return fail(c.error());
  if (auto st = clients.set_active(c->id, active); !st) return st;
  std::printf("%s portal access of client %s\n", active ? "enabled" : "disabled", c->name.c_str());
  return {};
}

Status remove(const Context& ctx, const ClientOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::ClientRepository clients(**db);
  auto c = clients.resolve(o.name);
  if (!c) return fail(c.error());
  if (auto st = clients.remove(*c, o.force); !st) return st;
  std::printf("removed client %s\n", c->name.c_str());
  return {};
}

}  // namespace

void add_client_command(CLI::App& app, Context& ctx) {
  auto* client = app.add_subcommand("client", "Add, list, show, edit, disable and remove clients");
  client->require_subcommand(1);
  auto o = std::make_shared<ClientOptions>();

  auto* add_cmd = client->add_subcommand("add", "Add a client");
  add_cmd->add_option("name", o->name, "Client name, unique")->required();
  add_field_options(add_cmd, *o);
  on_run(add_cmd, ctx, [&ctx, o] { return add(ctx, *o); });

  auto* list_cmd = client->add_subcommand("list", "List clients");
  list_cmd->add_flag("--names", o->names_only, "Print only the names, one per line");
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });

  auto* show_cmd = client->add_subcommand("show", "Show one client and its links");
  show_cmd->add_option("client", o->name, "Client name or id")->required();
  on_run(show_cmd, ctx, [&ctx, o] { return show(ctx, *o); });

  auto* edit_cmd = client->add_subcommand("edit", "Change a client");
  edit_cmd->add_option("client", o->name, "Client name or id")->required();
  edit_cmd->add_option("--rename", o->rename, "New name");
  add_field_options(edit_cmd, *o);
  on_run(edit_cmd, ctx, [&ctx, o] { return edit(ctx, *o); });

  auto* disable_cmd =
      client->add_subcommand("disable", "Refuse the client's portal users and API tokens at once");
  disable_cmd->add_option("client", o->name, "Client name or id")->required();
  on_run(disable_cmd, ctx, [&ctx, o] { return set_active(ctx, *o, false); });

  auto* enable_cmd =
      client->add_subcommand("enable", "Give a disabled client's users access again");
  enable_cmd->add_option("client", o->name, "Client name or id")->required();
  on_run(enable_cmd, ctx, [&ctx, o] { return set_active(ctx, *o, true); });

  auto* rm_cmd = client->add_subcommand("rm", "Remove a client and its portal users");
  rm_cmd->add_option("client", o->name, "Client name or id")->required();
  rm_cmd->add_flag("--force", o->force, "Also remove its links, with their history");
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });
}

}  // namespace ill::cli
