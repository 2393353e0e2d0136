// CPU time per poll of one router, per transport, on one logged-in session (login excluded):
//   bench_transports api|api-ssl|rest HOST PORT N [inflight]
//   bench_transports ssh HOST PORT N [inflight] SSH_PORT SSH_USER KEY_FILE KNOWN_HOSTS
// Each poll is what illd sends (resource, identity, interfaces); `inflight` polls (default 1) go
// out together, so polls/s with 8 in flight is the throughput of one connection. Prints
// `transport=T polls=N inflight=K cpu_us_per_poll=C wall_s=W polls_per_s=R`; the CPU time is the
// whole process's (the REST worker thread included), so it is the client's cost of a poll.
#include "collect/async_poll.hpp"
#include "process_cpu.hpp"
#include "routeros/run_local.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ill;

namespace {

asio::awaitable<Status> run(asio::any_io_executor ex, routeros::Endpoint endpoint, long n,
                            long inflight, double& cpu, double& wall) {
  auto deadline = routeros::deadline_in(std::chrono::minutes(10));
  auto session = co_await collect::open_router_session(ex, endpoint, "bench", "bench", deadline);
  if (!session) co_return fail(std::move(session.error()));
  collect::PollPlan plan;
  plan.monitor_traffic = false;
  const auto one = collect::poll_commands(plan);
  const double cpu_start = ill::bench::process_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  for (long done = 0; done < n; done += inflight) {
    std::vector<routeros::Command> batch;
    for (long k = 0; k < inflight; ++k) batch.insert(batch.end(), one.begin(), one.end());
    auto replies = co_await session->call_all(std::move(batch), deadline);
    for (auto& reply : replies)
      if (!reply) co_return fail(std::move(reply.error()));
  }
  wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cpu = ill::bench::process_cpu_seconds() - cpu_start;
  co_return Status{};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_transports TRANSPORT HOST PORT N [INFLIGHT] [SSH...]\n");
    return 2;
  }
  const std::string transport = argv[1];
  routeros::Endpoint e;
  e.host = argv[2];
  e.port = static_cast<std::uint16_t>(std::atoi(argv[3]));
  const long n = std::atol(argv[4]);
  const long inflight = argc > 5 ? std::max(1L, std::atol(argv[5])) : 1;
  if (transport == "api-ssl") {
    e.tls = routeros::Tls::on;
    e.tls_options.verify = routeros::TlsVerify::none;
  } else if (transport == "rest") {
    e.via = routeros::Via::rest;
    e.tls_options.verify = routeros::TlsVerify::none;
  } else if (transport == "ssh") {
    if (argc < 10) {
      std::fprintf(stderr, "ssh needs INFLIGHT SSH_PORT SSH_USER KEY_FILE KNOWN_HOSTS\n");
      return 2;
    }
    e.via = routeros::Via::ssh;
    e.ssh.host = e.host;
    e.ssh.target_host = e.host;
    e.ssh.port = static_cast<std::uint16_t>(std::atoi(argv[6]));
    e.ssh.user = argv[7];
    e.ssh.key_file = argv[8];
    e.ssh.known_hosts = argv[9];
  }
  double cpu = 0, wall = 0;
  auto status = routeros::run_local([&](asio::any_io_executor ex) -> asio::awaitable<Status> {
    co_return co_await run(ex, e, n, inflight, cpu, wall);
  });
  if (!status) {
    std::fprintf(stderr, "bench_transports %s: %s\n", transport.c_str(),
                 status.error().what().c_str());
    return 1;
  }
  std::printf(
      "transport=%s polls=%ld inflight=%ld cpu_us_per_poll=%.1f wall_s=%.3f "
      "polls_per_s=%.0f\n",
      transport.c_str(), n, inflight, cpu / static_cast<double>(n) * 1e6, wall,
      static_cast<double>(n) / wall);
  return 0;
}
