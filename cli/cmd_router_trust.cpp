// illctl router trust ROUTER: connect to the router's SSH server (or its jump host), show the
// host key's fingerprint and record it in the known_hosts file illd checks.
#include "collect/router_target.hpp"
#include "context.hpp"
#include "output.hpp"
#include "routeros/run_local.hpp"
#include "routeros/ssh_stream.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace ill::cli {
namespace {

struct TrustOptions {
  std::string router;
  bool yes = false;
  bool replace = false;
};

std::string_view describe(routeros::HostKeyState state) {
  switch (state) {
  case routeros::HostKeyState::known: return "already trusted";
  case routeros::HostKeyState::unknown: return "not yet trusted";
  case routeros::HostKeyState::changed: return "CHANGED: another key is recorded for this host";
  }
  return "?";
}

Status trust_router(const Context& ctx, const TrustOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto router = store::RouterRepository(**db).resolve(o.router);
  if (!router) return fail(router.error());
  if (router->transport != store::Transport::ssh) {
    return fail(Errc::usage, "router {} uses transport {}, not ssh; nothing to trust", router->name,
                store::to_string(router->transport));
  }
  const std::string known_hosts = ctx.config.values.known_hosts_path().string();
  const routeros::Endpoint endpoint =
      collect::endpoint_of(*router, collect::SshSecrets{{}, {}, known_hosts});
  const auto timeout = std::chrono::seconds(ctx.config.values.poll.timeout_s);
  auto scanned = routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<routeros::HostKey>> {
        co_return co_await routeros::scan_host_key(ex, endpoint.ssh,
                                                   routeros::deadline_in(timeout));
      });
  if (!scanned) return fail(std::move(scanned.error()).with_context("router " + router->name));
  const routeros::HostKey& key = *scanned;

  if (!ctx.json) {
    std::printf("router %s: SSH server %s presents %s %s (%s)\n", router->name.c_str(),
                key.host_entry.c_str(), key.type.c_str(), key.fingerprint.c_str(),
                std::string(describe(key.state)).c_str());
  }
  bool recorded = false;
  if (key.state != routeros::HostKeyState::known) {
    if (key.state == routeros::HostKeyState::changed && !o.replace) {
      return fail(Errc::usage,
                  "router {}: the host key of {} CHANGED (now {} {}); {} keeps the old one. "
                  "Find out why before replacing it with --replace",
                  router->name, key.host_entry, key.type, key.fingerprint, known_hosts);
    }
    if (!o.yes) {
      if (!isatty(STDIN_FILENO)) {
        return fail(Errc::usage,
                    "router {}: not recording the key without confirmation; compare the "
                    "fingerprint with the router's (/ip ssh print on RouterOS 7) and pass --yes",
                    router->name);
      }
      std::printf("Record this key in %s? [y/N] ", known_hosts.c_str());
      std::fflush(stdout);
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y" && answer != "yes")
        return fail(Errc::usage, "router {}: key not recorded", router->name);
    }
    if (auto st = routeros::record_host_key(known_hosts, key, o.replace); !st) return st;
    recorded = true;
  }
  if (ctx.json) {
    print_json(nlohmann::json::array({{{"router", router->name},
                                       {"host", key.host_entry},
                                       {"type", key.type},
                                       {"fingerprint", key.fingerprint},
                                       {"was", describe(key.state)},
                                       {"recorded", recorded},
                                       {"known_hosts", known_hosts}}}));
  } else if (recorded) {
    std::printf("recorded in %s\n", known_hosts.c_str());
  }
  return {};
}

}  // namespace

void add_router_trust_command(CLI::App& router, Context& ctx) {
  auto o = std::make_shared<TrustOptions>();
  auto* cmd = router.add_subcommand(
      "trust", "Show an ssh router's host key fingerprint and record it in known_hosts");
  cmd->add_option("router", o->router, "Router name or id")->required();
  cmd->add_flag("--yes", o->yes, "Record without asking (scripts)");
  cmd->add_flag("--replace", o->replace, "Replace a different key recorded for the host");
  on_run(cmd, ctx, [&ctx, o] { return trust_router(ctx, *o); });
}

}  // namespace ill::cli
