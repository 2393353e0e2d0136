// illctl link add|list|show|edit|rm: circuits, their interface and what was promised for them.
#include "context.hpp"
#include "core/json_writer.hpp"
#include "inventory/validation.hpp"
#include "output.hpp"
#include "store/client_repository.hpp"
#include "store/link_dashboard_repository.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct LinkOptions {
  std::string name;
  std::optional<std::string> rename;
  std::optional<std::string> client;
  std::optional<std::string> router;
  std::optional<std::string> interface;
  std::optional<double> mbps;
  std::optional<double> uptime;
  std::optional<double> latency;
  std::optional<double> loss;
  std::optional<std::string> probe;
  std::optional<std::string> circuit;
  std::optional<std::string> reference;
  std::optional<double> fee;
  std::optional<std::string> currency;
  std::optional<std::string> activated;
  std::optional<std::string> active;
  std::optional<std::string> sla_excluded_time;
  std::optional<std::string> sla_unknown;
  std::optional<std::int64_t> sla_merge_gap;
  std::optional<std::int64_t> sla_min_outage;
  std::optional<std::string> sla_percentile;
  std::optional<std::string> sla_credit;
  std::optional<std::string> sla_business_hours;
  std::optional<std::string> sla_counted_causes;
  std::optional<std::string> grafana_uid;
  std::optional<std::string> filter_client;
  std::optional<std::string> filter_router;
  bool names_only = false;
};

// One link as JSON text; list, show, add and edit all print links this way, so the keys are
// the same everywhere.
void write_link(JsonWriter& out, const store::Link& l) {
  out.begin_object();
  out.key("id").value(l.id);
  out.key("name").value(l.name);
  out.key("client").value(l.client_name);
  out.key("router").value(l.router_name);
  out.key("interface").value(l.interface);
  out.key("circuit_id").value(l.circuit_id);
  out.key("external_ref").value(l.external_ref);
  out.key("committed_mbps").value(l.committed_mbps);
  out.key("committed_uptime_pct").value(l.committed_uptime_pct);
  out.key("committed_latency_ms").value(l.committed_latency_ms);
  out.key("committed_loss_pct").value(l.committed_loss_pct);
  out.key("probe_target").value(l.probe_target);
  out.key("monthly_fee").value(l.monthly_fee);
  out.key("currency").value(l.currency);
  out.key("activation_date").value(l.activation_date);
  out.key("active").value(l.active);
  out.key("sla").begin_object();
  out.key("excluded_time").value(l.sla.excluded_time);
  out.key("unknown").value(l.sla.unknown);
  out.key("merge_gap_s").value(l.sla.merge_gap_s);
  out.key("min_outage_s").value(l.sla.min_outage_s);
  out.key("percentile").value(l.sla.percentile);
  out.key("business_hours").value(l.sla.business_hours);
  out.key("credit").value(l.sla.credit);
  out.key("counted_causes").value(l.sla.counted_causes);
  out.end_object();
  out.end_object();
}

// A JSON array of links on stdout, written without building a tree.
void print_links(const std::vector<store::Link>& links) {
  JsonWriter out;
  out.text().reserve(links.size() * 900 + 16);
  out.begin_array();
  for (const auto& link : links) write_link(out, link);
  out.end_array();
  out.text() += '\n';
  std::fwrite(out.text().data(), 1, out.text().size(), stdout);
}

nlohmann::json to_json(const store::Link& l) {
  JsonWriter out;
  write_link(out, l);
  return nlohmann::json::parse(out.take());
}

std::string number(double value) { return fmt::format("{:g}", value); }

void add_field_options(CLI::App* cmd, LinkOptions& o) {
  cmd->add_option("--client", o.client, "Client name or id");
  cmd->add_option("--router", o.router, "Router name or id");
  cmd->add_option("--interface", o.interface, "RouterOS interface name, unique per router");
  cmd->add_option("--mbps", o.mbps, "Committed speed in Mbit/s, above 0");
  cmd->add_option("--uptime", o.uptime, "Committed uptime % (default 99.50)");
  cmd->add_option("--latency", o.latency, "Committed latency ms (default 50)");
  cmd->add_option("--loss", o.loss, "Committed loss % (default 1.00)");
  cmd->add_option("--probe", o.probe, "Address the router pings for latency and loss");
  cmd->add_option("--circuit", o.circuit, "Carrier circuit id");
  cmd->add_option("--ref", o.reference, "External reference: order or deliverable id");
  cmd->add_option("--fee", o.fee, "Monthly fee, 0 or more");
  cmd->add_option("--currency", o.currency, "ISO 4217 currency of the fee (default USD)");
  cmd->add_option("--activated", o.activated, "Activation date, YYYY-MM-DD");
  cmd->add_option("--active", o.active, "yes or no: whether illd monitors the link");
  cmd->add_option("--sla-excluded-time", o.sla_excluded_time,
                  "available or removed ('' for the configured default)");
  cmd->add_option("--sla-unknown", o.sla_unknown,
                  "not_down, down or excluded ('' for the configured default)");
  cmd->add_option("--sla-merge-gap", o.sla_merge_gap, "Seconds; outages this close merge");
  cmd->add_option("--sla-min-outage", o.sla_min_outage, "Seconds; shorter outages not counted");
  cmd->add_option("--sla-percentile", o.sla_percentile, "nearest_rank or interpolated");
  cmd->add_option("--sla-credit", o.sla_credit, "Credit model as JSON ('' for the default)");
  cmd->add_option("--sla-business-hours", o.sla_business_hours, "Schedule as JSON");
  cmd->add_option("--grafana-uid", o.grafana_uid,
                  "UID of the link's Grafana dashboard, linked from the portal ('' clears it)");
  cmd->add_option("--sla-counted-causes", o.sla_counted_causes,
                  "Outage causes that count, comma-separated");
}

