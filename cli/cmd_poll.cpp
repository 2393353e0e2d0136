// illctl poll: poll one router now and show what it says, with the same code illd polls with.
// Either a router of the inventory (its links' interfaces and probe targets), or one named on the
// command line with --host.
#include "context.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include "collect/async_poll.hpp"
#include "collect/router_poll.hpp"
#include "collect/router_target.hpp"
#include "routeros/display_text.hpp"
#include "routeros/run_local.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>

namespace ill::cli {
namespace {

struct PollOptions {
  std::string router;  // from the inventory
  std::string host;    // HOST[:PORT] or [IPv6]:PORT
  std::string user;
  PasswordSource password;
  std::string transport = "api";
  std::string tls_verify = "full";
  std::string ca_file;
  std::vector<std::string> interfaces;
  std::string ping;
  unsigned count = 3;
  unsigned timeout_s = 0;  // 0: poll.timeout_s of the configuration
};

Result<routeros::Endpoint> endpoint_from_host(const PollOptions& o) {
  routeros::Endpoint e;
  std::string_view text = o.host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos)
      return fail(Errc::usage, "--host '{}': missing ']'", o.host);
    e.host = std::string(text.substr(1, close - 1));
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':')
        return fail(Errc::usage, "--host '{}': expected ':' after ']'", o.host);
      port_text = text.substr(close + 2);
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    e.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  } else {
    e.host = std::string(text);  // a host name, an IPv4 address, or a bare IPv6 address
  }
  if (e.host.empty()) return fail(Errc::usage, "--host '{}': no host", o.host);
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return fail(Errc::usage, "--host '{}': '{}' is not a port (1..65535)", o.host, port_text);
    }
    e.port = static_cast<std::uint16_t>(port);
  }
  e.tls = o.transport == "api-ssl" ? routeros::Tls::on : routeros::Tls::off;
  e.via = o.transport == "rest" ? routeros::Via::rest : routeros::Via::api;
  e.tls_options.verify = o.tls_verify == "none"  ? routeros::TlsVerify::none
                         : o.tls_verify == "adh" ? routeros::TlsVerify::adh
                                                 : routeros::TlsVerify::full;
  e.tls_options.ca_file = o.ca_file;
  return e;
}

template <typename T>
nlohmann::json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const collect::RouterPoll& poll) {
  const auto& r = poll.router;
  nlohmann::json out;
  out["router"] = {
      {"identity", routeros::display_text(r.identity)},
      {"version", r.version},
      {"uptime_s", r.uptime ? nlohmann::json(r.uptime->count()) : nlohmann::json(nullptr)},
      {"cpu_load_pct", optional_json(r.cpu_load_pct)},
      {"free_memory", optional_json(r.free_memory)},
      {"total_memory", optional_json(r.total_memory)},
      {"board", r.board}};
  out["interfaces"] = nlohmann::json::array();
  for (const auto& i : poll.interfaces) {
    out["interfaces"].push_back({{"name", routeros::display_text(i.name)},
                                 {"running", i.running},
                                 {"disabled", i.disabled},
                                 {"rx_bytes", i.rx_bytes},
                                 {"tx_bytes", i.tx_bytes},
                                 {"rx_packets", i.rx_packets},
                                 {"tx_packets", i.tx_packets},
                                 {"rx_errors", i.rx_errors},
                                 {"tx_errors", i.tx_errors},
                                 {"rx_drops", i.rx_drops},
                                 {"tx_drops", i.tx_drops},
                                 {"link_downs", i.link_downs},
                                 {"rx_bps", optional_json(i.rx_bps)},
                                 {"tx_bps", optional_json(i.tx_bps)},
                                 {"comment", routeros::display_text(i.comment)}});
  }
  if (poll.pings.empty()) {
    out["ping"] = nullptr;
  } else {
    const auto& p = poll.pings.front();
    out["ping"] = {{"address", p.address},
                   {"sent", p.sent},
                   {"received", p.received},
                   {"loss_pct", p.loss_pct},
                   {"min_ms", optional_json(p.min_ms)},
                   {"avg_ms", optional_json(p.avg_ms)},
                   {"max_ms", optional_json(p.max_ms)}};
  }
  return out;
}

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, k_units[unit]);
}

