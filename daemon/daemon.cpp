#include "daemon.hpp"

#include "metrics/exposition.hpp"
#include "signals.hpp"
#include "systemd_notify.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace ill::daemon {

Daemon::Daemon(config::LoadRequest request, config::LoadedConfig config)
    : m_request(std::move(request)), m_config(std::move(config)) {}

http::Response Daemon::route(const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    auto r = http::Response::text(405, "method not allowed\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (request.path == "/metrics") {
    metrics::DaemonSnapshot snapshot;
    {
      std::lock_guard lock(m_snapshot_mutex);
      snapshot = m_snapshot;
    }
    auto r = http::Response::text(200, metrics::render(snapshot));
    r.content_type = std::string(metrics::Exposition::k_content_type);
    return r;
  }
  if (request.path == "/healthz") return http::Response::text(200, "ok\n");
  return http::Response::text(404, "not found\n");
}

Status Daemon::run() {
  SignalSet signals;  // blocks TERM, INT and HUP in every thread started after this point
  m_snapshot.started = m_snapshot.config_loaded = std::chrono::system_clock::now();

  auto listen = http::parse_listen_address(m_config.values.http.listen);
  if (!listen) return fail(listen.error());
  auto server =
      http::Server::start({.listen = *listen}, [this](const http::Request& r) { return route(r); });
  if (!server) return fail(std::move(server.error()).with_context("http listener"));
  m_http = std::move(*server);

  auto db = store::Database::open(m_config.values.db, store::OpenMode::existing);
  if (!db) return fail(std::move(db.error()).with_context("create it with `illctl init`"));
  m_db = std::move(*db);
  auto inventory = collect::load_inventory(*m_db);
  if (!inventory) return fail(std::move(inventory.error()).with_context("reading the inventory"));
  m_inventory = std::move(*inventory);

  const auto& file = m_config.values.source_file;
  spdlog::info("illd starting: config {}, database {}, http {}:{}",
               file ? file->string() : "(defaults)", m_config.values.db, listen->host,
               m_http->port());
  spdlog::info("inventory: {} routers, {} links", m_inventory.routers.size(),
               m_inventory.link_count());
  notify_ready(status_line());
  for (;;) {
    // Wake for the watchdog, and once a poll interval to notice inventory edits.
    std::chrono::milliseconds wake = std::chrono::seconds(m_config.values.poll.interval_s);
    if (auto watchdog = watchdog_interval(); watchdog.count() > 0) wake = std::min(wake, watchdog);
    switch (signals.wait(wake)) {
    case Signal::reload:
      notify_reloading();
      reload();
      refresh_inventory(true);
      notify_ready(status_line());
      break;
    case Signal::stop:
      notify_stopping();
      spdlog::info("illd stopping");
      m_http.reset();
      return {};
    case Signal::none: refresh_inventory(false); break;
    }
    notify_watchdog();
  }
}

std::string Daemon::status_line() const {
  return fmt::format(
      "{} routers and {} links in the inventory (polling arrives with the collector)",
      m_inventory.routers.size(), m_inventory.link_count());
}

void Daemon::refresh_inventory(bool forced) {
  auto generation = m_db->inventory_generation();
  if (!generation) {
    spdlog::error("cannot read the inventory generation: {}", generation.error().what());
    return;
  }
  if (!forced && *generation == m_inventory.generation) return;
  auto inventory = collect::load_inventory(*m_db);
  if (!inventory) {
    spdlog::error("inventory reload failed, keeping the previous one: {}",
                  inventory.error().what());
    return;
  }
  m_inventory = std::move(*inventory);
  spdlog::info("inventory {}: {} routers, {} links", forced ? "reloaded" : "changed",
               m_inventory.routers.size(), m_inventory.link_count());
  notify_status(status_line());
}

void Daemon::reload() {
  auto loaded = config::load(m_request);
  std::lock_guard lock(m_snapshot_mutex);
  if (!loaded) {
    ++m_snapshot.failed_reloads;
    spdlog::error("reload refused, keeping the running configuration: {}", loaded.error().what());
    return;
  }
  if (loaded->values.http.listen != m_config.values.http.listen) {
    spdlog::warn("http.listen changed to {}; restart illd to move the listener",
                 loaded->values.http.listen);
  }
  m_config = std::move(*loaded);
  ++m_snapshot.reloads;
  m_snapshot.config_loaded = std::chrono::system_clock::now();
  spdlog::info("configuration reloaded");
}

}  // namespace ill::daemon
