// illctl sla verify: a stored month recomputed from the raw record and compared figure by
// figure with the stored row and the reports printed from it (figures/verify.hpp).
//
// Decisions:
// - --month is required: a dispute is always about one month.
// - Exit 1 when any link's month does not hold (a difference other than rounding or expired
//   raw samples), after every selected link was verified; the listing names each difference.
#include "context.hpp"
#include "core/exit_code.hpp"
#include "figures/verify.hpp"
#include "output.hpp"
#include "report/client_month.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

using nlohmann::json;

struct VerifyOptions {
  std::string month;
  std::optional<std::string> link;
  std::optional<std::string> client;
  bool all = false;
};

std::string short_text(const json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

Status run_verify(Context& ctx, const VerifyOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto links = report::links_in(**db, report::Scope{o.link, o.client});
  if (!links) return fail(links.error());
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<figures::VerifyResult> results;
  for (const auto& link : *links) {
    auto r = figures::verify_month(**db, link, o.month, now);
    if (!r) return fail(r.error());
    results.push_back(std::move(*r));
  }
  std::size_t failing = 0;
  for (const auto& r : results)
    if (!r.holds()) ++failing;

  if (ctx.json) {
    auto out = json::array();
    for (const auto& r : results) {
      auto differences = json::array();
      for (const auto& d : r.differences)
        differences.push_back({{"figure", d.figure},
                               {"cause", std::string(figures::to_string(d.cause))},
                               {"stored", d.stored},
                               {"recomputed", d.recomputed},
                               {"explanation", d.explanation}});
      out.push_back({{"link", r.link},
                     {"month", r.month},
                     {"holds", r.holds()},
                     {"computed_at", r.computed_at ? json(rfc3339(*r.computed_at)) : json(nullptr)},
                     {"raw_samples", r.raw_samples},
                     {"documents_checked", r.documents_checked},
                     {"differences", differences}});
    }
    print_json(out);
  } else {
    Table table({"LINK", "MONTH", "FIGURE", "CAUSE", "STORED", "RECOMPUTED"});
    for (const auto& r : results)
      for (const auto& d : r.differences)
        table.add_row({r.link, r.month, d.figure, std::string(figures::to_string(d.cause)),
                       short_text(d.stored), short_text(d.recomputed)});
    if (!table.empty()) table.print();
    for (const auto& r : results)
      std::printf("%s %s: %s (%llu raw samples, %zu report documents checked)\n", r.link.c_str(),
                  r.month.c_str(), r.holds() ? "holds" : "DIFFERS",
                  static_cast<unsigned long long>(r.raw_samples), r.documents_checked.size());
    // The explanations once each, so the table stays narrow.
    std::vector<std::string> seen;
    for (const auto& r : results)
      for (const auto& d : r.differences) {
        const std::string line = std::string(figures::to_string(d.cause)) + ": " + d.explanation;
        if (std::find(seen.begin(), seen.end(), line) != seen.end()) continue;
        seen.push_back(line);
        std::printf("  %s\n", line.c_str());
      }
  }
  if (failing > 0) {
    std::fflush(stdout);
    std::fprintf(stderr, "illctl: error: %zu of %zu link months differ from the record\n", failing,
                 results.size());
    ctx.exit_code = k_exit_failure;
  }
  return {};
}

}  // namespace

void add_sla_verify_command(CLI::App& sla, Context& ctx) {
  auto o = std::make_shared<VerifyOptions>();
  auto* cmd = sla.add_subcommand(
      "verify",
      "Recompute a stored month from the raw samples and compare every figure with the stored "
      "row and the reports printed; exit 1 on a difference");
  cmd->add_option("--month", o->month, "YYYY-MM, last or this")->required();
  auto* link = cmd->add_option("--link", o->link, "Only this link (name or id)");
  auto* client = cmd->add_option("--client", o->client, "Only this client's links");
  auto* all = cmd->add_flag("--all", o->all, "Every link (the default)");
  link->excludes(client, all);
  client->excludes(all);
  on_run(cmd, ctx, [&ctx, o] { return run_verify(ctx, *o); });
}

}  // namespace ill::cli
