// illctl import: the documented CSV, dry runs, repeat imports and every bad row by line.
#include "inventory_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;

namespace {
const std::string k_example = std::string(ILL_SOURCE_DIR) + "/examples/inventory.csv";
}

TEST_CASE("importing the example adds everything, and a second import changes nothing",
          "[integration][cli][import]") {
  InventoryFixture f;
  auto dry = f.run_illctl({"import", k_example, "--dry-run"});
  REQUIRE(dry.exit_code == 0);
  CHECK_THAT(dry.out, Contains("would be added router gw-sp1") && Contains("nothing written"));
  CHECK(f.run_illctl({"router", "list", "--json"}).out == "[]\n");

  auto first = f.run_illctl({"import", k_example});
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Contains("9 added, 0 updated, 0 unchanged"));
  auto second = f.run_illctl({"import", k_example, "--json"});
  REQUIRE(second.exit_code == 0);
  auto report = nlohmann::json::parse(second.out);
  CHECK(report["committed"] == true);
  CHECK(report["errors"].empty());
  for (const auto& change : report["changes"]) CHECK(change["change"] == "unchanged");

  auto link = nlohmann::json::parse(f.run_illctl({"link", "show", "acme-hq", "--json"}).out)[0];
  CHECK(link["client"] == "Acme, Inc.");
  CHECK(link["committed_uptime_pct"] == 99.9);
  CHECK(link["currency"] == "BRL");
}

TEST_CASE("an import with bad rows reports every one with its line and writes nothing",
          "[integration][cli][import]") {
  InventoryFixture f;
  auto file = f.dir().write("bad.csv",
                            "# routers first\n"                              // 1
                            "[routers]\n"                                    // 2
                            "name,host,port,user\n"                          // 3
                            "gw1,10.0.0.1,,ill\n"                            // 4
                            "gw2,10.0.0.300,,ill\n"                          // 5
                            "gw3,10.0.0.3,99999,ill\n"                       // 6
                            "\n"                                             // 7
                            "[clients]\n"                                    // 8
                            "name,timezone,report_emails\n"                  // 9
                            "acme,Europe/Atlantis,noc@acme.example\n"        // 10
                            "globex,UTC,not-an-address\n"                    // 11
                            "[links]\n"                                      // 12
                            "name,client,router,interface,committed_mbps\n"  // 13
                            "l1,acme,gw1,ether1,100\n"                       // 14
                            "l2,nobody,gw1,ether2,100\n"                     // 15
                            "\"l3\",acme,gw1,\"ether\n3\",100\n"             // 16-17
                            "l4,acme,gw1,ether4,-5\n");                      // 18
  auto r = f.run_illctl({"import", file.string()});
  CHECK(r.exit_code == 6);
  const std::string p = "illctl: error: " + file.string();
  CHECK_THAT(r.err, Contains(p + ":5: host:"));
  CHECK_THAT(r.err, Contains(p + ":6: port:"));
  CHECK_THAT(r.err, Contains(p + ":10: timezone:"));
  CHECK_THAT(r.err, Contains(p + ":11: report_emails:"));
  CHECK_THAT(r.err, Contains(p + ":15: client: client 'nobody' not found"));
  CHECK_THAT(r.err, Contains(p + ":16: interface:"));
  CHECK_THAT(r.err, Contains(p + ":18: committed_mbps:"));
  CHECK_THAT(r.err, Contains("7 errors in " + file.string() + "; nothing was imported"));
  CHECK(f.run_illctl({"router", "list", "--json"}).out == "[]\n");

  auto json = f.run_illctl({"import", file.string(), "--json"});
  CHECK(json.exit_code == 6);
  auto report = nlohmann::json::parse(json.out);
  std::vector<int> lines;
  for (const auto& e : report["errors"]) lines.push_back(e["line"].get<int>());
  CHECK(lines == std::vector<int>{5, 6, 10, 11, 15, 16, 18});
  CHECK(report["committed"] == false);
}

TEST_CASE("an import password is sealed for the routers and never shown",
          "[integration][cli][import]") {
  InventoryFixture f;
  auto r = f.run_illctl({"import", k_example, "--password-stdin"}, "Import-Secret-9\n");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Import-Secret-9") == std::string::npos);
  auto routers = nlohmann::json::parse(f.run_illctl({"router", "list", "--json"}).out);
  for (const auto& router : routers) CHECK(router["has_password"] == true);
  CHECK(f.database_bytes().find("Import-Secret-9") == std::string::npos);
  auto again = f.run_illctl({"import", k_example, "--password-stdin"}, "Import-Secret-9\n");
  CHECK_THAT(again.out, Contains("0 added, 0 updated, 9 unchanged"));
}

TEST_CASE("a missing import file exits 3", "[integration][cli][import]") {
  InventoryFixture f;
  auto r = f.run_illctl({"import", (f.dir() / "nope.csv").string()});
  CHECK(r.exit_code == 3);
}

TEST_CASE("an integer too large for its column is refused, not wrapped",
          "[integration][cli][import]") {
  InventoryFixture f;
  // 4294976024 = 2^32 + 8728: narrowed without a check it would become port 8728.
  auto file = f.dir().write("wrap.csv",
                            "[routers]\nname,host,port,user,poll_interval_s\n"
                            "gw1,10.0.0.1,4294976024,ill,\n"
                            "gw2,10.0.0.2,8728,ill,9223372036854775807\n");
  auto r = f.run_illctl({"import", file.string()});
  CHECK(r.exit_code == 6);
  CHECK_THAT(r.err, Contains(file.string() + ":3: port: '4294976024' is out of range"));
  CHECK_THAT(r.err, Contains(file.string() +
                             ":4: poll_interval_s: '9223372036854775807' is out of range"));
  CHECK(f.run_illctl({"router", "list", "--json"}).out == "[]\n");
}
