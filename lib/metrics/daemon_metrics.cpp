#include "metrics/daemon_metrics.hpp"

#include "core/channel.hpp"
#include "core/version.hpp"
#include "metrics/exposition.hpp"

#include <memory>
#include <thread>

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

namespace {

// The thread that renders, and the pieces it hands over. The reader side holds it through a
// shared Holder whose destruction closes the channel (a producer waiting to push gives up) and
// joins the thread.
struct PieceProducer {
  Channel<std::string> pieces{2, Overflow::block};
  std::thread thread;
};

struct PieceReader {
  std::shared_ptr<PieceProducer> producer;
  ~PieceReader() {
    producer->pieces.close();
    if (producer->thread.joinable()) producer->thread.join();
  }
};

}  // namespace

std::function<bool(std::string&)> render_pieces(DaemonSnapshot daemon, FleetSnapshot fleet,
                                                std::size_t piece_bytes) {
  auto producer = std::make_shared<PieceProducer>();
  producer->thread = std::thread(
      [p = producer.get(), daemon = std::move(daemon), fleet = std::move(fleet), piece_bytes] {
        Exposition out;
        out.reserve(piece_bytes + 4096);
        out.set_sink([p](std::string&& piece) { return p->pieces.push(std::move(piece)); },
                     piece_bytes);
        render_daemon(daemon, out);
        render_fleet(fleet, out);
        if (!out.stopped() && !out.text().empty()) p->pieces.push(out.release());
        p->pieces.close();
      });
  auto reader = std::make_shared<PieceReader>();
  reader->producer = std::move(producer);
  return [reader](std::string& piece) {
    auto next = reader->producer->pieces.pop();
    if (!next) return false;
    piece = std::move(*next);
    return true;
  };
}

}  // namespace ill::metrics
