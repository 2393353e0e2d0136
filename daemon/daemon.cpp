#include "daemon.hpp"

#include "signals.hpp"
#include "systemd_notify.hpp"

#include <spdlog/spdlog.h>

namespace ill::daemon {

Daemon::Daemon(config::LoadRequest request, config::LoadedConfig config)
    : m_request(std::move(request)), m_config(std::move(config)) {}

Status Daemon::run() {
  SignalSet signals;  // blocks TERM, INT and HUP in every thread started after this point
  const auto& file = m_config.values.source_file;
  spdlog::info("illd starting: config {}, database {}", file ? file->string() : "(defaults)",
               m_config.values.db);
  notify_ready("idle: no routers to poll yet");
  for (;;) {
    switch (signals.wait()) {
    case Signal::reload:
      notify_reloading();
      reload();
      notify_ready("idle: no routers to poll yet");
      break;
    case Signal::stop:
      notify_stopping();
      spdlog::info("illd stopping");
      return {};
    }
  }
}

void Daemon::reload() {
  auto loaded = config::load(m_request);
  if (!loaded) {
    spdlog::error("reload refused, keeping the running configuration: {}", loaded.error().what());
    return;
  }
  m_config = std::move(*loaded);
  spdlog::info("configuration reloaded");
}

}  // namespace ill::daemon
