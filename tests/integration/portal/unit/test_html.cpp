#include "portal/api.hpp"
#include "portal/graph.hpp"
#include "portal/html.hpp"
#include "portal/token.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace ill::portal;

TEST_CASE("HTML escaping covers text and attributes", "[unit][portal]") {
  CHECK(escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape("plain") == "plain");
  auto doc = page({.title = "<t>", .client = "C&D", .csrf = "\"x"}, "<p>body</p>");
  CHECK(doc.find("<title>&lt;t&gt; · ill</title>") != std::string::npos);
  CHECK(doc.find("C&amp;D") != std::string::npos);
  CHECK(doc.find("value=\"&quot;x\"") != std::string::npos);
  CHECK(doc.find("<script") == std::string::npos);
}

TEST_CASE("graphs carry an escaped title and draw gaps as gaps", "[unit][portal]") {
  Graph g{"in <b>", "Mbps", 0, 100, {}, {}};
  g.series.push_back({"in", "#000", {{0, 1.0}, {50, std::nullopt}, {60, 2.0}, {70, 3.0}}});
  g.lines.push_back({"committed", "#f00", 4});
  auto svg = render_graph(g);
  CHECK(svg.find("<title>in &lt;b&gt;</title>") != std::string::npos);
  // Two runs: a move for the first point, a move again after the gap, then a line.
  CHECK(svg.find(" M48.0,") != std::string::npos);
  CHECK(svg.find(" L") != std::string::npos);
  CHECK(svg.find("committed 4.00 Mbps") != std::string::npos);
}

TEST_CASE("tokens are 256 random bits, hashed to 32 bytes", "[unit][portal]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = random_token();
    CHECK(t.size() == 43);
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  CHECK(token_hash("abc").size() == 32);
  CHECK(token_hash("abc") == token_hash("abc"));
  CHECK(token_hash("abc") != token_hash("abd"));
  CHECK(equal_secret("abc", "abc"));
  CHECK_FALSE(equal_secret("abc", "abd"));
  CHECK_FALSE(equal_secret("abc", "ab"));
}

TEST_CASE("the OpenAPI document is valid JSON and names every API route", "[unit][portal]") {
  auto doc = nlohmann::json::parse(openapi_document());
  CHECK(doc["openapi"].get<std::string>().starts_with("3."));
  for (const char* path : {"/links", "/links/{id}", "/links/{id}/samples", "/links/{id}/outages",
                           "/reports", "/reports/{id}"}) {
    INFO(path);
    CHECK(doc["paths"].contains(path));
  }
}
