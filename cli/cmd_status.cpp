// illctl status: what illd sees now, read from the store (never from the daemon itself): the
// daemon's heartbeat, routers by status, links down now and since when.
#include "context.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include "collect/fleet_status.hpp"
#include "core/exit_code.hpp"
#include "store/database.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace ill::cli {
namespace {

// Links unknown while their router is online are listed up to this many in the human output
// (when illd stops, that is every link); --json lists them all.
constexpr std::size_t k_unknown_rows = 20;

nlohmann::json time_json(std::optional<std::chrono::sys_seconds> t) {
  return t ? nlohmann::json(rfc3339(*t)) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const collect::FleetStatus& s, const std::vector<std::string>& problems) {
  nlohmann::json daemon = {{"state", collect::to_string(s.daemon.state)}};
  if (const auto& h = s.daemon.heartbeat) {
    daemon["last_heartbeat"] = time_text(h->at);
    daemon["heartbeat_age_s"] = s.daemon.heartbeat_age_s;
    daemon["silent_after_s"] = s.daemon.silent_after_s;
    daemon["started"] = time_text(h->started);
    daemon["pid"] = h->pid;
    daemon["interval_s"] = h->interval_s;
    daemon["cycle_lag_s"] = static_cast<double>(h->cycle_lag_ms) / 1000;
    daemon["routers_polled"] = h->routers_polled;
  }

  nlohmann::json routers = {
      {"active", s.routers.active()},         {"online", s.routers.online},
      {"unreachable", s.routers.unreachable}, {"auth_failed", s.routers.auth_failed},
      {"unknown", s.routers.unknown},         {"inactive", s.routers.inactive},
      {"not_online", nlohmann::json::array()}};
  for (const auto& r : s.routers_not_online) {
    routers["not_online"].push_back(
        {{"name", r.name},
         {"host", r.host},
         {"port", r.port},
         {"status", store::to_string(r.status)},
         {"last_poll", time_json(r.last_poll)},
         {"last_error", r.last_error ? nlohmann::json(*r.last_error) : nlohmann::json(nullptr)},
         {"links", r.links}});
  }

  auto link_json = [](const collect::LinkNow& l) {
    return nlohmann::json{
        {"name", l.name}, {"client", l.client}, {"router", l.router}, {"interface", l.interface}};
  };
  nlohmann::json links = {{"watched", s.links.watched()},
                          {"up", s.links.up},
                          {"down", s.links.down},
                          {"unknown", s.links.unknown},
                          {"inactive", s.links.inactive},
                          {"down_now", nlohmann::json::array()},
                          {"unknown_now", nlohmann::json::array()}};
  for (const auto& l : s.links_down) {
    auto j = link_json(l);
    j["since"] = time_json(l.since);
    j["down_for_s"] = (s.now - *l.since).count();
    j["recorded_until"] = time_json(l.recorded_until);
    links["down_now"].push_back(std::move(j));
  }
  for (const auto& l : s.links_unknown) {
    auto j = link_json(l);
    j["reason"] = collect::to_string(l.reason);
    j["known_until"] = time_json(l.since);
    links["unknown_now"].push_back(std::move(j));
  }
  return {{"now", rfc3339(s.now)},
          {"daemon", std::move(daemon)},
          {"routers", std::move(routers)},
          {"links", std::move(links)},
          {"problems", problems}};
}

std::string daemon_line(const collect::FleetStatus& s, const std::string& db_path) {
  const auto& d = s.daemon;
  if (!d.heartbeat) {
    return fmt::format("never seen: no heartbeat in {} (is illd running on this database?)",
                       db_path);
  }
  const auto& h = *d.heartbeat;
  switch (d.state) {
  case collect::DaemonState::running:
    return fmt::format(
        "running since {} (pid {}): last batch {} ago, cycle lag {:.1f} s, {} routers every {} s",
        time_text(h.started), h.pid, duration_text(std::chrono::seconds{d.heartbeat_age_s}),
        static_cast<double>(h.cycle_lag_ms) / 1000, h.routers_polled, h.interval_s);
  case collect::DaemonState::stopped:
    return fmt::format("stopped at {} (pid {}, started {})", time_text(h.at), h.pid,
                       time_text(h.started));
  case collect::DaemonState::silent:
    return fmt::format(
        "SILENT: no heartbeat for {} (expected every {} s); last batch {}, pid {}, started {}",
        duration_text(std::chrono::seconds{d.heartbeat_age_s}), h.interval_s, time_text(h.at),
        h.pid, time_text(h.started));
  case collect::DaemonState::never_seen: break;
  }
  return "never seen";
}

void print_human(const collect::FleetStatus& s, const std::string& db_path) {
  std::printf("illd     %s\n", daemon_line(s, db_path).c_str());
  const auto& r = s.routers;
  std::printf("routers  %lld active: %lld online, %lld unreachable, %lld auth-failed, %lld unknown",
              static_cast<long long>(r.active()), static_cast<long long>(r.online),
              static_cast<long long>(r.unreachable), static_cast<long long>(r.auth_failed),
              static_cast<long long>(r.unknown));
  if (r.inactive > 0) std::printf("; %lld inactive", static_cast<long long>(r.inactive));
  std::printf("\n");

  std::int64_t by_reason[4] = {};
  for (const auto& l : s.links_unknown) ++by_reason[static_cast<int>(l.reason)];
  const auto& l = s.links;
  std::printf("links    %lld watched: %lld up, %lld down, %lld unknown",
              static_cast<long long>(l.watched()), static_cast<long long>(l.up),
              static_cast<long long>(l.down), static_cast<long long>(l.unknown));
  if (l.unknown > 0) {
    std::string parts;
    for (auto reason :
         {collect::UnknownReason::router_not_online, collect::UnknownReason::no_timeline,
          collect::UnknownReason::stale_timeline, collect::UnknownReason::timeline_unknown}) {
      if (auto n = by_reason[static_cast<int>(reason)]; n > 0)
        parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, collect::to_string(reason));
    }
    std::printf(" (%s)", parts.c_str());
  }
  if (l.inactive > 0) std::printf("; %lld inactive", static_cast<long long>(l.inactive));
  std::printf("\n");

