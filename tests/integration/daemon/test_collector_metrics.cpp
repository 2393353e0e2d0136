// What illd's /metrics says while it polls ill-sim, checked by promtool and by a real
// Prometheus server scraping it.
#include "deployment.hpp"
#include "edge_sim.hpp"
#include "support/http_client.hpp"
#include "support/prometheus.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::test::Deployment;

TEST_CASE("Prometheus scrapes illd and answers a link's rate; a dead router is visible",
          "[integration][daemon][collector][metrics]") {
  Deployment d(ill::test::k_edge_sim);
  REQUIRE_THAT(d.sim().control("router pe2 unreachable 600"), Contains("ok"));
  d.import(ill::test::k_edge_inventory, "s3cret");
  d.start_illd();

  // promtool accepts what illd really serves, once both routers have been tried.
  std::string body;
  REQUIRE(Deployment::wait_until(
      [&] {
        body = ill::test::http_get(d.http_port(), "/metrics").body;
        return body.find("illd_router_status{router=\"pe2\",status=\"unreachable\"} 1") !=
                   std::string::npos &&
               body.find("illd_link_rx_bytes_per_second{link=\"acme-1\"") != std::string::npos;
      },
      30s));
  auto check = ill::test::run({"/usr/bin/promtool", "check", "metrics"}, {.stdin_data = body});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  ill::test::Prometheus prometheus("127.0.0.1:" + std::to_string(d.http_port()));
  INFO(prometheus.log());
  auto rate = prometheus.wait_for_value(
      "illd_link_rx_bytes_per_second{link=\"acme-1\"} * 8",
      [](double v) { return v > 7.7e6 && v < 8.3e6; }, 60s);
  REQUIRE(rate);
  CHECK(*rate == Approx(8e6).epsilon(0.03));
  // The router that never answered: up 0, its link's state unknown, no up sample for it.
  CHECK(prometheus.query_value("illd_router_up{router=\"pe2\"}") == 0.0);
  CHECK(prometheus.query_value("illd_router_up{router=\"pe1\"}") == 1.0);
  CHECK(prometheus.query_value("illd_link_state{link=\"acme-3\",state=\"unknown\"}") == 1.0);
  CHECK_FALSE(prometheus.query_value("illd_link_up{link=\"acme-3\"}"));
  // mktxp's names, as dashboard 13679 asks for them.
  auto bytes = prometheus.query_value(
      "mktxp_interface_rx_byte_total{routerboard_name=\"pe1\",name=\"ether1\"}");
  REQUIRE(bytes);
  CHECK(*bytes > 0);
  CHECK(d.stop_illd() == 0);
}

// A router that stops answering: its links' live state follows at once (in the same scrape that
// first shows the router unreachable), not only once the timeline's coverage of the last
// observation runs out a few intervals later.
TEST_CASE("a router that dies takes its links to unknown on /metrics in the same scrape",
          "[integration][daemon][collector][metrics]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  d.start_illd();
  REQUIRE(Deployment::wait_until(
      [&] {
        return ill::test::http_get(d.http_port(), "/metrics")
                   .body.find("illd_link_up{link=\"acme-3\"") != std::string::npos;
      },
      30s));
  REQUIRE_THAT(d.sim().control("router pe2 unreachable 600"), Contains("ok"));
  std::string body;
  REQUIRE(Deployment::wait_until(
      [&] {
        body = ill::test::http_get(d.http_port(), "/metrics").body;
        return body.find("illd_router_status{router=\"pe2\",status=\"unreachable\"} 1") !=
               std::string::npos;
      },
      30s));
  INFO(body);
  CHECK_THAT(body, Contains("illd_link_state{link=\"acme-3\",client=\"acme\",router=\"pe2\","));
  CHECK(body.find("illd_link_up{link=\"acme-3\"") == std::string::npos);
  const auto unknown = body.find("illd_link_state{link=\"acme-3\"");
  REQUIRE(unknown != std::string::npos);
  // The unknown line of acme-3 says 1.
  bool unknown_one = false;
  for (auto at = unknown; at != std::string::npos;
       at = body.find("illd_link_state{link=\"acme-3\"", at + 1)) {
    const auto end = body.find('\n', at);
    const std::string line = body.substr(at, end - at);
    if (line.find("state=\"unknown\"") != std::string::npos) unknown_one = line.ends_with(" 1");
  }
  CHECK(unknown_one);
  CHECK(d.stop_illd() == 0);
}
