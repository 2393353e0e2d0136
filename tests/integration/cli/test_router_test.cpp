// illctl router test against a small RouterOS API server on 127.0.0.1.
#include "inventory_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;

namespace {

// Starts the fake router and returns its port.
std::string start_fake(ill::test::Process& fake) {
  // The whole line: "port N\n" may arrive in pieces.
  REQUIRE(fake.wait_for_output("\n", std::chrono::seconds(10)));
  auto out = fake.out();
  auto at = out.find("port ") + 5;
  return out.substr(at, out.find('\n', at) - at);
}

std::vector<std::string> fake_command(const std::string& policy) {
  return {"/usr/bin/python3",
          std::string(ILL_SOURCE_DIR) + "/tests/integration/cli/fake_routeros.py", "ill-ro",
          "R0uter-Pass", policy};
}

}  // namespace

TEST_CASE("router test logs in and reports identity, version, links and read-only rights",
          "[integration][cli][store]") {
  ill::test::Process fake(fake_command("local,ssh,read,test,winbox,api,!write,!policy"));
  auto port = start_fake(fake);
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "127.0.0.1", "--port", port, "--user",
                        "ill-ro", "--password-stdin"},
                       "R0uter-Pass\n")
              .exit_code == 0);
  REQUIRE(f.run_illctl({"client", "add", "acme"}).exit_code == 0);
  REQUIRE(f.run_illctl({"link", "add", "acme-1", "--client", "acme", "--router", "gw1",
                        "--interface", "ether1", "--mbps", "100"})
              .exit_code == 0);
  REQUIRE(f.run_illctl({"link", "add", "acme-2", "--client", "acme", "--router", "gw1",
                        "--interface", "ether9", "--mbps", "100"})
              .exit_code == 0);
  auto human = f.run_illctl({"router", "test", "gw1"});
  INFO(human.err);
  REQUIRE(human.exit_code == 0);
  CHECK_THAT(human.out, Contains("login ok") && Contains("sim-gw1") && Contains("7.16.2") &&
                            Contains("read-only") && Contains("NOT FOUND"));
  CHECK(human.out.find("R0uter-Pass") == std::string::npos);
  auto json = nlohmann::json::parse(f.run_illctl({"router", "test", "gw1", "--json"}).out)[0];
  CHECK(json["identity"] == "sim-gw1");
  CHECK(json["read_only"] == true);
  CHECK(json["group"] == "monitoring");
  CHECK(json["links"][0]["running"] == true);
  CHECK(json["links"][1]["found"] == false);
}

TEST_CASE("router test warns about a user with write rights", "[integration][cli][store]") {
  ill::test::Process fake(fake_command("local,read,write,policy,api"));
  auto port = start_fake(fake);
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "127.0.0.1", "--port", port, "--user",
                        "ill-ro", "--password-stdin"},
                       "R0uter-Pass\n")
              .exit_code == 0);
  auto r = f.run_illctl({"router", "test", "gw1"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("MORE than read: write, policy"));
}

TEST_CASE("router test with a wrong password exits 5, an unreachable router exits 4",
          "[integration][cli][store]") {
  ill::test::Process fake(fake_command("read,api"));
  auto port = start_fake(fake);
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "127.0.0.1", "--port", port, "--user",
                        "ill-ro", "--password-stdin"},
                       "wrong\n")
              .exit_code == 0);
  auto refused = f.run_illctl({"router", "test", "gw1"});
  CHECK(refused.exit_code == 5);
  CHECK_THAT(refused.err, Contains("router gw1") && Contains("login"));
  REQUIRE(f.run_illctl({"router", "add", "gw2", "--host", "127.0.0.1", "--port", "1", "--user",
                        "ill-ro", "--password-stdin"},
                       "x\n")
              .exit_code == 0);
  CHECK(f.run_illctl({"router", "test", "gw2"}).exit_code == 4);
}
