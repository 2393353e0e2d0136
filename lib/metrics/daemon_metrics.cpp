#include "metrics/daemon_metrics.hpp"

#include "core/version.hpp"
#include "metrics/exposition.hpp"

namespace ill::metrics {
namespace {

double unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

void render_daemon(const DaemonSnapshot& snapshot, Exposition& out) {
  out.family("illd_build_info", MetricType::gauge,
             "Version and git commit of the running illd (always 1).");
  out.sample({{"version", version()}, {"commit", git_commit()}}, 1);
  out.family("illd_start_time_seconds", MetricType::gauge,
             "When illd started, in seconds since the Unix epoch.");
  out.sample({}, unix_seconds(snapshot.started));
  out.family(
      "illd_config_last_reload_success_timestamp_seconds", MetricType::gauge,
      "When the configuration was last loaded successfully, in seconds since the Unix epoch.");
  out.sample({}, unix_seconds(snapshot.config_loaded));
  out.family("illd_config_reloads_total", MetricType::counter, "Configuration reloads, by result.");
  out.sample({{"result", "success"}}, snapshot.reloads);
  out.sample({{"result", "failure"}}, snapshot.failed_reloads);
}

std::string render(const DaemonSnapshot& snapshot) {
  Exposition out;
  render_daemon(snapshot, out);
  return out.text();
}

std::string render(const DaemonSnapshot& daemon, const FleetSnapshot& fleet) {
  Exposition out;
  // About 1.8 KB per link and 1.5 KB per router: one allocation instead of a doubling series.
  out.reserve(8192 + 2048 * fleet.links.size() + 1536 * fleet.routers.size());
  render_daemon(daemon, out);
  render_fleet(fleet, out);
  return out.release();
}

}  // namespace ill::metrics
