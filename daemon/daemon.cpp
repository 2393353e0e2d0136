#include "daemon.hpp"

#include "metrics/exposition.hpp"
#include "signals.hpp"
#include "systemd_notify.hpp"

#include <spdlog/spdlog.h>

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

  const auto& file = m_config.values.source_file;
  spdlog::info("illd starting: config {}, database {}, http {}:{}",
               file ? file->string() : "(defaults)", m_config.values.db, listen->host,
               m_http->port());
  notify_ready("idle: no routers to poll yet");
  for (;;) {
    switch (signals.wait(watchdog_interval())) {
    case Signal::reload:
      notify_reloading();
      reload();
      notify_ready("idle: no routers to poll yet");
      break;
    case Signal::stop:
      notify_stopping();
      spdlog::info("illd stopping");
      m_http.reset();
      return {};
    case Signal::none: break;
    }
    notify_watchdog();
  }
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
