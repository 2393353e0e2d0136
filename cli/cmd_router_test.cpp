// illctl router test ROUTER: log in as illd would and report what the router is and what the
// API user may do (the recommended setup is a read-only API group).
#include "collect/async_poll.hpp"
#include "collect/router_check.hpp"
#include "collect/router_target.hpp"
#include "context.hpp"
#include "output.hpp"
#include "routeros/run_local.hpp"
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

namespace ill::cli {
namespace {

Status test_router(const Context& ctx, const std::string& name) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto router = store::RouterRepository(**db).resolve(name);
  if (!router) return fail(router.error());
  if (!router->sealed_secret)
    return fail(Errc::usage,
                "router {} has no password stored; set one with `illctl router edit {} "
                "--password-prompt`",
                router->name, router->name);
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  auto access =
      collect::router_access(*router, &*box, ctx.config.values.known_hosts_path().string());
  if (!access) return fail(access.error());
  auto links = store::LinkRepository(**db).list(store::LinkFilter{{}, router->id, false});
  if (!links) return fail(links.error());

  const routeros::Endpoint& endpoint = access->endpoint;
  const std::string password(access->password.reveal());
  const auto timeout = std::chrono::seconds(ctx.config.values.poll.timeout_s);
  const std::string where =
      fmt::format("router {} ({})", router->name, routeros::format_peer(endpoint));

  auto checked = routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<collect::RouterCheck>> {
        auto session =
            co_await routeros::AsyncSession::connect(ex, endpoint, routeros::deadline_in(timeout));
        if (!session) co_return fail(std::move(session.error()));
        auto login =
            co_await session->login(router->username, password, routeros::deadline_in(timeout));
        if (!login) co_return fail(std::move(login.error()));
        co_return co_await collect::check_router(*session, router->username, *links, timeout);
      });
  if (!checked) {
    const std::string step(collect::failed_step(checked.error()));
    return fail(std::move(checked.error()).with_context(where + ": step " + step));
  }
  const collect::RouterCheck& check = *checked;
  const auto* info = &check.info;
  const auto& group = check.group;
  const auto& policies = check.policies;
  const auto& read_only = check.read_only;
  const auto& extra = check.extra_rights;

  if (ctx.json) {
    auto link_rows = nlohmann::json::array();
    for (const auto& l : check.links) {
      const auto* i = l.found;
      link_rows.push_back({{"link", l.link},
                           {"interface", l.interface},
                           {"found", i != nullptr},
                           {"running", i ? nlohmann::json(i->running) : nlohmann::json(nullptr)}});
    }
    nlohmann::json out = {
        {"router", router->name},
        {"address", fmt::format("{}:{}", router->host, router->port)},
        {"via", routeros::format_peer(endpoint)},
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
        {"interfaces", check.interfaces.size()},
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
  table.add_row({"interfaces", std::to_string(check.interfaces.size())});
  table.add_row({"user", router->username + (group ? " (group " + *group + ")" : "")});
  std::string rights = !read_only ? "unknown (the user cannot read /user)"
                       : *read_only
                           ? "read-only, as recommended"
                           : "MORE than read: " + fmt::format("{}", fmt::join(extra, ", ")) +
                                 "; use a read-only API group";
  table.add_row({"rights", rights});
  for (const auto& l : check.links) {
    const auto* i = l.found;
    table.add_row({"link " + l.link, l.interface + (i ? (i->running ? " running" : " not running")
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