Status apply(store::Database& db, const LinkOptions& o, store::Link& l) {
  if (o.rename) l.name = *o.rename;
  if (o.client) {
    auto c = store::ClientRepository(db).resolve(*o.client);
    if (!c) return fail(c.error());
    l.client_id = c->id;
    l.client_name = c->name;
  }
  if (o.router) {
    auto r = store::RouterRepository(db).resolve(*o.router);
    if (!r) return fail(r.error());
    l.router_id = r->id;
    l.router_name = r->name;
  }
  if (o.interface) l.interface = *o.interface;
  if (o.mbps) l.committed_mbps = *o.mbps;
  if (o.uptime) l.committed_uptime_pct = *o.uptime;
  if (o.latency) l.committed_latency_ms = *o.latency;
  if (o.loss) l.committed_loss_pct = *o.loss;
  auto text = [](const std::optional<std::string>& in, std::optional<std::string>& out) {
    if (in) out = in->empty() ? std::nullopt : in;
  };
  text(o.probe, l.probe_target);
  if (o.circuit) l.circuit_id = *o.circuit;
  if (o.reference) l.external_ref = *o.reference;
  if (o.fee) l.monthly_fee = *o.fee;
  if (o.currency) l.currency = *o.currency;
  text(o.activated, l.activation_date);
  if (o.active) {
    auto active = parse_bool(*o.active, "--active");
    if (!active) return fail(active.error());
    l.active = *active;
  }
  text(o.sla_excluded_time, l.sla.excluded_time);
  text(o.sla_unknown, l.sla.unknown);
  if (o.sla_merge_gap) l.sla.merge_gap_s = *o.sla_merge_gap;
  if (o.sla_min_outage) l.sla.min_outage_s = *o.sla_min_outage;
  text(o.sla_percentile, l.sla.percentile);
  text(o.sla_credit, l.sla.credit);
  text(o.sla_business_hours, l.sla.business_hours);
  text(o.sla_counted_causes, l.sla.counted_causes);
  for (const auto* json_text : {&l.sla.credit, &l.sla.business_hours}) {
    if (*json_text && !nlohmann::json::accept(**json_text))
      return fail(Errc::invalid_input, "link {}: SLA policy '{}' is not valid JSON", l.name,
                  **json_text);
  }
  auto problems = inventory::validate(l);
  if (!problems.empty())
    return fail(Errc::invalid_input, "link {}: {}", l.name, inventory::describe(problems));
  return {};
}

// The link's dashboard UID, when --grafana-uid was given ('' clears it).
Status apply_dashboard(store::Database& db, const LinkOptions& o, std::int64_t link_id) {
  if (!o.grafana_uid) return {};
  std::optional<std::string> uid;
  if (!o.grafana_uid->empty()) uid = *o.grafana_uid;
  return store::LinkDashboardRepository(db).set_grafana_uid(link_id, uid);
}

Status add(const Context& ctx, const LinkOptions& o) {
  if (!o.client || !o.router || !o.interface || !o.mbps)
    return fail(Errc::usage, "link add needs --client, --router, --interface and --mbps");
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::Link l;
  l.name = o.name;
  if (auto st = apply(**db, o, l); !st) return st;
  auto tx = (*db)->begin();
  if (!tx) return fail(tx.error());
  auto id = store::LinkRepository(**db).add(l);
  if (!id) return fail(id.error());
  l.id = *id;
  if (auto st = apply_dashboard(**db, o, l.id); !st) return st;
  if (auto st = tx->commit(); !st) return st;
  if (ctx.json)
    print_links({l});
  else
    std::printf("added link %s (id %lld)\n", l.name.c_str(), static_cast<long long>(*id));
  return {};
}

