#include "sim/config.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace ill::sim;

TEST_CASE("a router with interfaces, pings, schedules and links", "[unit][sim]") {
  auto config = parse_config(R"(
[sim]
seed = 7
start = "2026-10-01T00:00:00Z"

[[router]]
name = "gw1"
address = "127.0.0.2"
version = "7.18.2"
password = "secret"
  [[router.interface]]
  name = "ether1"
  rx_rate = "95M"
  tx_rate = 12000000
  comment = "uplink"
    [[router.interface.down]]
    every = "1h"
    for = "5m"
  [[router.ping]]
  address = "10.0.0.1"
  latency_ms = 12
  via = "ether1"
  [[router.reboot]]
  at = "2026-10-05T03:00:00Z"
  duration = "30s"

[[link]]
name = "acme"
router = "gw1"
interface = "ether1"
target = "10.0.0.1"
)",
                             "test.toml");
  REQUIRE(config);
  CHECK(config->seed == 7);
  REQUIRE(config->routers.size() == 1);
  const auto& r = config->routers[0];
  CHECK(r.identity == "gw1");
  CHECK(r.version.sends_empty());
  CHECK(r.login == LoginStyle::modern);
  CHECK(r.interfaces[0].rx_bps == 95e6);
  CHECK(r.interfaces[0].down.active(2 * k_hour + k_minute));
  CHECK(r.users[0].name == "admin");
  CHECK(r.users[0].password == "secret");
  CHECK(config->links[0].target == "10.0.0.1");
}

TEST_CASE("old versions default to the legacy login and v6 styles", "[unit][sim]") {
  auto config = parse_config("[[router]]\nname = \"old\"\nversion = \"6.40.1\"\n", "t.toml");
  REQUIRE(config);
  CHECK(config->routers[0].login == LoginStyle::legacy);
  CHECK(config->routers[0].version.ping_style() == PingTimeStyle::v6_ms);
  CHECK(config->routers[0].version.date_style() == DateStyle::legacy);
  CHECK_FALSE(config->routers[0].version.sends_empty());
}

TEST_CASE("a fleet expands into numbered routers on consecutive addresses", "[unit][sim]") {
  auto config = parse_config(R"(
[[fleet]]
count = 3
name = "r{n}"
first_address = "127.1.0.254"
port = 8728
  [[fleet.interface]]
  name = "ether1"
)",
                             "t.toml");
  REQUIRE(config);
  REQUIRE(config->routers.size() == 3);
  CHECK(config->routers[2].name == "r3");
  CHECK(config->routers[2].identity == "r3");
  CHECK(config->routers[1].address == "127.1.0.255");
  CHECK(config->routers[2].address == "127.1.1.0");
}

TEST_CASE("a fleet's numbering can start elsewhere, to split it over simulators", "[unit][sim]") {
  auto config = parse_config(R"(
[[fleet]]
count = 2
first_number = 5001
name = "edge{n}"
first_address = "127.1.19.137"
)",
                             "t.toml");
  REQUIRE(config);
  REQUIRE(config->routers.size() == 2);
  CHECK(config->routers[0].name == "edge5001");
  CHECK(config->routers[1].name == "edge5002");
  CHECK(config->routers[1].address == "127.1.19.138");
}

TEST_CASE("config errors name the file, line and key", "[unit][sim]") {
  auto unknown = parse_config("[[router]]\nname = \"a\"\nprot = 5\n", "bad.toml");
  REQUIRE_FALSE(unknown);
  CHECK_THAT(unknown.error().message(), StartsWith("bad.toml:3: router[0].prot: unknown key"));

  auto rate = parse_config(
      "[[router]]\nname = \"a\"\n[[router.interface]]\nname = \"e\"\nrx_rate = \"fast\"\n",
      "bad.toml");
  REQUIRE_FALSE(rate);
  CHECK_THAT(rate.error().message(), StartsWith("bad.toml:5: router[0].interface[0].rx_rate:"));

  auto link = parse_config("[[router]]\nname = \"a\"\n[[link]]\nname = \"l\"\nrouter = \"b\"\n",
                           "bad.toml");
  REQUIRE_FALSE(link);
  CHECK_THAT(link.error().message(), Contains("no router named 'b'"));

  auto syntax = parse_config("[[router]\n", "bad.toml");
  REQUIRE_FALSE(syntax);
  CHECK_THAT(syntax.error().message(), StartsWith("bad.toml:1:"));

  auto dup = parse_config("[[router]]\nname = \"a\"\n[[router]]\nname = \"a\"\n", "bad.toml");
  REQUIRE_FALSE(dup);
  CHECK_THAT(dup.error().message(), Contains("duplicate router name 'a'"));
}
