// examples/grafana-dashboard.json asks only for families and labels that render() writes, so
// the dashboard cannot drift from the code: a renamed family or label fails here.
#include "metrics/daemon_metrics.hpp"

#include "fixtures/exposition_reader.hpp"
#include "fixtures/sample_fleet.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace {

nlohmann::json dashboard() {
  std::ifstream in(ILL_SOURCE_DIR "/examples/grafana-dashboard.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Family -> the labels its samples carry, for a fleet where every family appears. Prometheus
// adds job and instance to every series it scrapes.
std::map<std::string, std::set<std::string>> exposed_labels() {
  auto exposed = ill::test::read_exposition(
      ill::metrics::render(ill::metrics::DaemonSnapshot{}, ill::test::sample_fleet()));
  std::map<std::string, std::set<std::string>> labels;
  for (const auto& name : exposed.families) labels[name] = {"job", "instance"};
  for (const auto& sample : exposed.samples) {
    for (const auto& [label, value] : sample.labels) labels[sample.name].insert(label);
  }
  return labels;
}

struct Query {
  std::string where;  // panel title, or the variable's name
  std::string expr;
  std::string legend;
};

void collect(const nlohmann::json& node, const std::string& where, std::vector<Query>& out) {
  if (node.is_array()) {
    for (const auto& child : node) collect(child, where, out);
    return;
  }
  if (!node.is_object()) return;
  std::string here = node.contains("title") && node["title"].is_string()
                         ? node["title"].get<std::string>()
                         : where;
  if (node.contains("expr")) {
    out.push_back({here, node["expr"].get<std::string>(), node.value("legendFormat", "")});
  }
  for (const auto& [key, child] : node.items()) collect(child, here, out);
}

std::vector<std::string> words(const std::string& list) {
  std::vector<std::string> out;
  std::regex word(R"(\w+)");
  for (std::sregex_iterator it(list.begin(), list.end(), word), end; it != end; ++it)
    out.push_back(it->str());
  return out;
}

// Checks the families, matcher labels, grouping labels and legend labels of one expression.
void check_query(const Query& q, const std::map<std::string, std::set<std::string>>& exposed,
                 int& families_seen) {
  INFO(q.where << ": " << q.expr);
  std::set<std::string> available;
  std::regex selector(R"(\b((?:illd|mktxp)_\w+)\s*(\{([^}]*)\})?)");
  for (std::sregex_iterator it(q.expr.begin(), q.expr.end(), selector), end; it != end; ++it) {
    std::string family = (*it)[1];
    ++families_seen;
    INFO("family " << family);
    auto found = exposed.find(family);
    CHECK(found != exposed.end());
    if (found == exposed.end()) continue;
    available.insert(found->second.begin(), found->second.end());
    std::string matchers = (*it)[3];
    std::regex matcher(R"((\w+)\s*(=~|!~|!=|=))");
    for (std::sregex_iterator m(matchers.begin(), matchers.end(), matcher); m != end; ++m) {
      INFO("label " << (*m)[1]);
      CHECK(found->second.count((*m)[1]) == 1);
    }
  }
  std::regex grouping(R"(\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\))");
  for (std::sregex_iterator it(q.expr.begin(), q.expr.end(), grouping), end; it != end; ++it) {
    for (const auto& label : words((*it)[1])) {
      INFO("grouping label " << label);
      CHECK(available.count(label) == 1);
    }
  }
  std::regex legend(R"(\{\{\s*(\w+)\s*\}\})");
  for (std::sregex_iterator it(q.legend.begin(), q.legend.end(), legend), end; it != end; ++it) {
    INFO("legend label " << (*it)[1]);
    CHECK(available.count((*it)[1]) == 1);
  }
}

}  // namespace

TEST_CASE("the example dashboard queries only families and labels ill writes",
          "[unit][metrics][examples]") {
  auto board = dashboard();
  auto exposed = exposed_labels();
  std::vector<Query> queries;
  collect(board.at("panels"), "", queries);
  // label_values(metric{matchers}, label) of the template variables.
  std::regex label_values(R"(^label_values\((.*),\s*(\w+)\)$)");
  for (const auto& variable : board.at("templating").at("list")) {
    if (variable.at("type") != "query") continue;
    auto query = variable.at("query").at("query").get<std::string>();
    std::smatch m;
    INFO(query);
    REQUIRE(std::regex_match(query, m, label_values));
    queries.push_back({variable.at("name").get<std::string>(),
                       "count by (" + m[2].str() + ") (" + m[1].str() + ")", ""});
  }
  int families_seen = 0;
  for (const auto& q : queries) check_query(q, exposed, families_seen);
  CHECK(queries.size() > 15);
  CHECK(families_seen > 20);
}

TEST_CASE("the example dashboard filters by client and router", "[unit][metrics][examples]") {
  auto board = dashboard();
  std::set<std::string> variables;
  for (const auto& variable : board.at("templating").at("list"))
    variables.insert(variable.at("name").get<std::string>());
  CHECK(variables == std::set<std::string>{"datasource", "client", "router"});
  std::vector<Query> queries;
  collect(board.at("panels"), "", queries);
  int filtered = 0;
  for (const auto& q : queries) {
    if (q.expr.find("$router") != std::string::npos) ++filtered;
    // Every per-link query filters by client as well.
    if (q.expr.find("illd_link_") != std::string::npos) {
      INFO(q.where << ": " << q.expr);
      CHECK(q.expr.find("client=~\"$client\"") != std::string::npos);
    }
  }
  CHECK(filtered > 10);
  // Panels take their data source from the $datasource variable, so the dashboard imports into
  // any Grafana.
  std::ostringstream text;
  text << board.at("panels");
  CHECK(text.str().find("\"uid\":\"${datasource}\"") != std::string::npos);
}
