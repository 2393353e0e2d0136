// illctl alert list: illd's alert outbox, one row per alert, channel and recipient, with whether
// it was delivered, how often it was tried and the last error.
#include "context.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include "store/outbox_repository.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>

namespace ill::cli {
namespace {

struct AlertOptions {
  std::string status;
  int limit = 100;
};

Status list(const Context& ctx, const AlertOptions& o) {
  if (!o.status.empty() && o.status != "pending" && o.status != "sent" && o.status != "failed")
    return fail(Errc::usage, "--status: '{}' is not pending, sent or failed", o.status);
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto rows = store::OutboxRepository(**db).list(o.status, o.limit);
  if (!rows) return fail(rows.error());
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& r : *rows) {
      out.push_back(
          {{"id", r.id},
           {"key", r.idem_key},
           {"event", r.event},
           {"channel", r.channel},
           {"recipient", r.recipient},
           {"status", r.status},
           {"attempts", r.attempts},
           {"created", time_text(r.created_at)},
           {"next_attempt", r.status == "pending" ? nlohmann::json(time_text(r.next_attempt_at))
                                                  : nlohmann::json(nullptr)},
           {"sent", r.sent_at ? nlohmann::json(time_text(r.sent_at)) : nlohmann::json(nullptr)},
           {"last_error", r.last_error ? nlohmann::json(*r.last_error) : nlohmann::json(nullptr)},
           {"payload", nlohmann::json::parse(r.payload, nullptr, false)}});
    }
    print_json(out);
    return {};
  }
  Table table({"ID", "EVENT", "CHANNEL", "RECIPIENT", "STATUS", "TRIES", "CREATED", "LAST ERROR"});
  for (const auto& r : *rows) {
    table.add_row({std::to_string(r.id), r.event, r.channel, r.recipient, r.status,
                   std::to_string(r.attempts), time_text(r.created_at),
                   r.last_error.value_or("-")});
  }
  table.print();
  return {};
}

}  // namespace

void add_alert_command(CLI::App& app, Context& ctx) {
  auto* alert = app.add_subcommand("alert", "illd's alerts and their deliveries");
  alert->require_subcommand(1);
  auto o = std::make_shared<AlertOptions>();
  auto* list_cmd = alert->add_subcommand("list", "The alert outbox, newest first");
  list_cmd->add_option("--status", o->status, "Only pending, sent or failed deliveries");
  list_cmd->add_option("--limit", o->limit, "At most this many rows (default 100)")
      ->check(CLI::Range(1, 100000));
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });
}

}  // namespace ill::cli
