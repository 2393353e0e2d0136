// illctl report: a client's monthly SLA report as PDF, CSV or JSON files, from the stored
// figures (report/documents.hpp).
//
// Decisions:
// - Exactly one of --link, --client and --all.
// - --dry-run builds the documents and prints what would be written, writing no file.
// - The listing (table or --json) names each file with its size and SHA-256, so a script can
//   check what it later sends or serves.
// - Clients are handled one at a time (report::for_each_client_report): each client's documents
//   are written, then recorded in the report history with their bytes (`report list`), before
//   the next client is loaded; a failure stops there, every earlier client's files complete and
//   recorded, no partial file. A dry run writes and records nothing. A terminal shows progress.
// - --email sends each client one message with its PDF and CSV attached (notify/report_mail):
//   both documents are generated whatever --format says (the two conflict on the command line),
//   recorded in the history before the first send so the portal serves the bytes mailed, and
//   written to files only with --output. A recipient already sent this month is skipped unless
//   --resend. Any recipient not delivered makes the exit code 1 after every client was tried;
//   a client without report addresses is listed as such and is not a failure.
#include "context.hpp"
#include "core/atomic_file.hpp"
#include "core/exit_code.hpp"
#include "notify/channels.hpp"
#include "notify/report_mail.hpp"
#include "output.hpp"
#include "report/document_output.hpp"
#include "report/documents.hpp"
#include "report/report_history.hpp"
#include "store/client_repository.hpp"
#include "store/report_document_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct ReportOptions {
  std::optional<std::string> month;
  std::optional<std::string> link;
  std::optional<std::string> client;
  bool all = false;
  std::string format = "pdf";
  std::optional<std::string> output;
  bool dry_run = false;
  bool email = false;
  bool resend = false;
};

Status check_scope(const ReportOptions& o) {
  if (!o.month) return fail(Errc::usage, "--month is required");
  const int scopes = (o.link ? 1 : 0) + (o.client ? 1 : 0) + (o.all ? 1 : 0);
  if (scopes != 1) return fail(Errc::usage, "give exactly one of --link, --client and --all");
  return {};
}

report::ReportMeta report_meta(const Context& ctx) {
  report::ReportMeta meta;
  meta.isp_name = ctx.config.values.report.isp_name;
  meta.generated_at =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return meta;
}

// What the listing keeps of a document once its bytes are written, recorded and let go.
struct Listed {
  std::int64_t id = 0;  // 0: not recorded (dry run)
  std::string client;
  std::string month;
  std::string scope;
  std::string format;
  std::string filename;
  std::string path;  // empty: not written to a file
  std::string content_type;
  std::size_t bytes = 0;
  std::string sha256;
};

// Writes one client's documents to their files (when `output` is set, or `always_files`) and
// records them in the report history; a dry run does neither. Appends them to `listing`.
Status store_client(store::Database& db, const std::vector<report::Document>& documents,
                    const std::optional<std::filesystem::path>& output, bool files,
                    std::size_t total_documents, bool dry_run, std::vector<Listed>& listing) {
  std::vector<std::optional<std::filesystem::path>> paths(documents.size());
  if (files) {
    for (std::size_t i = 0; i < documents.size(); ++i) {
      auto path = report::output_path(documents[i], output, total_documents);
      if (!path) return fail(path.error());
      paths[i] = std::move(*path);
    }
  }
  std::vector<std::int64_t> ids(documents.size(), 0);
  if (!dry_run) {
    for (std::size_t i = 0; i < documents.size(); ++i)
      if (paths[i])
        if (auto st = write_file_atomically(*paths[i], documents[i].bytes); !st) return st;
    auto recorded = report::record_documents(db, documents, paths);
    if (!recorded) return fail(recorded.error());
    ids = std::move(*recorded);
  }
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const auto& d = documents[i];
    listing.push_back({ids[i], d.client, d.month, d.scope, std::string(report::to_string(d.format)),
                       d.filename, paths[i] ? paths[i]->string() : std::string(), d.content_type,
                       d.bytes.size(), d.sha256});
  }
  return {};
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

// One line of the delivery listing; `status` "no-address" for a client without report addresses.
struct DeliveryRow {
  std::string client;
  std::string month;
  std::string recipient;
  std::string status;
  int attempts = 0;
  std::string reply;
};

