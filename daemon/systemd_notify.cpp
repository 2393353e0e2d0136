#include "systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace ill::daemon {

void notify_ready(std::string_view status) {
  std::string message = "READY=1\nSTATUS=" + std::string(status);
  sd_notify(0, message.c_str());
}

void notify_status(std::string_view status) {
  std::string message = "STATUS=" + std::string(status);
  sd_notify(0, message.c_str());
}

void notify_reloading() { sd_notify(0, "RELOADING=1\nSTATUS=reloading"); }

void notify_stopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

}  // namespace ill::daemon