  if (!s.routers_not_online.empty()) {
    std::printf("\nRouters not online\n");
    Table table({"ROUTER", "ADDRESS", "STATUS", "LAST POLL", "LINKS", "LAST ERROR"});
    for (const auto& router : s.routers_not_online) {
      table.add_row({router.name, fmt::format("{}:{}", router.host, router.port),
                     std::string(store::to_string(router.status)), time_text(router.last_poll),
                     std::to_string(router.links), router.last_error.value_or("-")});
    }
    table.print();
  }
  if (!s.links_down.empty()) {
    std::printf("\nLinks down\n");
    Table table({"LINK", "CLIENT", "ROUTER", "INTERFACE", "DOWN SINCE", "FOR"});
    for (const auto& link : s.links_down) {
      table.add_row({link.name, link.client, link.router, link.interface, format_time(link.since),
                     duration_text(s.now - *link.since)});
    }
    table.print();
  }
  // Links of routers not online are explained by the router table; the others are listed.
  std::size_t listed = 0, more = 0;
  Table unknown({"LINK", "ROUTER", "INTERFACE", "REASON", "KNOWN UNTIL"});
  for (const auto& link : s.links_unknown) {
    if (link.reason == collect::UnknownReason::router_not_online) continue;
    if (listed == k_unknown_rows) {
      ++more;
      continue;
    }
    ++listed;
    unknown.add_row({link.name, link.router, link.interface,
                     std::string(collect::to_string(link.reason)), format_time(link.since)});
  }
  if (listed > 0) {
    std::printf("\nLinks unknown on routers online\n");
    unknown.print();
    if (more > 0) std::printf("... and %zu more (--json lists them all)\n", more);
  }
}

struct StatusOptions {
  bool check = false;
};

Status run_status(Context& ctx, const StatusOptions& o) {
  // Read-only: a monitoring user needs no write access, and status never migrates the schema.
  auto db = store::Database::open(ctx.config.values.db, store::OpenMode::read_only);
  if (!db) return fail(db.error());
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto status = collect::read_fleet_status(**db, now, ctx.config.values.poll.interval_s);
  if (!status) return fail(status.error());
  const auto problems = collect::problems(*status);
  if (ctx.json) {
    print_json(to_json(*status, problems));
  } else {
    print_human(*status, (*db)->path());
  }
  if (o.check && !problems.empty()) {
    std::fflush(stdout);
    for (const auto& p : problems) std::fprintf(stderr, "illctl: status: %s\n", p.c_str());
    ctx.exit_code = k_exit_failure;
  }
  return {};
}

}  // namespace

void add_status_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<StatusOptions>();
  auto* cmd = app.add_subcommand(
      "status", "What illd sees now: the daemon, routers by status, links down and since when");
  cmd->footer(
      "Reads the database only; illd need not be reachable. illd counts as silent when its last\n"
      "heartbeat is older than two poll intervals plus 30 s.\n"
      "Examples:\n"
      "  illctl status\n"
      "  illctl status --json | jq '.links.down_now[].name'\n"
      "  illctl status --check >/dev/null || echo 'ill needs attention'\n"
      "Exit codes: 0 the database was read (and, with --check, nothing needs attention),\n"
      "1 with --check: illd not running or behind, a router unreachable or refusing the login,\n"
      "or a link down (each named on stderr), 7 the database cannot be read.");
  cmd->add_flag("--check", o->check,
                "Exit 1 when something needs attention: illd not running or more than a poll "
                "interval behind, a router unreachable or auth-failed, a link down");
  on_run(cmd, ctx, [&ctx, o] { return run_status(ctx, *o); });
}

}  // namespace ill::cli
