// Print benchmark for ill's own RouterOS client, in the format of bench_sim_peers.sh:
//   bench_ill_print ADDRESS PORT USER PASSWORD N [seq|pipelined|poll]
// seq: N /interface/print one after another on one connection (the peers' workload);
// pipelined: the same N prints with up to 16 tagged commands in flight;
// poll: N whole polls (resource, identity, interfaces by query) as illd and illctl poll run them.
// Prints `prints=N rows=R seconds=S` (login excluded).
#include "collect/async_poll.hpp"
#include "routeros/run_local.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

using namespace ill;

namespace {

asio::awaitable<Result<std::size_t>> run(asio::any_io_executor ex, routeros::Endpoint endpoint,
                                         std::string user, std::string password, long n,
                                         std::string mode, double& seconds) {
  auto deadline = routeros::deadline_in(std::chrono::minutes(10));
  auto session = co_await collect::open_router_session(ex, endpoint, user, password, deadline);
  if (!session) co_return fail(std::move(session.error()));
  std::size_t rows = 0;
  auto start = std::chrono::steady_clock::now();
  if (mode == "seq") {
    for (long i = 0; i < n; ++i) {
      auto reply = co_await session->call(routeros::Command("/interface/print"), deadline);
      if (!reply) co_return fail(std::move(reply.error()));
      rows += reply->rows.size();
    }
  } else if (mode == "pipelined") {
    std::deque<std::string> in_flight;
    long sent = 0;
    while (sent < n || !in_flight.empty()) {
      while (sent < n && in_flight.size() < 16) {
        auto tag = session->send(routeros::Command("/interface/print"));
        if (!tag) co_return fail(std::move(tag.error()));
        in_flight.push_back(*tag);
        ++sent;
      }
      auto reply = co_await session->wait(in_flight.front(), deadline);
      if (!reply) co_return fail(std::move(reply.error()));
      rows += reply->rows.size();
      in_flight.pop_front();
    }
  } else if (mode == "poll") {
    collect::PollPlan plan;
    plan.monitor_traffic = false;
    for (long i = 0; i < n; ++i) {
      auto poll = co_await collect::poll_router_now(*session, plan, deadline);
      if (!poll) co_return fail(std::move(poll.error()));
      rows += poll->interfaces.size();
    }
  } else {
    co_return fail(Errc::usage, "unknown mode {}", mode);
  }
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  co_return rows;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr,
                 "usage: bench_ill_print ADDRESS PORT USER PASSWORD N [seq|pipelined|poll]\n");
    return 2;
  }
  routeros::Endpoint endpoint{.host = argv[1],
                              .port = static_cast<std::uint16_t>(std::atoi(argv[2]))};
  long n = std::atol(argv[5]);
  std::string mode = argc > 6 ? argv[6] : "seq";
  double seconds = 0;
  auto rows = routeros::run_local([&](asio::any_io_executor ex) {
    return run(ex, endpoint, argv[3], argv[4], n, mode, seconds);
  });
  if (!rows) {
    std::fprintf(stderr, "bench_ill_print: %s\n", rows.error().what().c_str());
    return 1;
  }
  std::printf("prints=%ld rows=%zu seconds=%.6f\n", n, *rows, seconds);
  return 0;
}
