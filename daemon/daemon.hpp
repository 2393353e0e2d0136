// The daemon's wiring: holds its components in start order and runs until told to stop.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "metrics/daemon_metrics.hpp"

#include <memory>
#include <mutex>

namespace ill::daemon {

class Daemon {
public:
  Daemon(config::LoadRequest request, config::LoadedConfig config);

  // Blocks until SIGTERM or SIGINT. SIGHUP re-reads the configuration; a bad file is logged with
  // its line and key, and the running configuration is kept.
  Status run();

private:
  void reload();
  http::Response route(const http::Request& request);

  config::LoadRequest m_request;
  config::LoadedConfig m_config;
  std::mutex m_snapshot_mutex;
  metrics::DaemonSnapshot m_snapshot;
  std::unique_ptr<http::Server> m_http;  // last: stops first
};

}  // namespace ill::daemon
