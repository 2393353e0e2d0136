// illctl: the command-line face of ill. Parses the command line, loads the configuration, runs the
// chosen subcommand and turns its result into one of the exit codes of core/exit_code.hpp.
#include "context.hpp"

#include "config/flags.hpp"
#include "core/exit_code.hpp"
#include "core/logging.hpp"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <sstream>
#include <string>

namespace {

using namespace ill;

void print_error(const std::string& message) {
  std::istringstream lines(message);
  for (std::string line; std::getline(lines, line);)
    std::fprintf(stderr, "illctl: error: %s\n", line.c_str());
}

int parse_error(CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
    return app.exit(e);  // --help, --version: printed on stdout, exit 0
  }
  std::string message = e.what();
  if (app.get_subcommands().empty() && !app.remaining().empty()) {
    message = "unknown command '" + app.remaining().front() + "'";
  }
  print_error(message);
  std::fprintf(
      stderr,
      "Run 'illctl --help' for the commands and 'illctl COMMAND --help' for their options.\n");
  return k_exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  cli::Context ctx;
  CLI::App app{
      "illctl: inventory, polling, SLA figures and reports for ILL circuits on MikroTik routers.",
      "illctl"};
  app.footer(
      "Exit codes: 0 ok, 1 failure, 2 usage error, 3 not found, 4 router unreachable or timed "
      "out,\n"
      "5 login refused, 6 invalid input data, 7 database error, 8 invalid configuration.\n"
      "See illctl(1) for every command.");
  config::add_common_flags(app, ctx.flags, "illctl");
  app.add_flag("--json", ctx.json, "Print JSON on stdout instead of tables");
  app.add_flag("-v,--verbose", ctx.verbose, "Log debug messages on stderr");
  app.require_subcommand(1);
  app.fallthrough();

  cli::add_config_command(app, ctx);
  cli::add_init_command(app, ctx);
  cli::add_db_command(app, ctx);
  cli::add_router_command(app, ctx);
  cli::add_client_command(app, ctx);
  cli::add_link_command(app, ctx);
  cli::add_user_command(app, ctx);
  cli::add_maintenance_command(app, ctx);
  cli::add_import_command(app, ctx);
  cli::add_poll_command(app, ctx);
  cli::add_history_command(app, ctx);
  cli::add_sla_command(app, ctx);
  cli::add_outage_command(app, ctx);
  cli::add_status_command(app, ctx);
  cli::add_secret_command(app, ctx);
  cli::add_alert_command(app, ctx);
  cli::add_report_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error(app, e);
  }

  auto loaded = config::load(config::load_request(ctx.flags));
  if (!loaded) {
    print_error(loaded.error().what());
    return exit_code_for(loaded.error().category());
  }
  ctx.config = std::move(*loaded);

  // illctl shows warnings and worse unless asked for more (-v, --log-level, $ILL_LOG_LEVEL, file).
  auto level = spdlog::level::warn;
  if (ctx.config.origins["log_level"].origin != config::Origin::default_value) {
    level = parse_log_level(ctx.config.values.log_level).value_or(level);
  }
  if (ctx.verbose) level = std::min(level, spdlog::level::debug);
  setup_logging("illctl", LogStyle::terminal, level);

  if (!ctx.action) {
    print_error("internal: the chosen command has no action");
    return k_exit_failure;
  }
  Status status = ctx.action();
  if (!status) {
    print_error(status.error().what());
    return exit_code_for(status.error().category());
  }
  return ctx.exit_code;
}
