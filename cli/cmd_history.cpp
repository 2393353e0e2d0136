// illctl history import --link LINK [--interval S] [--dry-run] FILE.csv: a link's past polls from
// another monitoring tool. The parsing and the transaction are inventory::import_history
// (inventory/history_import.hpp, where the decisions are written); this is its front end.
#include "context.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "inventory/history_import.hpp"
#include "output.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace ill::cli {
namespace {

struct HistoryImportOptions {
  std::string link;
  std::optional<int> interval_s;
  bool dry_run = false;
  std::string file;
};

Status run_history_import(const Context& ctx, const HistoryImportOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail(Errc::not_found, "cannot read {}: {}", o.file, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();

  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = store::LinkRepository(**db).resolve(o.link);
  if (!link) return fail(link.error());
  int interval_s = ctx.config.values.poll.interval_s;
  if (o.interval_s) {
    if (*o.interval_s <= 0) return fail(Errc::usage, "--interval must be above 0");
    interval_s = *o.interval_s;
  } else {
    auto router = store::RouterRepository(**db).get(link->router_id);
    if (!router) return fail(router.error());
    if (router->poll_interval_s) interval_s = *router->poll_interval_s;
  }

  auto result = inventory::import_history(
      **db, link->id, text.str(), std::chrono::seconds{interval_s}, o.dry_run, now_seconds());
  if (!result) return fail(result.error());
  const auto& errors = result->errors;
  const bool some = errors.empty() && result->samples > 0;

  if (ctx.json) {
    auto errs = nlohmann::json::array();
    for (const auto& e : errors)
      errs.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    nlohmann::json report{{"file", o.file},
                          {"link", link->name},
                          {"interval_s", interval_s},
                          {"dry_run", o.dry_run},
                          {"committed", result->committed},
                          {"samples", result->samples},
                          {"from", nullptr},
                          {"to", nullptr},
                          {"intervals", result->intervals},
                          {"errors", errs}};
    if (some) {
      report["from"] = rfc3339(result->from);
      report["to"] = rfc3339(result->to);
    }
    print_json(report);
  } else if (errors.empty()) {
    const std::string from = rfc3339(result->from), to = rfc3339(result->to);
    if (!some)
      std::printf("no rows in %s; nothing to import\n", o.file.c_str());
    else if (o.dry_run)
      std::printf("dry run, nothing written: %zu samples for link %s, %s to %s\n", result->samples,
                  link->name.c_str(), from.c_str(), to.c_str());
    else
      std::printf("imported %zu samples for link %s, %s to %s (%zu timeline intervals)\n",
                  result->samples, link->name.c_str(), from.c_str(), to.c_str(), result->intervals);
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) {
      message += e.line ? fmt::format("{}:{}: ", o.file, e.line) : fmt::format("{}: ", o.file);
      if (!e.column.empty()) message += e.column + ": ";
      message += e.message + "\n";
    }
    message += fmt::format("{} error{} in {}; nothing was imported", errors.size(),
                           errors.size() == 1 ? "" : "s", o.file);
    return fail(Errc::invalid_input, "{}", message);
  }
  return {};
}

}  // namespace

void add_history_command(CLI::App& app, Context& ctx) {
  auto* history = app.add_subcommand("history", "A link's past polls, from other tools");
  history->require_subcommand(1);
  auto o = std::make_shared<HistoryImportOptions>();
  auto* cmd = history->add_subcommand(
      "import", "Import a link's samples from a CSV file (see examples/history.csv)");
  cmd->add_option("--link", o->link, "Link name or id")->required();
  cmd->add_option(
      "--interval", o->interval_s,
      "Poll interval of the data in seconds (default: the router's, or poll.interval_s)");
  cmd->add_flag("--dry-run", o->dry_run, "Check the file and write nothing");
  cmd->add_option("file", o->file, "CSV: time,state,rx_bps,tx_bps,latency_ms,loss_pct")->required();
  on_run(cmd, ctx, [&ctx, o] { return run_history_import(ctx, *o); });
}

}  // namespace ill::cli
