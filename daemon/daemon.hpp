// The daemon's wiring: holds its components in start order and runs until told to stop.
#pragma once

#include "collect/collector.hpp"
#include "collect/health.hpp"
#include "collect/inventory.hpp"
#include "collect/writer.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "metrics/daemon_metrics.hpp"
#include "notify/alert_engine.hpp"
#include "notify/outbox_sender.hpp"
#include "portal/portal.hpp"
#include "store/secret_box.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace ill::daemon {

class Daemon {
public:
  Daemon(config::LoadRequest request, config::LoadedConfig config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Blocks until SIGTERM or SIGINT. SIGHUP re-reads the configuration and the inventory; a bad
  // file is logged with its line and key, and the running configuration is kept. An inventory
  // changed by illctl is noticed within one poll interval without a signal.
  Status run();

private:
  Status start_collecting();
  void stop_collecting();
  // The stop's order: listeners, then the collector, then the writer (whose thread reads the
  // collector's figures) and the sender. Run on SIGTERM, and by the destructor when run() returned
  // early on a start-up error with threads already started. Idempotent.
  void shut_down();
  void reload();
  // Re-reads the inventory when forced (SIGHUP) or when illctl changed it since the last read.
  void refresh_inventory(bool forced);
  // The alert engine (in the writer's transaction) and the outbox's sender thread.
  Status start_alerts(collect::WriterOptions& writer_options);
  std::string status_line() const;
  // Progress of the writer and the collector (collect/health.hpp): /healthz and the watchdog.
  collect::Health health() const;
  void write_heartbeat(store::Database& db, const collect::WriterStats& stats, bool stopped);
  http::Response route(const http::Request& request);
  // Starts (or, on reload, restarts with re-read TLS files) the portal's own listener.
  Status start_portal();

  config::LoadRequest m_request;
  config::LoadedConfig m_config;
  std::chrono::seconds m_interval{60};
  std::chrono::system_clock::time_point m_started;
  std::unique_ptr<store::Database> m_db;  // the main thread's connection: inventory reads
  std::optional<store::SecretBox> m_secrets;
  collect::Inventory m_inventory;
  std::mutex m_snapshot_mutex;
  metrics::DaemonSnapshot m_snapshot;
  // Stopped in reverse order: the listener first, then the collector, then the writer drains.
  std::shared_ptr<notify::AlertEngine> m_alerts;
  std::unique_ptr<notify::OutboxSender> m_sender;
  std::unique_ptr<collect::Writer> m_writer;
  std::unique_ptr<collect::Collector> m_collector;
  std::unique_ptr<http::Server> m_http;
  // The portal: its own connections and listener threads; it never waits on the collector.
  std::unique_ptr<portal::Portal> m_portal;
  std::unique_ptr<http::Server> m_portal_http;
  // Set once the writer and the collector exist; the HTTP thread reads them only then (they go
  // after the listener has stopped).
  std::atomic<bool> m_collecting{false};
};

}  // namespace ill::daemon
