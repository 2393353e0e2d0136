// examples/prometheus.yml and examples/grafana-dashboard.json against the real tools: promtool,
// and a Prometheus server answering every query of the dashboard.
#include "fixtures/sample_fleet.hpp"
#include "metrics/daemon_metrics.hpp"
#include "metrics_server.hpp"
#include "support/process.hpp"
#include "support/prometheus.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>

using namespace std::chrono_literals;

namespace {

const std::string k_examples = ILL_SOURCE_DIR "/examples/";

nlohmann::json read_dashboard() {
  std::ifstream in(k_examples + "grafana-dashboard.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Every PromQL expression of the dashboard: the panels' targets and the variables' queries.
void collect_queries(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    if (node.contains("expr") && node["expr"].is_string())
      out.push_back(node["expr"].get<std::string>());
    for (const auto& [key, child] : node.items()) collect_queries(child, out);
  } else if (node.is_array()) {
    for (const auto& child : node) collect_queries(child, out);
  }
}

// What Grafana would send with every variable set to "All".
std::string as_grafana_sends(std::string query) {
  for (const auto& variable : {"$client", "$router"})
    query = std::regex_replace(query, std::regex(std::string("\\") + variable), ".*");
  return query;
}

}  // namespace

TEST_CASE("examples/prometheus.yml is a valid Prometheus configuration",
          "[integration][metrics][examples]") {
  auto check =
      ill::test::run({"/usr/bin/promtool", "check", "config", k_examples + "prometheus.yml"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("examples/prometheus.yml scrapes illd's default listen address",
          "[integration][metrics][examples]") {
  std::ifstream in(k_examples + "prometheus.yml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("\"127.0.0.1:9464\"") != std::string::npos);
  CHECK(text.find("metrics_path: /metrics") != std::string::npos);
}

TEST_CASE("every query of examples/grafana-dashboard.json answers against ill's metrics",
          "[integration][metrics][examples]") {
  auto dashboard = read_dashboard();
  std::vector<std::string> queries;
  collect_queries(dashboard["panels"], queries);
  // The variables' queries, label_values(metric, label), as the PromQL Grafana runs for them.
  std::regex label_values(R"(^label_values\((.*),\s*(\w+)\)$)");
  for (const auto& variable : dashboard["templating"]["list"]) {
    if (variable["type"] != "query") continue;
    std::smatch m;
    auto q = variable["query"]["query"].get<std::string>();
    REQUIRE(std::regex_match(q, m, label_values));
    queries.push_back("count by (" + m[2].str() + ") (" + m[1].str() + ")");
  }
  REQUIRE(queries.size() > 15);

  auto server = ill::test::serve_metrics(
      ill::metrics::render(ill::metrics::DaemonSnapshot{}, ill::test::sample_fleet()));
  ill::test::Prometheus prometheus("127.0.0.1:" + std::to_string(server->port()));
  INFO(prometheus.log());
  for (const auto& query : queries) {
    auto promql = as_grafana_sends(query);
    INFO(promql);
    // A query Prometheus cannot parse throws; one on a family ill does not write, or with a
    // label it does not carry, stays empty. rate() needs two scrapes, hence the wait.
    auto answer = prometheus.wait_for(
        promql, [](const auto& s) { return !s.empty(); }, 30s);
    CHECK(!answer.empty());
  }
}
