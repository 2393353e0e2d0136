// The daemon's wiring: holds its components in start order and runs until told to stop.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"

namespace ill::daemon {

class Daemon {
public:
  Daemon(config::LoadRequest request, config::LoadedConfig config);

  // Blocks until SIGTERM or SIGINT. SIGHUP re-reads the configuration; a bad file is logged with
  // its line and key, and the running configuration is kept.
  Status run();

private:
  void reload();

  config::LoadRequest m_request;
  config::LoadedConfig m_config;
};

}  // namespace ill::daemon
