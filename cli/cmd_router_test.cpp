// illctl router test ROUTER: log in as illd would and report what the router is and what the
// API user may do (the recommended setup is a read-only API group).
#include "collect/router_poll.hpp"
#include "context.hpp"
#include "output.hpp"
#include "routeros/client.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <set>

namespace ill::cli {
namespace {

// Policies that let a user change the router or read its secrets.
const std::set<std::string, std::less<>> k_more_than_read = {
    "write", "policy", "reboot", "password", "sensitive", "sniff", "ftp", "romon"};

std::vector<std::string> granted_policies(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    if (!item.empty() && item.front() != '!') out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

Status test_router(const Context& ctx, const std::string& name) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto router = store::RouterRepository(**db).resolve(name);
  if (!router) return fail(router.error());
  if (router->transport != store::Transport::api && router->transport != store::Transport::api_ssl)
    return fail(Errc::usage, "router {}: router test supports the api and api-ssl transports ({})",
                router->name, store::to_string(router->transport));
  if (!router->sealed_secret)
    return fail(Errc::usage,
                "router {} has no password stored; set one with `illctl router edit {} "
                "--password-prompt`",
                router->name, router->name);
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  auto password = box->open(*router->sealed_secret);
  if (!password) return fail(std::move(password.error()).with_context("router " + router->name));
  auto links = store::LinkRepository(**db).list(store::LinkFilter{{}, router->id, false});
  if (!links) return fail(links.error());

  routeros::Endpoint endpoint;
  endpoint.host = router->host;
  endpoint.port = static_cast<std::uint16_t>(router->port);
  endpoint.tls =
      router->transport == store::Transport::api_ssl ? routeros::Tls::on : routeros::Tls::off;
  endpoint.tls_options.verify =
      router->tls_verify == store::TlsVerify::none  ? routeros::TlsVerify::none
      : router->tls_verify == store::TlsVerify::adh ? routeros::TlsVerify::adh
                                                    : routeros::TlsVerify::full;
  endpoint.tls_options.ca_file = router->ca_file.value_or("");
  const auto timeout = std::chrono::seconds(ctx.config.values.poll.timeout_s);
  const std::string where =
      fmt::format("router {} ({}:{})", router->name, router->host, router->port);

  auto client = routeros::Client::connect(endpoint, routeros::deadline_in(timeout));
  if (!client) return fail(std::move(client.error()).with_context(where));
  if (auto st = client->login(router->username, password->reveal(), routeros::deadline_in(timeout));
      !st)
    return fail(std::move(st.error()).with_context(where + ": login"));

  auto call = [&](routeros::Command command) {
    return client->call(std::move(command), routeros::deadline_in(timeout));
  };
  auto resource = call(collect::resource_command());
  if (!resource) return fail(std::move(resource.error()).with_context(where));
  auto info = collect::parse_resource(*resource);
  if (!info) return fail(std::move(info.error()).with_context(where));
  auto identity = call(collect::identity_command());
  if (!identity) return fail(std::move(identity.error()).with_context(where));
  info->identity = collect::parse_identity(*identity);
  auto interfaces_reply = call(collect::interface_command({}));
  if (!interfaces_reply) return fail(std::move(interfaces_reply.error()).with_context(where));
  auto interfaces = collect::parse_interfaces(*interfaces_reply);
  if (!interfaces) return fail(std::move(interfaces.error()).with_context(where));

  // The API user's group and what it grants; unknown when the user may not read /user.
  std::optional<std::string> group;
  std::optional<std::vector<std::string>> policies;
  auto users =
      call(routeros::Command("/user/print").where(routeros::Query::eq("name", router->username)));
  if (users && !users->rows.empty()) {
    if (auto g = users->rows.front().attribute("group")) group = std::string(*g);
  }
  if (group) {
    auto groups =
        call(routeros::Command("/user/group/print").where(routeros::Query::eq("name", *group)));
    if (groups && !groups->rows.empty()) {
      if (auto p = groups->rows.front().attribute("policy")) policies = granted_policies(*p);
    }
  }
  std::optional<bool> read_only;
  std::vector<std::string> extra;
  if (policies) {
    for (const auto& p : *policies)
      if (k_more_than_read.count(p)) extra.push_back(p);
    read_only = extra.empty();
  }

  auto find_interface = [&](const std::string& iface) -> const collect::InterfaceStats* {
    for (const auto& i : *interfaces)
      if (i.name == iface) return &i;
    return nullptr;
  };

  if (ctx.json) {
    auto link_rows = nlohmann::json::array();
    for (const auto& l : *links) {
      const auto* i = find_interface(l.interface);
      link_rows.push_back({{"link", l.name},
                           {"interface", l.interface},
                           {"found", i != nullptr},
                           {"running", i ? nlohmann::json(i->running) : nlohmann::json(nullptr)}});
    }
    nlohmann::json out = {
        {"router", router->name},
        {"address", fmt::format("{}:{}", router->host, router->port)},
        {"transport", store::to_string(router->transport)},
        {"login", true},
        {"identity", info->identity},
        {"version", info->version},
        {"board", info->board},
        {"uptime_s",
         info->uptime ? nlohmann::json(info->uptime->count()) : nlohmann::json(nullptr)},
        {"user", router->username},
        {"group", group ? nlohmann::json(*group) : nlohmann::json(nullptr)},
        {"policies", policies ? nlohmann::json(*policies) : nlohmann::json(nullptr)},
        {"read_only", read_only ? nlohmann::json(*read_only) : nlohmann::json(nullptr)},
        {"interfaces", interfaces->size()},
        {"links", link_rows}};
    print_json(nlohmann::json::array({out}));
    return {};
  }
  std::printf("%s: login ok over %s\n", where.c_str(),
              std::string(store::to_string(router->transport)).c_str());
  Table table({"FIELD", "VALUE"});
  table.add_row({"identity", info->identity});
  table.add_row({"version", info->version});
  table.add_row({"board", info->board});
  table.add_row({"uptime", info->uptime ? fmt::format("{} s", info->uptime->count()) : "-"});
  table.add_row({"interfaces", std::to_string(interfaces->size())});
  table.add_row({"user", router->username + (group ? " (group " + *group + ")" : "")});
  std::string rights = !read_only ? "unknown (the user cannot read /user)"
                       : *read_only
                           ? "read-only, as recommended"
                           : "MORE than read: " + fmt::format("{}", fmt::join(extra, ", ")) +
                                 "; use a read-only API group";
  table.add_row({"rights", rights});
  for (const auto& l : *links) {
    const auto* i = find_interface(l.interface);
    table.add_row({"link " + l.name, l.interface + (i ? (i->running ? " running" : " not running")
                                                      : " NOT FOUND on the router")});
  }
  table.print();
  return {};
}

}  // namespace

void add_router_test_command(CLI::App& router, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* cmd = router.add_subcommand(
      "test", "Log in and report identity, version, interfaces and the API user's rights");
  cmd->add_option("router", *name, "Router name or id")->required();
  on_run(cmd, ctx, [&ctx, name] { return test_router(ctx, *name); });
}

}  // namespace ill::cli
