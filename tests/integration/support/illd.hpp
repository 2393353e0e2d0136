// illd as tests start it: a database made by `illctl init`, a configuration naming it with an
// HTTP listener on a free 127.0.0.1 port, and the port illd reports once it runs.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace ill::test {

// Runs `illctl init` for `dir`/ill.db and writes `dir`/illd.conf naming it, with `extra` TOML
// before the [http] table (listen = "127.0.0.1:0"). Returns the configuration's path.
std::filesystem::path illd_config(const TempDir& dir, const std::string& extra = "");

// Environment for illd without the caller's ILL_CONFIG and ILL_DB.
ProcessOptions illd_clean_env();

// The HTTP port in illd's "illd starting" log line (wait for that line first); 0 when absent.
std::uint16_t illd_http_port(const Process& illd);

}  // namespace ill::test
