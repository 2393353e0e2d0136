#include "daemon.hpp"

#include "collect/router_target.hpp"
#include "config/listen_address.hpp"
#include "core/clock.hpp"
#include "core/fd_limit.hpp"
#include "core/format.hpp"
#include "metrics/exposition.hpp"
#include "signals.hpp"
#include "store/daemon_status_repository.hpp"
#include "systemd_notify.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>

namespace ill::daemon {
namespace {

// For tests and benchmarks: a poll interval below the configurable 10 s floor, in milliseconds
// (rounded to whole seconds, at least 1 s). Documented in illd(8) under ENVIRONMENT.
std::optional<std::chrono::seconds> interval_from_environment() {
  const char* text = std::getenv("ILLD_POLL_INTERVAL_MS");
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  long long ms = std::strtoll(text, &end, 10);
  if (*end != '\0' || ms < 1000 || ms > 300'000) {
    spdlog::warn("ILLD_POLL_INTERVAL_MS={} ignored: give 1000..300000 milliseconds", text);
    return std::nullopt;
  }
  return std::chrono::seconds((ms + 500) / 1000);
}

}  // namespace

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
    metrics::FleetSnapshot fleet;
    if (m_collecting.load(std::memory_order_acquire)) {
      fleet = m_writer->snapshot();
      const auto writer = m_writer->stats();
      const auto collector = m_collector->stats();
      fleet.collector.poll_interval_s = static_cast<double>(m_interval.count());
      fleet.collector.cycle_lag_s = std::chrono::duration<double>(collector.max_lag).count();
      fleet.collector.write_queue_depth = writer.queue_depth;
      fleet.collector.batches_total = writer.batches;
      fleet.collector.samples_total = writer.samples;
      fleet.collector.write_errors_total = writer.errors;
      fleet.collector.dropped_results_total = writer.dropped;
      fleet.collector.last_batch_duration_s =
          std::chrono::duration<double>(writer.last_batch).count();
      if (m_sender) {
        const auto sender = m_sender->stats();
        fleet.alerts.queued_total = m_alerts->queued();
        fleet.alerts.sent_total = sender.sent;
        fleet.alerts.failed_total = sender.failed_attempts;
        fleet.alerts.given_up_total = sender.given_up;
        fleet.alerts.pending = m_sender->pending();
      }
    }
    // Streamed: at 50,000 links the page is 64 MB, which illd need never hold at once.
    http::Response r;
    r.status = 200;
    r.content_type = std::string(metrics::Exposition::k_content_type);
    r.stream = metrics::render_pieces(snapshot, std::move(fleet));
    return r;
  }
  if (request.path == "/healthz") {
    const auto verdict = health();
    if (verdict.healthy) return http::Response::text(200, "ok\n");
    return http::Response::text(503, verdict.reason + "\n");
  }
  return http::Response::text(404, "not found\n");
}

Status Daemon::run() {
  SignalSet signals;  // blocks TERM, INT and HUP in every thread started after this point
  m_started = m_snapshot.started = m_snapshot.config_loaded = std::chrono::system_clock::now();
  // A session per router needs a descriptor each: take all that the administrator allowed.
  if (auto fds = raise_fd_limit(); fds) {
    spdlog::info("descriptor limit {} (hard {})", fds->soft, fds->hard);
  } else {
    spdlog::warn("descriptor limit unchanged: {}", fds.error().what());
  }

  auto listen = config::parse_listen_address(m_config.values.http.listen);
  if (!listen) return fail(listen.error());
  auto server =
      http::Server::start({.listen = *listen}, [this](const http::Request& r) { return route(r); });
  if (!server) return fail(std::move(server.error()).with_context("http listener"));
  m_http = std::move(*server);

  auto db = store::Database::open(m_config.values.db, store::OpenMode::existing);
  if (!db) return fail(std::move(db.error()).with_context("create it with `illctl init`"));
  m_db = std::move(*db);
  auto key = store::SecretBox::load(m_config.values.key_path().string());
  if (!key) return fail(std::move(key.error()).with_context("router passwords"));
  m_secrets.emplace(std::move(*key));
  auto inventory = collect::load_inventory(*m_db);
  if (!inventory) return fail(std::move(inventory.error()).with_context("reading the inventory"));
  m_inventory = std::move(*inventory);

  const auto& file = m_config.values.source_file;
  spdlog::info("illd starting: config {}, database {}, http {}:{}",
               file ? file->string() : "(defaults)", m_config.values.db, listen->host,
               m_http->port());
  if (auto st = start_collecting(); !st) return st;
  if (auto st = start_portal(); !st) return st;
  spdlog::info("inventory: {} routers, {} links, polled every {} s", m_inventory.routers.size(),
               m_inventory.link_count(), m_interval.count());
  notify_ready(status_line());

  // Wake for the watchdog, to refresh the STATUS line, and once a poll interval to notice
  // inventory edits made with illctl.
  auto last_inventory_check = std::chrono::steady_clock::now();
  std::string last_status;
  for (;;) {
    std::chrono::milliseconds wake = std::chrono::seconds(5);
    if (auto watchdog = watchdog_interval(); watchdog.count() > 0) wake = std::min(wake, watchdog);
    switch (signals.wait(wake)) {
    case Signal::reload:
      notify_reloading();
      reload();
      refresh_inventory(true);
      notify_ready(status_line());
      break;
    case Signal::stop: {
      notify_stopping();
      spdlog::info("illd stopping");
      shut_down();
      spdlog::info("illd stopped");
      return {};
    }
    case Signal::none:
      if (std::chrono::steady_clock::now() - last_inventory_check >= m_interval) {
        last_inventory_check = std::chrono::steady_clock::now();
        refresh_inventory(false);
      }
      break;
    }
    if (auto line = status_line(); line != last_status) {
      notify_status(line);
      last_status = std::move(line);
    }
    if (const auto verdict = health(); verdict.alive) {
      notify_watchdog();
    } else {
      // systemd restarts illd once WatchdogSec passes without a ping; say why first.
      spdlog::error("not pinging the watchdog: {}", verdict.reason);
    }
  }
}

