// illctl sla calculate|show|policy and outage list|annotate|audit: front ends over figures/
// (effective policy, the month's figures from the store, sla_reports, annotations).
//
// Decisions:
// - Without --link, --client or --all, every link is selected (as --all).
// - `sla calculate` over more than one link shows its progress on stderr when that is a terminal.
// - `credit_amount` is in the link's currency's units (credit_cents / 100).
#include "context.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "figures/month_report.hpp"
#include "figures/outage_annotation.hpp"
#include "figures/verify.hpp"
#include "output.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/sla_report_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace ill::cli {
namespace {

using nlohmann::json;

struct SlaOptions {
  std::optional<std::string> month;
  std::optional<std::string> link;
  std::optional<std::string> client;
  bool all = false;
};

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

Result<std::vector<store::Link>> select_links(store::Database& db, const SlaOptions& o) {
  store::LinkRepository links(db);
  if (o.link) {
    auto link = links.resolve(*o.link);
    if (!link) return fail(link.error());
    return std::vector<store::Link>{*link};
  }
  store::LinkFilter filter;
  if (o.client) {
    auto client = store::ClientRepository(db).resolve(*o.client);
    if (!client) return fail(client.error());
    filter.client_id = client->id;
  }
  return links.list(filter);
}

std::string number_text(std::optional<double> v, const char* format) {
  if (!v) return "-";
  return fmt::format(fmt::runtime(format), *v);
}

// One row of the table, from a stored report's JSON (sla show) or a fresh one (sla calculate).
struct ReportLine {
  std::string link;
  std::string month;
  std::optional<double> availability_pct;
  double downtime_s = 0;
  double unknown_s = 0;
  std::int64_t outage_count = 0;
  std::optional<double> mttr_s;
  std::optional<double> latency_avg_ms;
  std::optional<double> loss_avg_pct;
  std::optional<double> p95_bps;
  std::string breach;  // "availability,latency", or empty
  std::optional<double> credit_amount;
  std::optional<double> credit_pct;
  std::string currency;
  bool month_to_date = false;
  std::optional<sla::ErrorBudget> budget;
  std::vector<std::string> stale;  // figures the data no longer gives (sla show)
};

std::optional<double> number_of(const json& r, const char* key) {
  auto it = r.find(key);
  if (it == r.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

ReportLine line_of(const json& r) {
  ReportLine l;
  l.link = r.value("link", "");
  l.month = r.value("month", "");
  l.availability_pct = number_of(r, "availability_pct");
  l.downtime_s = number_of(r, "downtime_s").value_or(0);
  l.unknown_s = number_of(r, "unknown_s").value_or(0);
  l.outage_count = r.value("outage_count", std::int64_t{0});
  l.mttr_s = number_of(r, "mttr_s");
  l.latency_avg_ms = number_of(r, "latency_avg_ms");
  l.loss_avg_pct = number_of(r, "loss_avg_pct");
  l.p95_bps = number_of(r, "p95_bps");
  if (r.contains("breach"))
    for (const char* what : {"availability", "latency", "loss"})
      if (r["breach"].value(what, false))
        l.breach += (l.breach.empty() ? "" : ",") + std::string(what);
  l.credit_amount = number_of(r, "credit_amount");
  l.credit_pct = number_of(r, "credit_pct");
  l.currency = r.value("currency", "");
  l.month_to_date = r.value("month_to_date", false);
  if (auto it = r.find("stale_figures"); it != r.end() && it->is_array())
    for (const auto& key : *it) l.stale.push_back(key.get<std::string>());
  if (r.contains("error_budget") && r["error_budget"].is_object()) {
    const auto& b = r["error_budget"];
    sla::ErrorBudget budget;
    budget.allowed_s = b.value("allowed_s", 0.0);
    budget.left_s = b.value("left_s", 0.0);
    budget.forecast_left_s = b.value("forecast_left_s", 0.0);
    budget.forecast_breach = b.value("forecast_breach", false);
    l.budget = budget;
  }
  return l;
}

ReportLine line_of(const figures::FleetReport& r) {
  const sla::MonthFigures& f = r.figures;
  ReportLine l;
  l.link = r.link;
  l.month = r.month;
  l.availability_pct = f.availability_pct;
  l.downtime_s = static_cast<double>(f.downtime_s);
  l.unknown_s = static_cast<double>(f.unknown_s);
  l.outage_count = f.outage_count;
  l.mttr_s = f.mttr_s;
  l.latency_avg_ms = f.latency_avg_ms;
  l.loss_avg_pct = f.loss_avg_pct;
  l.p95_bps = f.traffic.bps;
  for (const auto& [flag, what] :
       {std::pair{f.breach.availability, "availability"}, std::pair{f.breach.latency, "latency"},
        std::pair{f.breach.loss, "loss"}})
    if (flag) l.breach += (l.breach.empty() ? "" : ",") + std::string(what);
  if (f.credit_cents) l.credit_amount = static_cast<double>(*f.credit_cents) / 100.0;
  l.credit_pct = f.credit_pct;
  l.currency = f.currency;
  l.month_to_date = r.month_to_date;
  l.budget = f.budget;
  return l;
}

void print_table(const std::vector<ReportLine>& lines) {
  Table table({"LINK", "MONTH", "AVAILABILITY", "DOWNTIME", "UNKNOWN", "OUTAGES", "MTTR", "LATENCY",
               "LOSS", "P95", "BREACH", "CREDIT"});
  for (const auto& l : lines) {
    std::string credit = "-";
    if (l.credit_amount)
      credit = fmt::format("{:.2f} {} ({}%)", *l.credit_amount, l.currency,
                           number_text(l.credit_pct, "{:g}"));
    table.add_row({l.link, l.stale.empty() ? l.month : l.month + "*",
                   number_text(l.availability_pct, "{:.4f} %"), duration_text(l.downtime_s),
                   duration_text(l.unknown_s), std::to_string(l.outage_count),
                   duration_text(l.mttr_s), number_text(l.latency_avg_ms, "{:.1f} ms"),
                   number_text(l.loss_avg_pct, "{:.2f} %"), rate_text(l.p95_bps),
                   l.breach.empty() ? "no" : l.breach, credit});
  }
  table.print();
  // Months whose data changed after their figures were computed.
  for (const auto& l : lines) {
    if (l.stale.empty()) continue;
    std::string keys;
    for (const auto& k : l.stale) keys += (keys.empty() ? "" : ", ") + k;
    std::printf(
        "* %s %s is stale: the data changed after it was computed (%s); run illctl sla "
        "calculate --month %s --link %s\n",
        l.link.c_str(), l.month.c_str(), keys.c_str(), l.month.c_str(), l.link.c_str());
  }
  // The error budget of a month still running: what is left, and the forecast at this pace.
  for (const auto& l : lines) {
    if (!l.budget || !l.month_to_date) continue;
    std::printf("%s %s: error budget %.1f of %.1f min left; at this pace %.1f min %s\n",
                l.link.c_str(), l.month.c_str(), l.budget->left_s / 60, l.budget->allowed_s / 60,
                std::abs(l.budget->forecast_left_s) / 60,
                l.budget->forecast_breach ? "over: the commitment breaks" : "to spare");
  }
}

Status run_calculate(const Context& ctx, const SlaOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto links = select_links(**db, o);
  if (!links) return fail(links.error());
  Progress progress("sla calculate", "links", links->size() > 1 && isatty(STDERR_FILENO) == 1);
  figures::FleetOptions options;
  options.progress = [&progress](std::size_t done, std::size_t total) { progress(done, total); };
  if (ctx.json) options.pretty_depth = 1;  // elements of the printed array
  auto result = figures::calculate_and_store(**db, *links, o.month.value_or("last"), now_seconds(),
                                             ctx.config.values.sla, options);
  if (!result) return fail(result.error());
  progress.finish();
  if (ctx.json) {
    // The array print_json() would print, written from each report's own text.
    std::string out = result->reports.empty() ? "[]" : "[";
    for (std::size_t i = 0; i < result->reports.size(); ++i) {
      out += i == 0 ? "\n  " : ",\n  ";
      out += result->reports[i].pretty;
    }
    if (!result->reports.empty()) out += "\n]";
    out += '\n';
    std::fputs(out.c_str(), stdout);
    return {};
  }
  std::vector<ReportLine> lines;
  lines.reserve(result->reports.size());
  for (const auto& r : result->reports) lines.push_back(line_of(r));
  print_table(lines);
  return {};
}

Status run_show(const Context& ctx, const SlaOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto links = select_links(**db, o);
  if (!links) return fail(links.error());
  const auto now = now_seconds();
  store::SlaReportRepository repo(**db);
  std::vector<json> reports;
  for (const auto& link : *links) {
    std::vector<store::SlaReport> rows;
    if (o.month) {
      auto zone = figures::zone_of(**db, link);
      if (!zone) return fail(zone.error());
      auto lm = figures::link_month(link, *zone, *o.month, now);
      if (!lm) return fail(lm.error());
      auto row = repo.get(link.id, lm->month);
      if (!row) return fail(row.error());
      if (*row) rows.push_back(**row);
    } else {
      auto all = repo.for_link(link.id);
      if (!all) return fail(all.error());
      rows = std::move(*all);
    }
    for (const auto& row : rows) {
      auto figures = json::parse(row.figures, nullptr, false);
      if (figures.is_discarded())
        return fail(Errc::database, "sla report of link {} for {} is not JSON", link.name,
                    row.month);
      // The stored figures are what the client was given; whether the data still gives them
      // is checked by running the same calculation again (figures/verify.hpp).
      auto stale = figures::stale_figures(**db, link, row, now);
      if (!stale) return fail(stale.error());
      figures["stale"] = !stale->empty();
      figures["stale_figures"] = *stale;
      reports.push_back(std::move(figures));
    }
  }
  if (ctx.json) {
    print_json(json(reports));
    return {};
  }
  std::vector<ReportLine> lines;
  for (const auto& r : reports) lines.push_back(line_of(r));
  print_table(lines);
  return {};
}

Result<store::Link> resolve_link(store::Database& db, const std::string& name) {
  return store::LinkRepository(db).resolve(name);
}

Status run_outage_list(const Context& ctx, const std::string& link_name,
                       const std::optional<std::string>& month) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto c = figures::compute_month(**db, *link, month.value_or("this"), now_seconds(),
                                  ctx.config.values.sla);
  if (!c) return fail(c.error());
  if (ctx.json) {
    print_json(c->json()["outages"]);
    return {};
  }
  Table table({"START", "END", "DURATION", "DOWN", "CAUSE", "COUNTED", "NOTE"});
  for (const auto& o : c->figures.outages)
    table.add_row({rfc3339(o.start), rfc3339(o.end),
                   duration_text(static_cast<double>(o.duration_s)),
                   duration_text(static_cast<double>(o.down_s)),
                   std::string(sla::to_string(o.cause)) + (o.annotated ? " (annotated)" : ""),
                   o.counted ? "yes" : "no", o.note});
  table.print();
  return {};
}

struct AnnotateOptions {
  std::string link;
  std::string start;
  std::string cause;
  std::string note;
  std::optional<std::string> by;
};

std::string availability_text(const std::optional<double>& pct) {
  return pct ? fmt::format("{:.4f} %", *pct) : "-";
}

Status run_outage_annotate(const Context& ctx, const AnnotateOptions& o) {
  auto cause = figures::parse_cause(o.cause);
  if (!cause) return fail(Errc::usage, "--cause: {}", cause.error().message());
  auto start = parse_time(o.start);
  if (!start) return fail(Errc::usage, "--start: {}", start.error().message());
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, o.link);
  if (!link) return fail(link.error());
  figures::AnnotateRequest request;
  request.start_t = *start;
  request.cause = *cause;
  request.note = o.note;
  const char* user = std::getenv("USER");
  request.changed_by = o.by.value_or(user && *user ? user : "illctl");
  auto r = figures::annotate_outage(**db, *link, request, now_seconds(), ctx.config.values.sla);
  if (!r) return fail(r.error());
  const auto& a = r->annotation;
  if (ctx.json) {
    json recalculated = nullptr;
    if (r->before && r->after)
      recalculated = {{"month", r->month},
                      {"availability_pct_before", opt(r->before->availability_pct)},
                      {"availability_pct", opt(r->after->availability_pct)},
                      {"downtime_s_before", r->before->downtime_s},
                      {"downtime_s", r->after->downtime_s},
                      {"credit_pct_before", opt(r->before->credit_pct)},
                      {"credit_pct", opt(r->after->credit_pct)}};
    print_json({{"link", link->name},
                {"start", time_text(a.start_t)},
                {"end", time_text(a.end_t)},
                {"cause", a.cause},
                {"note", a.note},
                {"changed_by", a.changed_by},
                {"recalculated", recalculated}});
    return {};
  }
  std::printf("annotated outage of link %s at %s: %s\n", link->name.c_str(),
              time_text(a.start_t).c_str(), a.cause.c_str());
  if (r->before && r->after)
    std::printf("recalculated the stored figures of %s: availability %s -> %s, downtime %s -> %s\n",
                r->month.c_str(), availability_text(r->before->availability_pct).c_str(),
                availability_text(r->after->availability_pct).c_str(),
                duration_text(static_cast<double>(r->before->downtime_s)).c_str(),
                duration_text(static_cast<double>(r->after->downtime_s)).c_str());
  else
    std::printf("no stored figures for %s; illctl sla calculate --month %s computes them\n",
                r->month.c_str(), r->month.c_str());
  return {};
}

Status run_outage_audit(const Context& ctx, const std::string& link_name,
                        const std::string& start_text) {
  auto start = parse_time(start_text);
  if (!start) return fail(Errc::usage, "--start: {}", start.error().message());
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto trail = store::OutageRepository(**db).audit(link->id, *start);
  if (!trail) return fail(trail.error());
  if (ctx.json) {
    auto rows = json::array();
    for (const auto& e : *trail)
      rows.push_back({{"changed_at", time_text(e.changed_at)},
                      {"changed_by", e.changed_by},
                      {"old_cause", opt(e.old_cause)},
                      {"new_cause", e.new_cause},
                      {"old_note", opt(e.old_note)},
                      {"new_note", e.new_note}});
    print_json(rows);
    return {};
  }
  Table table({"CHANGED AT", "BY", "CAUSE", "NOTE"});
  for (const auto& e : *trail)
    table.add_row({time_text(e.changed_at), e.changed_by,
                   e.old_cause.value_or("-") + " -> " + e.new_cause,
                   e.old_note.value_or("-") + " -> " + e.new_note});
  table.print();
  return {};
}

Status run_policy(const Context& ctx, const std::string& link_name) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto explained = figures::explain_policy(*link, ctx.config);
  if (!explained) return fail(explained.error());
  const auto p = figures::policy_json(explained->policy);
  const json sources(explained->sources);
  if (ctx.json) {
    print_json({{"link", link->name}, {"policy", p}, {"sources", sources}});
    return {};
  }
  Table table({"SETTING", "VALUE", "FROM"});
  for (const auto& [key, value] : p.items()) {
    if (key == "commitments") {
      for (const auto& [k, v] : value.items())
        table.add_row({"commitments." + k, v.dump(), "link"});
      continue;
    }
    table.add_row({key, value.is_string() ? value.get<std::string>() : value.dump(),
                   sources.value(key, "default")});
  }
  table.print();
  return {};
}

