#include "config/flags.hpp"

#include "core/version.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace ill::config {

std::string version_line(std::string_view program) {
  return fmt::format("{} {} (commit {})", program, version(), git_commit());
}

void add_common_flags(CLI::App& app, CommonFlags& flags, std::string_view program) {
  app.set_version_flag("--version", version_line(program),
                       "Print the version and git commit, then exit");
  app.add_option(
         "-c,--config", flags.config_path,
         "Configuration file (TOML). Default: $ILL_CONFIG, then /etc/ill/illd.conf when present")
      ->type_name("FILE");
  app.add_option("--db", flags.db,
                 "SQLite database. Default: $ILL_DB, the config's `db`, then /var/lib/ill/ill.db")
      ->type_name("PATH");
  app.add_option("--log-level", flags.log_level,
                 "Least severe log messages shown: trace, debug, info, warn, error, off")
      ->type_name("LEVEL");
}

LoadRequest load_request(const CommonFlags& flags) {
  LoadRequest request;
  if (flags.config_path) request.config_path = *flags.config_path;
  if (flags.db) request.flags["db"] = *flags.db;
  if (flags.log_level) request.flags["log_level"] = *flags.log_level;
  return request;
}

}  // namespace ill::config