Status run_email(Context& ctx, const ReportOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  const auto meta = report_meta(ctx);
  const report::Scope scope{o.link, o.client};
  std::optional<notify::Channels> channels;
  {
    auto box = open_secret_box(ctx);
    if (!box) return fail(box.error());
    auto opened = notify::open_channels(ctx.config.values, **db, *box);
    if (!opened) return fail(opened.error());
    channels.emplace(std::move(*opened));
  }
  notify::ReportMailOptions options;
  options.resend = o.resend;
  options.dry_run = o.dry_run;
  options.attempts = ctx.config.values.smtp.report_attempts;
  options.backoff = std::chrono::seconds(ctx.config.values.smtp.report_retry_s);
  std::optional<std::filesystem::path> output;
  if (o.output) output = std::filesystem::path(*o.output);
  const std::vector<report::Format> formats = {report::Format::pdf, report::Format::csv};

  std::vector<DeliveryRow> rows;
  std::vector<Listed> listing;
  int undelivered = 0;
  Progress progress("report", "clients", stderr_is_terminal());
  // Client by client: its documents are generated, recorded (so the portal serves the bytes
  // mailed), then sent, before the next client is loaded.
  auto st = report::for_each_client_report(
      **db, scope, *o.month, formats, meta, ctx.config.values.sla,
      [&](report::ClientReport&& r, std::size_t index, std::size_t total) -> Status {
        progress(index, total);
        const auto mail = notify::report_mail_of(r, meta.isp_name);
        // Who would get it: a client whose every address was already sent this month gets
        // nothing, and then nothing is recorded either (unless files are asked for), so a
        // rerun leaves the history as it was.
        bool sends = false;
        if (!r.report_emails.empty()) {
          notify::ReportMailOptions plan = options;
          plan.dry_run = true;
          auto planned = notify::send_report(**db, channels->smtp, mail, plan);
          if (!planned) return fail(std::move(planned.error()).with_context("client " + r.client));
          for (const auto& p : *planned)
            sends = sends || p.status == notify::DeliveryStatus::would_send;
        }
        if (sends || output) {
          if (auto stored = store_client(**db, r.documents, output, output.has_value(),
                                         total * formats.size(), o.dry_run, listing);
              !stored)
            return stored;
        }
        if (r.report_emails.empty()) {
          rows.push_back(
              {r.client, r.month, "", "no-address", 0, "the client has no report e-mail"});
          return {};
        }
        auto outcomes = notify::send_report(**db, channels->smtp, mail, options);
        if (!outcomes) return fail(std::move(outcomes.error()).with_context("client " + r.client));
        for (const auto& out : *outcomes) {
          if (out.status == notify::DeliveryStatus::failed) ++undelivered;
          rows.push_back({r.client, r.month, out.recipient,
                          std::string(notify::to_string(out.status)), out.attempts, out.reply});
        }
        return {};
      });
  progress.finish();
  if (!st) return st;

  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& row : rows)
      out.push_back({{"client", row.client},
                     {"month", row.month},
                     {"recipient", row.recipient.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(row.recipient)},
                     {"status", row.status},
                     {"attempts", row.attempts},
                     {"reply", row.reply}});
    print_json(out);
  } else {
    Table table({"CLIENT", "MONTH", "RECIPIENT", "STATUS", "ATTEMPTS", "REPLY"});
    for (const auto& row : rows)
      table.add_row({row.client, row.month, row.recipient.empty() ? "-" : row.recipient, row.status,
                     std::to_string(row.attempts), row.reply});
    table.print();
    if (o.dry_run) std::printf("dry run: nothing sent, no file written, nothing recorded\n");
  }
  if (undelivered > 0) {
    std::fflush(stdout);
    std::fprintf(stderr, "illctl: error: %d recipient%s not delivered; rerun to retry them\n",
                 undelivered, undelivered == 1 ? "" : "s");
    ctx.exit_code = k_exit_failure;
  }
  return {};
}