void print_human(const collect::RouterPoll& poll) {
  const auto& r = poll.router;
  std::printf("router    %s\n", routeros::display_text(r.identity).c_str());
  std::printf("version   %s%s%s\n", r.version.c_str(), r.board.empty() ? "" : ", ",
              r.board.c_str());
  std::printf("uptime    %s\n", r.uptime ? duration_text(*r.uptime).c_str() : "-");
  std::printf("cpu       %s\n",
              r.cpu_load_pct ? fmt::format("{:.0f}%", *r.cpu_load_pct).c_str() : "-");
  if (r.free_memory && r.total_memory) {
    std::printf("memory    %s free of %s\n", human_bytes(*r.free_memory).c_str(),
                human_bytes(*r.total_memory).c_str());
  }
  std::printf("\n");
  Table table({"INTERFACE", "STATE", "RX", "TX", "RX RATE", "TX RATE", "ERRORS", "DROPS",
               "LINK-DOWNS", "COMMENT"});
  for (const auto& i : poll.interfaces) {
    table.add_row({routeros::display_text(i.name),
                   i.disabled  ? "disabled"
                   : i.running ? "running"
                               : "down",
                   human_bytes(i.rx_bytes), human_bytes(i.tx_bytes), rate_text(i.rx_bps),
                   rate_text(i.tx_bps), fmt::format("{}/{}", i.rx_errors, i.tx_errors),
                   fmt::format("{}/{}", i.rx_drops, i.tx_drops), std::to_string(i.link_downs),
                   routeros::display_text(i.comment)});
  }
  table.print();
  for (const auto& p : poll.pings) {
    std::printf("\nping %s: %u sent, %u received, %.1f%% loss", p.address.c_str(), p.sent,
                p.received, p.loss_pct);
    if (p.avg_ms)
      std::printf(", rtt min/avg/max %.2f/%.2f/%.2f ms", *p.min_ms, *p.avg_ms, *p.max_ms);
    std::printf("\n");
  }
}

Status run_poll(Context& ctx, const PollOptions& o) {
  if (o.router.empty() && o.host.empty())
    return fail(Errc::usage, "name a ROUTER of the inventory, or give --host");
  if (!o.router.empty() && !o.host.empty())
    return fail(Errc::usage, "give a ROUTER or --host, not both");
  if (o.count == 0 || o.count > 100) return fail(Errc::usage, "--count must be 1..100");
  collect::PollPlan plan;
  plan.ping_count = o.count;
  plan.ping_interval = std::chrono::milliseconds(1000);
  routeros::Endpoint endpoint;
  std::string user;
  std::optional<store::Secret> password;

  if (!o.host.empty()) {
    if (o.user.empty()) return fail(Errc::usage, "--host needs --user");
    auto e = endpoint_from_host(o);
    if (!e) return fail(e.error());
    endpoint = *e;
    user = o.user;
    auto p =
        read_password(o.password, "password for " + o.user + "@" + o.host, PasswordNeed::required);
    if (!p) return fail(p.error());
    password = std::move(*p);
    plan.interfaces = o.interfaces;
    if (!o.ping.empty()) plan.ping_targets.push_back(o.ping);
  } else {
    auto db = open_database(ctx);
    if (!db) return fail(db.error());
    auto router = store::RouterRepository(**db).resolve(o.router);
    if (!router) return fail(router.error());
    auto links = store::LinkRepository(**db).list({.router_id = router->id, .active_only = true});
    if (!links) return fail(links.error());
    user = router->username;
    std::optional<store::SecretBox> box;
    if (router->sealed_secret || router->sealed_ssh_passphrase) {
      auto opened = open_secret_box(ctx);
      if (!opened) return fail(opened.error());
      box.emplace(std::move(*opened));
    }
    auto access = collect::router_access(*router, box ? &*box : nullptr,
                                         ctx.config.values.known_hosts_path().string());
    if (!access) return fail(access.error());
    endpoint = std::move(access->endpoint);
    password = std::move(access->password);
    plan = collect::plan_for(*links, o.count, plan.ping_interval);
    if (!o.interfaces.empty()) plan.interfaces = o.interfaces;
    if (!o.ping.empty()) plan.ping_targets = {o.ping};
  }

  unsigned timeout_s =
      o.timeout_s != 0 ? o.timeout_s : static_cast<unsigned>(ctx.config.values.poll.timeout_s);
  // Pings take count x interval on the router; the deadline allows for them.
  auto deadline =
      routeros::deadline_in(std::chrono::seconds(timeout_s) + plan.ping_count * plan.ping_interval);
  // The daemon's session and poll, run here on a local io_context.
  auto poll = routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<collect::RouterPoll>> {
        auto session = co_await collect::open_router_session(
            ex, endpoint, user, std::string(password->reveal()), deadline);
        if (!session) co_return fail(std::move(session.error()));
        auto polled = co_await collect::poll_router_now(*session, plan, deadline);
        if (!polled) {
          co_return fail(std::move(polled.error())
                             .with_context(fmt::format("router {}:{}", endpoint.host,
                                                       endpoint.effective_port())));
        }
        co_return polled;
      });
  if (!poll) return fail(poll.error());
  if (ctx.json) {
    print_json(to_json(*poll));
  } else {
    print_human(*poll);
  }
  return {};
}

}  // namespace