void add_selectors(CLI::App* cmd, SlaOptions& o) {
  auto* link = cmd->add_option("--link", o.link, "Only this link (name or id)");
  auto* client = cmd->add_option("--client", o.client, "Only this client's links");
  auto* all = cmd->add_flag("--all", o.all, "Every link (the default)");
  link->excludes(client, all);
  client->excludes(all);
}

}  // namespace

void add_sla_command(CLI::App& app, Context& ctx) {
  auto* sla_cmd = app.add_subcommand("sla", "Monthly SLA figures, breaches and credits");
  sla_cmd->require_subcommand(1);

  auto calc = std::make_shared<SlaOptions>();
  auto* calc_cmd = sla_cmd->add_subcommand(
      "calculate", "Compute and store the SLA figures of a month for the selected links");
  calc_cmd->add_option("--month", calc->month, "YYYY-MM, last or this (default last)");
  add_selectors(calc_cmd, *calc);
  on_run(calc_cmd, ctx, [&ctx, calc] { return run_calculate(ctx, *calc); });

  auto show = std::make_shared<SlaOptions>();
  auto* show_cmd =
      sla_cmd->add_subcommand("show", "Print stored SLA figures (every month without --month)");
  show_cmd->add_option("--month", show->month, "YYYY-MM, last or this");
  add_selectors(show_cmd, *show);
  on_run(show_cmd, ctx, [&ctx, show] { return run_show(ctx, *show); });

  auto policy_link = std::make_shared<std::string>();
  auto* policy_cmd = sla_cmd->add_subcommand(
      "policy", "Print a link's effective SLA policy and where each value comes from");
  policy_cmd->add_option("link", *policy_link, "Link name or id")->required();
  on_run(policy_cmd, ctx, [&ctx, policy_link] { return run_policy(ctx, *policy_link); });

  add_sla_verify_command(*sla_cmd, ctx);
}

