// ill-sim: a RouterOS API server for tests, the demo and benchmarks. See tests/sim/README.md.
#include "sim/config.hpp"
#include "sim/history.hpp"
#include "sim/server.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace {

constexpr const char* k_description =
    R"(ill-sim: simulated MikroTik routers speaking the RouterOS API.

One process serves every router in a TOML config, each on its own loopback address or port,
plain (api) or TLS (api-ssl, with a certificate or anonymous DH). Interfaces carry 64-bit
counters that advance with time, links go down on schedules, ping targets have latency and
loss, routers reboot, become unreachable and misbehave on demand. The config format is in
tests/sim/README.md; tests/sim/examples/demo.toml is a worked example.

  ill-sim serve --config demo.toml      (or just: ill-sim --config demo.toml)
      Prints one JSON line per router, then `ready`:
        {"router":"gw1","address":"127.0.0.1","port":40123,"transport":"api",...}
        ready
      then reads control lines on stdin, answering each with `ok ...` or `error ...`:
        link gw1 ether2 down | link gw1 ether2 up
        router gw1 unreachable 30 | router gw1 reachable | router gw1 reboot [SECONDS]
        fault gw1 garbage|stall|huge-length|close-after-login|fatal|control-byte|none [once]
        ping gw1 10.0.0.1 latency=80 jitter=5 loss=20
        rate gw1 ether1 rx=50M tx=10M
        clock +3600 | clock set 2026-10-01T00:00:00Z | clock
        sessions gw1 | help | quit
      Stops on `quit`, SIGTERM or SIGINT (stdin reaching EOF does not stop it).

  ill-sim history --config demo.toml --from 2026-10-01T00:00:00Z --to 2026-11-01T00:00:00Z \
                  --interval 60 --out DIR
      Writes DIR/<link>.csv for every [[link]]: time,state,rx_bps,tx_bps,latency_ms,loss_pct
      (the `illctl history import` format), computed from the same model, without waiting.

  ill-sim check --config demo.toml
      Validates the config and prints a summary.

Exit status: 0 ok, 1 runtime failure (cannot listen, cannot write), 2 usage, 8 bad config.)";

void emit_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int serve(const ill::sim::SimConfig& config) {
  raise_fd_limit();
  asio::io_context io(1);
  ill::sim::Simulator sim(io, config, emit_line);
  if (auto status = sim.start(); !status) {
    std::fprintf(stderr, "ill-sim: error: %s\n", status.error().what().c_str());
    return 1;
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int) {
    if (ec) return;
    sim.stop();
    io.stop();
  });
  // stdin is read on its own thread (it may be a pipe, a file or a terminal); each line is
  // handed to the io thread, which owns all simulator state.
  std::thread([&io, &sim] {
    std::string line;
    while (std::getline(std::cin, line)) {
      bool quit = line == "quit";
      asio::post(io, [&sim, &io, line, quit] {
        if (quit) {
          emit_line("ok quit");
          sim.stop();
          io.stop();
          return;
        }
        emit_line(sim.control(line));
      });
      if (quit) return;
    }
  }).detach();
  io.run();
  sim.stop();
  std::fflush(stdout);
  // The stdin thread may still be blocked in getline(); leave without running destructors
  // that it could race with.
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(k_description, "ill-sim");
  std::string config_path;
  app.add_option("-c,--config", config_path, "TOML file describing the routers (serve)");
  auto* serve_cmd =
      app.add_subcommand("serve", "Serve the routers over the RouterOS API (default)");
  serve_cmd->add_option("-c,--config", config_path, "TOML file describing the routers")->required();
  auto* history_cmd = app.add_subcommand("history", "Write per-link history CSVs, no waiting");
  std::string from_text, to_text, out_dir;
  double interval = 60;
  history_cmd->add_option("-c,--config", config_path, "TOML file with routers and [[link]]s")
      ->required();
  history_cmd->add_option("--from", from_text, "First row, RFC 3339 (e.g. 2026-10-01T00:00:00Z)")
      ->required();
  history_cmd->add_option("--to", to_text, "End (exclusive), RFC 3339")->required();
  history_cmd->add_option("--interval", interval, "Seconds between rows (default 60)");
  history_cmd->add_option("--out", out_dir, "Directory for <link>.csv files")->required();
  auto* check_cmd = app.add_subcommand("check", "Validate a config and summarise it");
  check_cmd->add_option("-c,--config", config_path, "TOML file to check")->required();
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "ill-sim: error: %s (see ill-sim --help)\n", e.what());
    return 2;
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "ill-sim: error: --config FILE is required (see ill-sim --help)\n");
    return 2;
  }
  auto config = ill::sim::load_config(config_path);
  if (!config) {
    std::fprintf(stderr, "ill-sim: error: %s\n", config.error().what().c_str());
    return 8;
  }
  if (*check_cmd) {
    std::size_t interfaces = 0;
    for (const auto& r : config->routers) interfaces += r.interfaces.size();
    std::printf("%s: ok: %zu routers, %zu interfaces, %zu links\n", config_path.c_str(),
                config->routers.size(), interfaces, config->links.size());
    return 0;
  }
  if (*history_cmd) {
    auto from = ill::sim::parse_rfc3339(from_text);
    auto to = ill::sim::parse_rfc3339(to_text);
    if (!from || !to) {
      std::fprintf(stderr, "ill-sim: error: %s\n", (!from ? from : to).error().what().c_str());
      return 2;
    }
    auto started = std::chrono::steady_clock::now();
    auto summary = ill::sim::write_history(
        *config, *from, *to, static_cast<ill::sim::DurationMs>(interval * 1000), out_dir);
    if (!summary) {
      std::fprintf(stderr, "ill-sim: error: %s\n", summary.error().what().c_str());
      return summary.error().category() == ill::Errc::usage ? 2 : 1;
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    std::fprintf(stderr, "ill-sim: wrote %zu files, %zu rows in %lld ms\n", summary->files,
                 summary->rows, static_cast<long long>(ms));
    return 0;
  }
  return serve(*config);
}
