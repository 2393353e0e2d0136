#include "sim/server.hpp"

#include "sim/rest_gateway.hpp"
#include "sim/session.hpp"
#include "sim/tls.hpp"

#include <fmt/format.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <sstream>

namespace ill::sim {

using asio::ip::tcp;

struct Simulator::Impl {
  Impl(asio::io_context& io_, SimConfig config_, std::function<void(const std::string&)> emit_)
      : io(io_), config(std::move(config_)), emit(std::move(emit_)), tick(io_) {}

  asio::io_context& io;
  SimConfig config;
  std::function<void(const std::string&)> emit;
  std::vector<std::unique_ptr<Router>> routers;
  Clock clock;
  asio::steady_timer tick;
  std::string cert_path;  // the generated certificate, for clients that verify it
  std::vector<std::unique_ptr<RestGateway>> gateways;  // of routers with rest = true
  bool stopped = false;

  Router* find(std::string_view name) {
    for (auto& r : routers)
      if (r->model.name() == name) return r.get();
    return nullptr;
  }

  Status listen(Router& r) {
    std::error_code ec;
    r.acceptor.open(r.endpoint.protocol(), ec);
    if (!ec) r.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) r.acceptor.bind(r.endpoint, ec);
    if (!ec) r.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::error_code ignored;
      r.acceptor.close(ignored);
      return fail(Errc::unreachable, "router {}: cannot listen on {}:{}: {}", r.model.name(),
                  r.endpoint.address().to_string(), r.endpoint.port(), ec.message());
    }
    r.endpoint = r.acceptor.local_endpoint();
    r.listening = true;
    accept(r);
    return {};
  }

  void unlisten(Router& r) {
    std::error_code ignored;
    r.acceptor.close(ignored);
    r.listening = false;
  }

  void accept(Router& r) {
    r.acceptor.async_accept([this, &r](const std::error_code& ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !r.listening) return;
        accept(r);  // e.g. EMFILE: keep serving the others
        return;
      }
      if (static_cast<int>(r.sessions.size()) >= r.model.config().max_sessions) {
        // Over max-sessions: accepted, then closed at once without a word.
        std::error_code ignored;
        socket.close(ignored);
      } else {
        ++r.sessions_started;
        auto session = std::make_shared<Session>(r, clock, std::move(socket));
        r.sessions.insert(session);
        session->start();
      }
      accept(r);
    });
  }

  void drop_sessions(Router& r) {
    auto copy = r.sessions;
    for (const auto& s : copy) s->close();
  }

  // Brings a router's listener and sessions in line with its model at the current time.
  void reconcile(Router& r) {
    TimeMs now = clock.now();
    bool rebooting = r.model.rebooting(now);
    TimeMs boot = r.model.boot_time(now);
    bool refuse = r.model.config().unreachable_mode == UnreachableMode::refuse;
    bool reachable = r.model.reachable(now);
    if (rebooting || boot != r.last_boot || (refuse && !reachable)) drop_sessions(r);
    r.last_boot = boot;
    bool want = !rebooting && (reachable || !refuse);
    if (want && !r.listening) {
      auto status = listen(r);
      if (!status) emit("warning " + status.error().what());
    } else if (!want && r.listening) {
      unlisten(r);
    }
  }

  void on_tick() {
    if (stopped) return;
    for (auto& r : routers) reconcile(*r);
    tick.expires_after(std::chrono::milliseconds(250));
    tick.async_wait([this](const std::error_code& ec) {
      if (!ec) on_tick();
    });
  }

  Status start() {
    TimeMs start = config.start.value_or(Clock{}.now());
    if (config.start) clock.offset = *config.start - Clock{}.now();
    std::vector<std::string> tls_addresses;
    bool need_cert = false;
    for (const auto& rc : config.routers) {
      if (rc.transport == Transport::api_ssl && rc.tls == TlsMode::certificate &&
          rc.cert_file.empty()) {
        need_cert = true;
        tls_addresses.push_back(rc.address);
      }
    }
    PemPair generated;
    if (need_cert) {
      auto pem = make_self_signed(tls_addresses);
      if (!pem) return fail(pem.error());
      generated = *pem;
      const char* tmp = std::getenv("TMPDIR");
      cert_path = fmt::format("{}/ill-sim-{}-cert.pem", tmp && *tmp ? tmp : "/tmp", ::getpid());
      std::FILE* f = std::fopen(cert_path.c_str(), "wb");
      if (!f) return fail(Errc::io, "{}: cannot write", cert_path);
      std::fwrite(generated.certificate.data(), 1, generated.certificate.size(), f);
      std::fclose(f);
    }
    std::map<std::string, std::shared_ptr<asio::ssl::context>> contexts;
    for (const auto& rc : config.routers) {
      auto r = std::make_unique<Router>(io, rc, config.seed, start);
      std::error_code ec;
      r->endpoint = tcp::endpoint(asio::ip::make_address(rc.address, ec),
                                  static_cast<unsigned short>(rc.port));
      if (ec) return fail(Errc::config, "router {}: bad address {}", rc.name, rc.address);
      if (rc.transport == Transport::api_ssl) {
        // Routers with the same TLS settings share one context.
        std::string key = fmt::format("{}|{}|{}|{}", static_cast<int>(rc.tls), rc.tls_only_12,
                                      rc.cert_file, rc.key_file);
        auto& ctx = contexts[key];
        if (!ctx) {
          auto made = make_server_context(rc, need_cert ? &generated : nullptr);
          if (!made) return fail(made.error());
          ctx = *made;
        }
        r->tls = ctx;
      }
      r->last_boot = r->model.boot_time(clock.now());
      routers.push_back(std::move(r));
    }
    for (auto& r : routers) {
      TimeMs now = clock.now();
      bool refuse = r->model.config().unreachable_mode == UnreachableMode::refuse;
      // Bind even a router that starts unreachable or rebooting, so its port is known; the
      // first tick closes the listener again when it must refuse.
      auto status = listen(*r);
      if (!status) return status;
      if (r->model.rebooting(now) || (refuse && !r->model.reachable(now))) unlisten(*r);
    }
    std::map<std::string, int> rest_ports;
    for (auto& r : routers) {
      const auto& rc = r->model.config();
      if (!rc.rest) continue;
      routeros::Endpoint api;
      api.host = r->endpoint.address().to_string();
      api.port = r->endpoint.port();
      if (rc.transport == Transport::api_ssl) {
        api.tls = routeros::Tls::on;
        api.tls_options.verify =
            rc.tls == TlsMode::anonymous ? routeros::TlsVerify::adh : routeros::TlsVerify::none;
      }
      auto gateway = RestGateway::start(rc.address, api, rc.cert_file, rc.key_file, rc.rest_fault);
      if (!gateway) return fail(std::move(gateway.error()).with_context("router " + rc.name));
      rest_ports[rc.name] = (*gateway)->port();
      gateways.push_back(std::move(*gateway));
    }
    for (auto& r : routers) {
      const auto& rc = r->model.config();
      nlohmann::ordered_json line = {
          {"router", rc.name},          {"address", r->endpoint.address().to_string()},
          {"port", r->endpoint.port()}, {"transport", std::string(to_string(rc.transport))},
          {"version", rc.version.text}, {"user", rc.users.front().name},
      };
      if (rc.transport == Transport::api_ssl) {
        line["tls"] = rc.tls == TlsMode::anonymous ? "anonymous" : "certificate";
        if (rc.tls == TlsMode::certificate)
          line["ca_file"] = rc.cert_file.empty() ? cert_path : rc.cert_file;
      }
      if (rc.rest) {
        line["rest_port"] = rest_ports[rc.name];
        line["rest_ca_file"] = rc.cert_file;
      }
      emit(line.dump());
    }
    emit("ready");
    on_tick();
    return {};
  }

  void stop() {
    if (stopped) return;
    stopped = true;
    tick.cancel();
    gateways.clear();
    for (auto& r : routers) {
      unlisten(*r);
      drop_sessions(*r);
    }
    if (!cert_path.empty()) ::unlink(cert_path.c_str());
  }

  std::string control(std::string_view line);
};

