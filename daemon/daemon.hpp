// The daemon's wiring: holds its components in start order and runs until told to stop.
#pragma once

#include "collect/inventory.hpp"
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

  // Blocks until SIGTERM or SIGINT. SIGHUP re-reads the configuration and the inventory; a bad
  // file is logged with its line and key, and the running configuration is kept. An inventory
  // changed by illctl is noticed within one poll interval without a signal.
  Status run();

private:
  void reload();
  // Re-reads the inventory when forced (SIGHUP) or when illctl changed it since the last read.
  void refresh_inventory(bool forced);
  std::string status_line() const;
  http::Response route(const http::Request& request);

  config::LoadRequest m_request;
  config::LoadedConfig m_config;
  std::unique_ptr<store::Database> m_db;
  collect::Inventory m_inventory;
  std::mutex m_snapshot_mutex;
  metrics::DaemonSnapshot m_snapshot;
  std::unique_ptr<http::Server> m_http;  // last: stops first
};

}  // namespace ill::daemon