Status run_report(Context& ctx, const ReportOptions& o) {
  if (auto st = check_scope(o); !st) return st;
  if (o.resend && !o.email) return fail(Errc::usage, "--resend goes with --email");
  if (o.email) return run_email(ctx, o);
  const auto format = report::parse_format(o.format);
  if (!format) return fail(Errc::usage, "--format {}: not pdf, csv or json", o.format);
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  const auto meta = report_meta(ctx);
  const report::Scope scope{o.link, o.client};
  std::optional<std::filesystem::path> output;
  if (o.output) output = std::filesystem::path(*o.output);
  std::vector<Listed> listing;
  Progress progress("report", "clients", stderr_is_terminal());
  // Client by client, so memory holds one client's documents (500 clients' PDFs are ~260 MB).
  auto st = report::for_each_client_report(
      **db, scope, *o.month, {*format}, meta, ctx.config.values.sla,
      [&](report::ClientReport&& r, std::size_t index, std::size_t total) -> Status {
        progress(index, total);
        return store_client(**db, r.documents, output, true, total, o.dry_run, listing);
      });
  progress.finish();
  if (!st) return st;

  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& d : listing)
      out.push_back({{"id", d.id ? nlohmann::json(d.id) : nlohmann::json(nullptr)},
                     {"client", d.client},
                     {"month", d.month},
                     {"scope", d.scope},
                     {"format", d.format},
                     {"filename", d.filename},
                     {"path", d.path},
                     {"content_type", d.content_type},
                     {"bytes", d.bytes},
                     {"sha256", d.sha256},
                     {"written", !o.dry_run}});
    print_json(out);
    return {};
  }
  Table table({"CLIENT", "MONTH", "FORMAT", "BYTES", "SHA256", "FILE"});
  for (const auto& d : listing)
    table.add_row(
        {d.client, d.month, d.format, std::to_string(d.bytes), d.sha256.substr(0, 16), d.path});
  table.print();
  if (o.dry_run) std::printf("dry run: no file written\n");
  return {};
}

struct ListOptions {
  std::optional<std::string> client;
  std::optional<std::string> month;
};

Status run_list(const Context& ctx, const ListOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::ReportDocumentFilter filter;
  filter.month = o.month;
  if (o.client) {
    auto client = store::ClientRepository(**db).resolve(*o.client);
    if (!client) return fail(client.error());
    filter.client_id = client->id;
  }
  auto rows = store::ReportDocumentRepository(**db).list(filter);
  if (!rows) return fail(rows.error());
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& r : *rows)
      out.push_back({{"id", r.id},
                     {"client", r.client_name},
                     {"month", r.month},
                     {"scope", r.scope},
                     {"format", r.format},
                     {"filename", r.filename},
                     {"content_type", r.content_type},
                     {"path", r.path ? nlohmann::json(*r.path) : nlohmann::json(nullptr)},
                     {"bytes", r.size},
                     {"sha256", r.sha256},
                     {"generated_at", rfc3339(r.generated_at)},
                     {"computed_at", rfc3339(r.computed_at)}});
    print_json(out);
    return {};
  }
  Table table({"ID", "CLIENT", "MONTH", "SCOPE", "FORMAT", "BYTES", "GENERATED", "SHA256", "FILE"});
  for (const auto& r : *rows)
    table.add_row({std::to_string(r.id), r.client_name, r.month, r.scope, r.format,
                   std::to_string(r.size), rfc3339(r.generated_at), r.sha256.substr(0, 16),
                   r.path.value_or(r.filename)});
  table.print();
  return {};
}

}  // namespace

void add_report_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report", "Monthly SLA reports as PDF, CSV or JSON files");
  auto o = std::make_shared<ReportOptions>();
  cmd->add_option("--month", o->month,
                  "YYYY-MM, 'last' or 'this', in each client's time zone (required)");
  cmd->add_option("--link", o->link, "One link (name or id)");
  cmd->add_option("--client", o->client, "Every link of a client (name or id)");
  cmd->add_flag("--all", o->all, "Every client");
  auto* format = cmd->add_option("--format", o->format, "pdf (default), csv or json");
  cmd->add_option("--output", o->output,
                  "Directory for the files (default: the current one), or the file's path for "
                  "one document");
  cmd->add_flag("--dry-run", o->dry_run,
                "Build the documents, print what would be written or sent to whom; write, send "
                "and record nothing");
  cmd->add_flag("--email", o->email,
                "E-mail each client its PDF and CSV through [smtp], to the client's report "
                "addresses; exit 1 when a recipient was not delivered")
      ->excludes(format);
  cmd->add_flag("--resend", o->resend,
                "With --email: send again to recipients already sent this month");
  auto* list = cmd->add_subcommand("list", "The report history: every document generated");
  auto l = std::make_shared<ListOptions>();
  list->add_option("--client", l->client, "Only this client's (name or id)");
  list->add_option("--month", l->month, "Only this month (YYYY-MM)");
  // One callback for both: CLI11 runs the parent's after the subcommand's.
  on_run(cmd, ctx,
         [&ctx, o, l, list] { return list->parsed() ? run_list(ctx, *l) : run_report(ctx, *o); });
}

}  // namespace ill::cli