// `outage list|annotate|audit`: registered here because it shares the SLA computation.
void add_outage_command(CLI::App& app, Context& ctx) {
  auto* outage = app.add_subcommand("outage", "A link's outages and their causes");
  outage->require_subcommand(1);

  auto list = std::make_shared<SlaOptions>();
  auto* list_cmd = outage->add_subcommand("list", "A link's outages in a month (default this)");
  list_cmd->add_option("--link", list->link, "Link name or id")->required();
  list_cmd->add_option("--month", list->month, "YYYY-MM, last or this");
  on_run(list_cmd, ctx,
         [&ctx, list] { return run_outage_list(ctx, list->link.value_or(""), list->month); });

  auto a = std::make_shared<AnnotateOptions>();
  auto* annotate = outage->add_subcommand(
      "annotate", "Set the cause of an outage (recorded in the audit trail)");
  annotate->add_option("--link", a->link, "Link name or id")->required();
  annotate->add_option("--start", a->start, "The outage's start, as outage list shows it")
      ->required();
  annotate->add_option("--cause", a->cause, "provider, customer, planned, power or monitoring")
      ->required();
  annotate->add_option("--note", a->note, "Why");
  annotate->add_option("--by", a->by, "Who made the change (default $USER)");
  on_run(annotate, ctx, [&ctx, a] { return run_outage_annotate(ctx, *a); });

  auto audit = std::make_shared<AnnotateOptions>();
  auto* audit_cmd = outage->add_subcommand("audit", "Every change of an outage's cause and note");
  audit_cmd->add_option("--link", audit->link, "Link name or id")->required();
  audit_cmd->add_option("--start", audit->start, "The outage's start")->required();
  on_run(audit_cmd, ctx,
         [&ctx, audit] { return run_outage_audit(ctx, audit->link, audit->start); });
}

}  // namespace ill::cli
