// A real Prometheus server (Debian's package, on loopback) scraping what ill exposes.
#include "fixtures/sample_fleet.hpp"
#include "metrics/daemon_metrics.hpp"
#include "metrics_server.hpp"
#include "support/illd.hpp"
#include "support/process.hpp"
#include "support/prometheus.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <set>

using namespace std::chrono_literals;
using ill::test::Process;
using ill::test::Prometheus;

TEST_CASE("Prometheus scrapes illd and answers illd_build_info", "[integration][metrics]") {
  ill::test::TempDir dir;
  auto conf = ill::test::illd_config(dir);
  Process illd({ILL_ILLD_PATH, "--config", conf.string()}, ill::test::illd_clean_env());
  REQUIRE(illd.wait_for_output("illd starting", 10s, true));
  auto port = ill::test::illd_http_port(illd);
  REQUIRE(port != 0);

  Prometheus prometheus("127.0.0.1:" + std::to_string(port));
  auto value = prometheus.wait_for_value(
      "illd_build_info{job=\"ill\"}", [](double v) { return v == 1; }, 60s);
  INFO(prometheus.log());
  CHECK(value == 1.0);
  // The scrape itself went well, which `up` tells.
  CHECK(prometheus.query_value("up{job=\"ill\"}") == 1.0);
  auto info = prometheus.query("illd_build_info");
  REQUIRE(info.size() == 1);
  CHECK(!info[0].labels.at("version").empty());

  illd.signal(SIGTERM);
  CHECK(illd.wait(5s) == 0);
}

TEST_CASE("the queries of Grafana dashboard 13679 answer on ill's mktxp families",
          "[integration][metrics]") {
  // The queries the "Mikrotik MKTXP Exporter" dashboard makes of the families ill shares with
  // mktxp, for one router chosen in its $node variable, and the labels its legends print.
  auto server = ill::test::serve_metrics(
      ill::metrics::render(ill::metrics::DaemonSnapshot{}, ill::test::sample_fleet()));
  Prometheus prometheus("127.0.0.1:" + std::to_string(server->port()));
  INFO(prometheus.log());

  // The $node variable: label_values(mktxp_system_identity_info, routerboard_name).
  auto nodes = prometheus.wait_for(
      "count by (routerboard_name) (mktxp_system_identity_info)",
      [](const auto& s) { return !s.empty(); }, 60s);
  std::set<std::string> names;
  for (const auto& s : nodes) names.insert(s.labels.at("routerboard_name"));
  CHECK(names.count("gw-core-1") == 1);
  CHECK(names.count("gw-dead") == 1);

  const std::string node = "{routerboard_name=\"gw-core-1\"}";
  auto one = [&](const std::string& promql) {
    auto samples = prometheus.wait_for(
        promql, [](const auto& s) { return !s.empty(); }, 30s);
    INFO(promql);
    REQUIRE(samples.size() == 1);
    return samples.front();
  };
  CHECK(one("mktxp_system_identity_info" + node).labels.at("name") == "Core 1");
  auto uptime = one("mktxp_system_uptime" + node);
  CHECK(uptime.value == 3'024'000);
  CHECK(uptime.labels.at("board_name") == "CCR2004-1G-12S+2XS");
  CHECK(uptime.labels.at("version") == "7.16.2 (stable)");
  auto cpu = one("mktxp_system_cpu_load" + node);
  CHECK(cpu.value == 12);
  CHECK(cpu.labels.at("cpu") == "ARM64");
  CHECK(
      one("(1 - mktxp_system_free_memory" + node + " / mktxp_system_total_memory" + node + ")*100")
          .value == 25);

  for (std::string direction : {"rx", "tx"}) {
    // rate() wants two scrapes of each counter.
    auto traffic = prometheus.wait_for(
        "rate(mktxp_interface_" + direction + "_byte_total" + node + "[4m])",
        [](const auto& s) { return s.size() == 2; }, 30s);
    std::set<std::string> interfaces;
    for (const auto& s : traffic) interfaces.insert(s.labels.at("name"));
    CHECK(interfaces == std::set<std::string>{"sfp-sfpplus1", "ether5 (VLAN 100)"});
  }
}
