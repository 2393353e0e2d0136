// Print benchmark for ill's own RouterOS client, in the format of bench_sim_peers.sh:
//   bench_ill_print ADDRESS PORT USER PASSWORD N [seq|pipelined|poll]
// seq: N /interface/print one after another on one connection (the peers' workload);
// pipelined: the same N prints with up to 16 tagged commands in flight;
// poll: N whole polls (resource, identity, interfaces by query) as illd and illctl poll run them.
// Prints `prints=N rows=R seconds=S` (login excluded).
#include "collect/router_poll.hpp"
#include "routeros/client.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

using namespace ill;

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
  auto deadline = routeros::deadline_in(std::chrono::minutes(10));
  auto client = collect::connect_and_login(endpoint, argv[3], argv[4], deadline);
  if (!client) {
    std::fprintf(stderr, "bench_ill_print: %s\n", client.error().what().c_str());
    return 1;
  }
  std::size_t rows = 0;
  auto start = std::chrono::steady_clock::now();
  if (mode == "seq") {
    for (long i = 0; i < n; ++i) {
      auto reply = client->call(routeros::Command("/interface/print"), deadline);
      if (!reply) return std::fprintf(stderr, "%s\n", reply.error().what().c_str()), 1;
      rows += reply->rows.size();
    }
  } else if (mode == "pipelined") {
    std::deque<std::string> in_flight;
    long sent = 0;
    while (sent < n || !in_flight.empty()) {
      while (sent < n && in_flight.size() < 16) {
        auto tag = client->send(routeros::Command("/interface/print"), deadline);
        if (!tag) return std::fprintf(stderr, "%s\n", tag.error().what().c_str()), 1;
        in_flight.push_back(*tag);
        ++sent;
      }
      auto reply = client->wait(in_flight.front(), deadline);
      if (!reply) return std::fprintf(stderr, "%s\n", reply.error().what().c_str()), 1;
      rows += reply->rows.size();
      in_flight.pop_front();
    }
  } else if (mode == "poll") {
    collect::PollPlan plan;
    plan.monitor_traffic = false;
    for (long i = 0; i < n; ++i) {
      auto poll = collect::poll_router(*client, plan, deadline);
      if (!poll) return std::fprintf(stderr, "%s\n", poll.error().what().c_str()), 1;
      rows += poll->interfaces.size();
    }
  } else {
    std::fprintf(stderr, "bench_ill_print: unknown mode %s\n", mode.c_str());
    return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("prints=%ld rows=%zu seconds=%.6f\n", n, rows, seconds);
  return 0;
}