namespace {

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// A number, optionally with an SI suffix (k, M, G) as rates are written: "50M", "1.5G".
std::optional<double> parse_number(std::string_view text) {
  double scale = 1;
  if (!text.empty()) {
    switch (text.back()) {
    case 'k': scale = 1e3; break;
    case 'M': scale = 1e6; break;
    case 'G': scale = 1e9; break;
    default: break;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v * scale;
}

// "key=value" arguments of the ping and rate commands.
std::optional<double> keyed(const std::vector<std::string>& words, std::string_view key) {
  for (const auto& w : words) {
    if (w.size() > key.size() && w.compare(0, key.size(), key) == 0 && w[key.size()] == '=')
      return parse_number(std::string_view(w).substr(key.size() + 1));
  }
  return std::nullopt;
}

constexpr std::string_view k_control_help =
    "commands: link R IFACE down|up; router R unreachable SECONDS|reachable|reboot [SECONDS]; "
    "fault R KIND [once] (KIND: none garbage stall huge-length close-after-login fatal "
    "control-byte); ping R ADDRESS [latency=MS] [jitter=MS] [loss=PCT]; rate R IFACE [rx=BPS] "
    "[tx=BPS]; clock [+S|-S|set TIME]; sessions R; quit";

}  // namespace

std::string Simulator::Impl::control(std::string_view raw_line) {
  std::string line(raw_line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  auto w = split_words(line);
  auto error = [&](std::string_view why) { return fmt::format("error {}: {}", line, why); };
  auto ok = [&](std::string_view extra = {}) {
    return extra.empty() ? "ok " + line : fmt::format("ok {} {}", line, extra);
  };
  if (w.empty()) return error("empty command");
  const std::string& verb = w[0];
  TimeMs now = clock.now();

  if (verb == "help") return ok(k_control_help);
  if (verb == "clock") {
    if (w.size() == 1) return ok(format_rfc3339(now));
    if (w[1] == "set" && w.size() == 3) {
      auto t = parse_rfc3339(w[2]);
      if (!t) return error(t.error().message());
      clock.offset += *t - now;
    } else if (w.size() == 2 && (w[1][0] == '+' || w[1][0] == '-')) {
      auto v = parse_number(std::string_view(w[1]).substr(1));
      if (!v) return error("expected +SECONDS or -SECONDS");
      auto delta = static_cast<TimeMs>(*v * 1000);
      clock.offset += w[1][0] == '+' ? delta : -delta;
    } else {
      return error("usage: clock [+SECONDS|-SECONDS|set TIME]");
    }
    for (auto& r : routers) reconcile(*r);
    return ok(format_rfc3339(clock.now()));
  }
  if (w.size() < 2) return error(std::string(k_control_help));
  Router* r = find(w[1]);
  if (!r && verb != "quit") return error(fmt::format("no router named '{}'", w[1]));

  if (verb == "link" && w.size() == 4) {
    bool done = w[3] == "down" ? r->model.set_link_down(w[2], now)
                : w[3] == "up" ? r->model.set_link_up(w[2], now)
                               : false;
    if (w[3] != "down" && w[3] != "up") return error("expected up or down");
    if (!done) return error(fmt::format("router {} has no interface '{}'", w[1], w[2]));
    return ok();
  }
  if (verb == "router" && w.size() >= 3) {
    if (w[2] == "unreachable" && w.size() == 4) {
      auto seconds = parse_number(w[3]);
      if (!seconds || *seconds <= 0) return error("expected a number of seconds");
      r->model.add_unreachable(now, now + static_cast<TimeMs>(*seconds * 1000));
    } else if (w[2] == "reachable" && w.size() == 3) {
      r->model.clear_unreachable(now);
    } else if (w[2] == "reboot" && w.size() <= 4) {
      double seconds = 0;
      if (w.size() == 4) {
        auto s = parse_number(w[3]);
        if (!s || *s < 0) return error("expected a number of seconds");
        seconds = *s;
      }
      r->model.reboot(now, static_cast<TimeMs>(seconds * 1000));
      drop_sessions(*r);
    } else {
      return error("usage: router R unreachable SECONDS|reachable|reboot [SECONDS]");
    }
    reconcile(*r);
    return ok();
  }
  if (verb == "fault" && (w.size() == 3 || w.size() >= 4)) {
    auto f = parse_fault(w[2]);
    if (!f)
      return error(
          "unknown fault (none garbage stall huge-length close-after-login fatal control-byte)");
    r->fault = *f;
    r->fault_once = w.size() >= 4 && w[3] == "once";
    if (w.size() >= 4 && w[3] != "once") return error("expected `once` or nothing after the fault");
    return ok();
  }
  if (verb == "ping" && w.size() >= 3) {
    PingParams p = r->model.ping_params(w[2], now);
    if (!r->model.ping_target(w[2])) p = PingParams{1, 0, 0};
    if (auto v = keyed(w, "latency")) p.latency_ms = *v;
    if (auto v = keyed(w, "jitter")) p.jitter_ms = *v;
    if (auto v = keyed(w, "loss")) p.loss_pct = *v;
    r->model.set_ping_override(w[2], p);
    return ok();
  }
  if (verb == "rate" && w.size() >= 4) {
    if (!r->model.interface_index(w[2]))
      return error(fmt::format("router {} has no interface '{}'", w[1], w[2]));
    r->model.set_rates(w[2], keyed(w, "rx"), keyed(w, "tx"));
    return ok();
  }
  if (verb == "sessions" && w.size() == 2) return ok(std::to_string(r->sessions.size()));
  return error(std::string(k_control_help));
}

Simulator::Simulator(asio::io_context& io, SimConfig config,
                     std::function<void(const std::string&)> emit)
    : m_impl(std::make_unique<Impl>(io, std::move(config), std::move(emit))) {}

Simulator::~Simulator() { m_impl->stop(); }

Status Simulator::start() { return m_impl->start(); }
std::string Simulator::control(std::string_view line) { return m_impl->control(line); }
void Simulator::stop() { m_impl->stop(); }
TimeMs Simulator::now() const { return m_impl->clock.now(); }

}  // namespace ill::sim
