// The command-line flags that illctl and illd share: --config, --db, --log-level and --version.
#pragma once

#include "config/config.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace ill::config {

struct CommonFlags {
  std::optional<std::string> config_path;
  std::optional<std::string> db;
  std::optional<std::string> log_level;
};

// Adds the shared flags and a --version flag that prints "<program> <version> (commit <id>)".
void add_common_flags(CLI::App& app, CommonFlags& flags, std::string_view program);

// Turns the parsed flags into a request for config::load().
LoadRequest load_request(const CommonFlags& flags);

std::string version_line(std::string_view program);

}  // namespace ill::config
