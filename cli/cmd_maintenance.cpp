// illctl maintenance add|list|rm: planned windows, excluded from downtime.
#include "context.hpp"
#include "output.hpp"
#include "store/link_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct MaintenanceOptions {
  std::optional<std::string> link;
  std::optional<std::string> router;
  bool all = false;
  std::string start;
  std::optional<std::string> end;
  std::optional<std::string> duration;
  std::string reason;
  std::int64_t id = 0;
};

nlohmann::json to_json(const store::MaintenanceWindow& w) {
  return {{"id", w.id},
          {"scope", store::to_string(w.scope)},
          {"target", w.scope == store::MaintenanceScope::all ? nlohmann::json(nullptr)
                                                             : nlohmann::json(w.target_name)},
          {"start", time_text(w.start_t)},
          {"end", time_text(w.end_t)},
          {"reason", w.reason}};
}

Status add(const Context& ctx, const MaintenanceOptions& o) {
  int scopes = (o.link ? 1 : 0) + (o.router ? 1 : 0) + (o.all ? 1 : 0);
  if (scopes != 1) return fail(Errc::usage, "give exactly one of --link, --router or --all");
  if (o.end.has_value() == o.duration.has_value())
    return fail(Errc::usage, "give exactly one of --end or --duration");
  store::MaintenanceWindow w;
  auto start = parse_time(o.start);
  if (!start) return fail(start.error());
  w.start_t = *start;
  if (o.end) {
    auto end = parse_time(*o.end);
    if (!end) return fail(end.error());
    w.end_t = *end;
  } else {
    auto length = parse_duration(*o.duration);
    if (!length) return fail(length.error());
    w.end_t = w.start_t + *length;
  }
  w.reason = o.reason;
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  if (o.link) {
    auto l = store::LinkRepository(**db).resolve(*o.link);
    if (!l) return fail(l.error());
    w.scope = store::MaintenanceScope::link;
    w.link_id = l->id;
    w.target_name = l->name;
  } else if (o.router) {
    auto r = store::RouterRepository(**db).resolve(*o.router);
    if (!r) return fail(r.error());
    w.scope = store::MaintenanceScope::router;
    w.router_id = r->id;
    w.target_name = r->name;
  }
  auto id = store::MaintenanceRepository(**db).add(w);
  if (!id) return fail(id.error());
  w.id = *id;
  if (ctx.json)
    print_json(nlohmann::json::array({to_json(w)}));
  else
    std::printf("added maintenance window %lld (%s to %s)\n", static_cast<long long>(*id),
                time_text(w.start_t).c_str(), time_text(w.end_t).c_str());
  return {};
}

Status list(const Context& ctx) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto windows = store::MaintenanceRepository(**db).list();
  if (!windows) return fail(windows.error());
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& w : *windows) out.push_back(to_json(w));
    print_json(out);
    return {};
  }
  Table table({"ID", "SCOPE", "TARGET", "START", "END", "REASON"});
  for (const auto& w : *windows)
    table.add_row({std::to_string(w.id), std::string(store::to_string(w.scope)),
                   w.target_name.empty() ? "-" : w.target_name, time_text(w.start_t),
                   time_text(w.end_t), w.reason});
  table.print();
  return {};
}

Status remove(const Context& ctx, const MaintenanceOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  if (auto st = store::MaintenanceRepository(**db).remove(o.id); !st) return st;
  std::printf("removed maintenance window %lld\n", static_cast<long long>(o.id));
  return {};
}

}  // namespace

void add_maintenance_command(CLI::App& app, Context& ctx) {
  auto* maintenance =
      app.add_subcommand("maintenance", "Planned maintenance windows, excluded from downtime");
  maintenance->require_subcommand(1);
  auto o = std::make_shared<MaintenanceOptions>();

  auto* add_cmd = maintenance->add_subcommand("add", "Add a window for a link, a router or all");
  add_cmd->add_option("--link", o->link, "Link name or id");
  add_cmd->add_option("--router", o->router, "Router name or id (all its links)");
  add_cmd->add_flag("--all", o->all, "Every link");
  add_cmd
      ->add_option("--start", o->start,
                   "Start, RFC 3339 (2024-05-01T02:00:00Z, 2024-05-01T02:00-03:00) or "
                   "'YYYY-MM-DD HH:MM' in UTC")
      ->required();
  add_cmd->add_option("--end", o->end, "End, same forms as --start");
  add_cmd->add_option("--duration", o->duration, "Length instead of --end: 90m, 2h, 1d");
  add_cmd->add_option("--reason", o->reason, "Why (shown in reports)");
  on_run(add_cmd, ctx, [&ctx, o] { return add(ctx, *o); });

  auto* list_cmd = maintenance->add_subcommand("list", "List maintenance windows");
  on_run(list_cmd, ctx, [&ctx] { return list(ctx); });

  auto* rm_cmd = maintenance->add_subcommand("rm", "Remove a maintenance window");
  rm_cmd->add_option("id", o->id, "Window id (from maintenance list)")->required();
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });
}

}  // namespace ill::cli