collect::Health Daemon::health() const {
  if (!m_collecting.load(std::memory_order_acquire)) return {};
  const auto writer = m_writer->stats();
  const auto collector = m_collector->stats();
  collect::HealthInputs in;
  in.now = std::chrono::steady_clock::now();
  in.interval = m_interval;
  in.writer_progress = writer.last_progress;
  in.writer_failing_since = writer.failing_since;
  in.writer_failure = writer.failure;
  in.collector_tick = collector.last_tick;
  in.collector_lag = collector.max_lag;
  return collect::assess_health(in);
}

Status Daemon::start_portal() {
  const auto& settings = m_config.values.portal;
  m_portal_http.reset();
  m_portal.reset();
  if (!settings.enabled) return {};
  auto options = portal::Portal::server_options(settings);
  if (!options) return fail(std::move(options.error()).with_context("portal"));
  auto opened = portal::Portal::open({.settings = settings,
                                      .sla = m_config.values.sla,
                                      .db_path = m_config.values.db,
                                      .isp_name = m_config.values.report.isp_name,
                                      .secrets = m_secrets});
  if (!opened) return fail(opened.error());
  m_portal = std::move(*opened);
  portal::Portal* handler = m_portal.get();
  auto server = http::Server::start(
      *options, [handler](const http::Request& r) { return handler->handle(r); });
  if (!server) return fail(std::move(server.error()).with_context("portal listener"));
  m_portal_http = std::move(*server);
  spdlog::info("portal listening on {}{}:{}",
               options->tls_cert_pem.empty() ? "http://" : "https://", options->listen.host,
               m_portal_http->port());
  return {};
}

Status Daemon::start_collecting() {
  const config::Config& c = m_config.values;
  m_interval = interval_from_environment().value_or(std::chrono::seconds(c.poll.interval_s));
  // The configured interval was checked against the probes with the rest of the file
  // (config::load); the test override of ILLD_POLL_INTERVAL_MS is checked here.
  if (std::chrono::milliseconds(static_cast<long long>(c.poll.ping_count) *
                                c.poll.ping_interval_ms) >= m_interval) {
    return fail(Errc::config,
                "poll.ping_count ({}) x poll.ping_interval_ms ({}) must be shorter than the "
                "poll interval ({} s), or every poll would overrun its slot",
                c.poll.ping_count, c.poll.ping_interval_ms, m_interval.count());
  }

  auto writer_db = store::Database::open(c.db, store::OpenMode::existing);
  if (!writer_db) return fail(std::move(writer_db.error()).with_context("writer connection"));
  collect::WriterOptions writer_options;
  writer_options.retention.samples = std::chrono::hours(24 * c.retention.samples_days);
  writer_options.retention.rollups_5m = std::chrono::hours(24 * c.retention.rollups_5m_days);
  if (auto st = start_alerts(writer_options); !st) return st;
  m_writer = std::make_unique<collect::Writer>(
      std::move(*writer_db), writer_options,
      [this](store::Database& db, const collect::WriterStats& stats) {
        write_heartbeat(db, stats, false);
        if (m_sender) m_sender->wake();
      });
  m_writer->set_inventory(m_inventory);

  collect::CollectorOptions options;
  options.interval = m_interval;
  options.timeout = std::chrono::seconds(c.poll.timeout_s);
  options.ping_count = static_cast<unsigned>(c.poll.ping_count);
  options.ping_interval = std::chrono::milliseconds(c.poll.ping_interval_ms);
  options.backoff.cap = std::chrono::seconds(c.poll.backoff_max_s);
  // A dropped connection is retried after 5 s, or sooner on a shorter interval.
  options.backoff.initial =
      std::min<std::chrono::milliseconds>(options.backoff.initial, m_interval);
  auto password_of = [this](const store::Router& router) {
    return collect::router_password(router, *m_secrets);
  };
  options.known_hosts = c.known_hosts_path().string();
  options.ssh_passphrase_of = [this](const store::Router& router) {
    return collect::router_ssh_passphrase(router, *m_secrets);
  };
  collect::Writer* writer = m_writer.get();
  m_collector = std::make_unique<collect::Collector>(
      options, password_of, [writer](collect::PollResult&& r) { writer->push(std::move(r)); });
  m_collector->start(m_inventory);
  m_collecting.store(true, std::memory_order_release);  // /metrics may read them from now
  return {};
}