Status list(const Context& ctx, const LinkOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::LinkFilter filter;
  if (o.filter_client) {
    auto c = store::ClientRepository(**db).resolve(*o.filter_client);
    if (!c) return fail(c.error());
    filter.client_id = c->id;
  }
  if (o.filter_router) {
    auto r = store::RouterRepository(**db).resolve(*o.filter_router);
    if (!r) return fail(r.error());
    filter.router_id = r->id;
  }
  auto links = store::LinkRepository(**db).list(filter);
  if (!links) return fail(links.error());
  if (o.names_only) {
    for (const auto& l : *links) std::printf("%s\n", l.name.c_str());
    return {};
  }
  if (ctx.json) {
    print_links(*links);
    return {};
  }
  Table table({"ID", "NAME", "CLIENT", "ROUTER", "INTERFACE", "MBPS", "UPTIME %", "LATENCY MS",
               "LOSS %", "ACTIVE"});
  for (const auto& l : *links)
    table.add_row({std::to_string(l.id), l.name, l.client_name, l.router_name, l.interface,
                   number(l.committed_mbps), fmt::format("{:.2f}", l.committed_uptime_pct),
                   number(l.committed_latency_ms), fmt::format("{:.2f}", l.committed_loss_pct),
                   l.active ? "yes" : "no"});
  table.print();
  return {};
}

Status show(const Context& ctx, const LinkOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto l = store::LinkRepository(**db).resolve(o.name);
  if (!l) return fail(l.error());
  if (ctx.json) {
    print_links({*l});
    return {};
  }
  auto json = to_json(*l);
  Table table({"FIELD", "VALUE"});
  auto cell = [](const nlohmann::json& v) {
    if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
    return v.is_string() ? v.get<std::string>() : v.is_null() ? "-" : v.dump();
  };
  for (const auto& [key, value] : json.items()) {
    if (key == "sla") continue;
    table.add_row({key, cell(value)});
  }
  for (const auto& [key, value] : json["sla"].items())
    table.add_row({"sla." + key, value.is_null() ? "(default)" : cell(value)});
  table.print();
  return {};
}

Status edit(const Context& ctx, const LinkOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::LinkRepository links(**db);
  auto l = links.resolve(o.name);
  if (!l) return fail(l.error());
  if (auto st = apply(**db, o, *l); !st) return st;
  auto tx = (*db)->begin();
  if (!tx) return fail(tx.error());
  if (auto st = links.update(*l); !st) return st;
  if (auto st = apply_dashboard(**db, o, l->id); !st) return st;
  if (auto st = tx->commit(); !st) return st;
  if (ctx.json)
    print_links({*l});
  else
    std::printf("updated link %s\n", l->name.c_str());
  return {};
}

Status remove(const Context& ctx, const LinkOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::LinkRepository links(**db);
  auto l = links.resolve(o.name);
  if (!l) return fail(l.error());
  if (auto st = links.remove(*l); !st) return st;
  std::printf("removed link %s\n", l->name.c_str());
  return {};
}

}  // namespace

void add_link_command(CLI::App& app, Context& ctx) {
  auto* link = app.add_subcommand("link", "Add, list, show, edit and remove links");
  link->require_subcommand(1);
  auto o = std::make_shared<LinkOptions>();

  auto* add_cmd = link->add_subcommand("add", "Add a link");
  add_cmd->add_option("name", o->name, "Link name, unique")->required();
  add_field_options(add_cmd, *o);
  on_run(add_cmd, ctx, [&ctx, o] { return add(ctx, *o); });

  auto* list_cmd = link->add_subcommand("list", "List links");
  list_cmd->add_option("--client", o->filter_client, "Only this client's links");
  list_cmd->add_option("--router", o->filter_router, "Only this router's links");
  list_cmd->add_flag("--names", o->names_only, "Print only the names, one per line");
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });

  auto* show_cmd = link->add_subcommand("show", "Show one link");
  show_cmd->add_option("link", o->name, "Link name or id")->required();
  on_run(show_cmd, ctx, [&ctx, o] { return show(ctx, *o); });

  auto* edit_cmd = link->add_subcommand("edit", "Change a link");
  edit_cmd->add_option("link", o->name, "Link name or id")->required();
  edit_cmd->add_option("--rename", o->rename, "New name");
  add_field_options(edit_cmd, *o);
  on_run(edit_cmd, ctx, [&ctx, o] { return edit(ctx, *o); });

  auto* rm_cmd = link->add_subcommand("rm", "Remove a link with its samples and history");
  rm_cmd->add_option("link", o->name, "Link name or id")->required();
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });
}

}  // namespace ill::cli
