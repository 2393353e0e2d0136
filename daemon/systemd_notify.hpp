// sd_notify for Type=notify: readiness, reloads, shutdown and the STATUS line. Harmless (no-ops)
// when illd does not run under systemd ($NOTIFY_SOCKET unset).
#pragma once

#include <chrono>
#include <string_view>

namespace ill::daemon {

void notify_ready(std::string_view status);
void notify_status(std::string_view status);
void notify_reloading();
void notify_stopping();
void notify_watchdog();

// Half the watchdog timeout systemd asked for, or 0 when there is no watchdog.
std::chrono::milliseconds watchdog_interval();

}  // namespace ill::daemon
