// What every illctl subcommand gets: the parsed global flags, the effective configuration, and a
// slot for the action the chosen subcommand will run once parsing and configuration succeeded.
#pragma once

#include "config/config.hpp"
#include "config/flags.hpp"
#include "core/result.hpp"

#include <functional>

namespace CLI {
class App;
}

namespace ill::cli {

struct Context {
  config::CommonFlags flags;
  bool json = false;     // --json: machine-readable output on stdout
  bool verbose = false;  // -v: debug logging
  config::LoadedConfig config;
  std::function<Status()> action;
  // The exit code of an action that succeeded but found something to report (status --check).
  int exit_code = 0;
};

// Makes `handler` the action to run when `command` is the subcommand chosen on the command line.
void on_run(CLI::App* command, Context& ctx, std::function<Status()> handler);

// Subcommand registrations, one per cmd_<name>.cpp, called explicitly from main.cpp.
void add_config_command(CLI::App& app, Context& ctx);
void add_init_command(CLI::App& app, Context& ctx);
void add_db_command(CLI::App& app, Context& ctx);
void add_router_command(CLI::App& app, Context& ctx);
// `router test`, registered by add_router_command.
void add_router_test_command(CLI::App& router, Context& ctx);
void add_router_trust_command(CLI::App& router, Context& ctx);
void add_client_command(CLI::App& app, Context& ctx);
void add_link_command(CLI::App& app, Context& ctx);
void add_user_command(CLI::App& app, Context& ctx);
// `user token` and `user log`, registered by add_user_command.
void add_user_access_commands(CLI::App& user, Context& ctx);
// `sla verify`, registered by add_sla_command.
void add_sla_verify_command(CLI::App& sla, Context& ctx);
void add_maintenance_command(CLI::App& app, Context& ctx);
void add_import_command(CLI::App& app, Context& ctx);
void add_poll_command(CLI::App& app, Context& ctx);
void add_history_command(CLI::App& app, Context& ctx);
void add_sla_command(CLI::App& app, Context& ctx);
void add_outage_command(CLI::App& app, Context& ctx);
void add_status_command(CLI::App& app, Context& ctx);
void add_secret_command(CLI::App& app, Context& ctx);
void add_alert_command(CLI::App& app, Context& ctx);
void add_report_command(CLI::App& app, Context& ctx);

}  // namespace ill::cli