Status Daemon::start_alerts(collect::WriterOptions& writer_options) {
  const config::Config& c = m_config.values;
  if (!c.alerts.enabled) return {};
  auto channels = notify::open_channels(c, *m_db, *m_secrets);
  if (!channels) return fail(std::move(channels.error()).with_context("alert channels"));
  auto sender_db = store::Database::open(c.db, store::OpenMode::existing);
  if (!sender_db) return fail(std::move(sender_db.error()).with_context("alert sender connection"));
  notify::SenderOptions options;
  options.retry_max = std::chrono::seconds(c.alerts.retry_max_s);
  options.give_up = std::chrono::hours(c.alerts.give_up_after_h);
  m_alerts = std::make_shared<notify::AlertEngine>(c);
  writer_options.in_transaction = [alerts = m_alerts](store::Database& db,
                                                      std::span<const collect::PollResult> batch) {
    return alerts->evaluate(db, batch, now_seconds());
  };
  m_sender =
      std::make_unique<notify::OutboxSender>(std::move(*sender_db), std::move(*channels), options);
  return {};
}

Daemon::~Daemon() { shut_down(); }

void Daemon::shut_down() {
  m_portal_http.reset();
  m_portal.reset();
  m_http.reset();
  stop_collecting();
}

void Daemon::stop_collecting() {
  if (m_collector) m_collector->stop();  // polls in flight end without a result
  if (m_writer) {
    m_writer->stop();  // writes what is queued
    write_heartbeat(*m_db, m_writer->stats(), true);
  }
  m_collector.reset();
  m_writer.reset();
  if (m_sender) m_sender->stop();  // a delivery in flight finishes (bounded by its timeout)
}

void Daemon::write_heartbeat(store::Database& db, const collect::WriterStats& stats, bool stopped) {
  (void)stats;
  store::DaemonHeartbeat beat;
  beat.at = now_seconds();
  beat.started = std::chrono::floor<std::chrono::seconds>(m_started);
  beat.pid = static_cast<std::int64_t>(::getpid());
  beat.interval_s = m_interval.count();
  if (m_collector) {
    auto collector = m_collector->stats();
    beat.cycle_lag_ms = collector.max_lag.count();
    beat.routers_polled = static_cast<std::int64_t>(collector.routers);
  }
  beat.stopped = stopped;
  if (auto st = store::DaemonStatusRepository(db).put(beat); !st) {
    spdlog::warn("cannot write the heartbeat: {}", st.error().what());
  }
}

std::string Daemon::status_line() const {
  if (!m_writer || !m_collector) return "starting";
  auto counts = m_writer->router_status_counts();
  auto stats = m_collector->stats();
  auto count = [&](const char* status) {
    auto it = counts.find(status);
    return it == counts.end() ? std::size_t{0} : it->second;
  };
  std::string line =
      fmt::format("polling {} routers, {} unreachable", stats.routers, count("unreachable"));
  if (auto refused = count("auth-failed")) line += fmt::format(", {} login refused", refused);
  if (auto waiting = count("unknown")) line += fmt::format(", {} not polled yet", waiting);
  line += fmt::format("; {} links", m_inventory.link_count());
  return line;
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
  if (m_writer) m_writer->set_inventory(m_inventory);
  if (m_collector) m_collector->update(m_inventory);
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
  if (loaded->values.poll.interval_s != m_config.values.poll.interval_s ||
      loaded->values.poll.timeout_s != m_config.values.poll.timeout_s) {
    spdlog::warn("poll settings changed; restart illd to apply them");
  }
  m_config = std::move(*loaded);
  // The portal restarts with the new [portal] settings and re-reads its certificate files; its
  // sessions live in the store, so nobody is signed out.
  if (auto st = start_portal(); !st) spdlog::error("portal not restarted: {}", st.error().what());
  ++m_snapshot.reloads;
  m_snapshot.config_loaded = std::chrono::system_clock::now();
  spdlog::info("configuration reloaded");
}

}  // namespace ill::daemon