void add_poll_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<PollOptions>();
  auto* cmd = app.add_subcommand(
      "poll", "Poll one router now: identity, resources, interfaces, current rates, ping");
  cmd->footer(
      "Examples:\n"
      "  illctl poll gw1                                  # a router of the inventory, its links' "
      "interfaces\n"
      "  illctl poll --host 192.0.2.1 --user monitor --password-file pw --interface ether1 --ping "
      "8.8.8.8\n"
      "  illctl poll --host gw1.example.net:8729 --transport api-ssl --tls-verify adh --user "
      "monitor --password-stdin\n"
      "Exit codes: 3 unknown router or interface, 4 unreachable/timed out/TLS failed, 5 login "
      "refused.");
  cmd->add_option("router", o->router, "Router of the inventory (name or id)");
  cmd->add_option("--host", o->host, "Poll this router instead: HOST, HOST:PORT or [IPv6]:PORT")
      ->type_name("HOST[:PORT]");
  cmd->add_option("--user", o->user, "API user (with --host)");
  add_password_options(cmd, o->password, "router password");
  cmd->add_option("--transport", o->transport,
                  "api (8728), api-ssl (8729) or rest (HTTPS, 443), with --host")
      ->check(CLI::IsMember({"api", "api-ssl", "rest"}))
      ->capture_default_str();
  cmd->add_option("--tls-verify", o->tls_verify,
                  "full (certificate and name), none (any certificate), adh (anonymous DH: no "
                  "certificate at all; api-ssl only)")
      ->check(CLI::IsMember({"full", "none", "adh"}))
      ->capture_default_str();
  cmd->add_option("--ca", o->ca_file,
                  "PEM file of CA certificates to trust (with --tls-verify full)")
      ->type_name("FILE");
  cmd->add_option("--interface", o->interfaces,
                  "Only this interface (repeatable); default: all, or the router's links")
      ->type_name("NAME");
  cmd->add_option("--ping", o->ping, "Have the router ping this address")->type_name("ADDRESS");
  cmd->add_option("--count", o->count, "Pings to send")->capture_default_str();
  cmd->add_option("--timeout", o->timeout_s,
                  "Seconds to connect, log in and answer (default: poll.timeout_s)")
      ->type_name("SECONDS");
  on_run(cmd, ctx, [&ctx, o] { return run_poll(ctx, *o); });
}

}  // namespace ill::cli
