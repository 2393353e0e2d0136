// illctl poll against ill-sim over real sockets: what a sysadmin sees, in both output forms, and
// the exit codes of the ways a poll fails.
#include "support/process.hpp"
#include "support/sim.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using ill::test::illctl;
using ill::test::Sim;

namespace {

const char* k_sim = R"toml(
[sim]
seed = 7

[[router]]
name = "edge1"
identity = "edge1.test"
address = "127.0.0.1"
port = 0
version = "7.16.2"
user = "monitor"
password = "s3cret"
board_name = "RB5009"
cpu_load = 9
cpu_load_jitter = 0
total_memory = "1GiB"
free_memory = "768MiB"
uptime = "3d4h"
  [[router.interface]]
  name = "ether1"
  comment = "client=ACME"
  rx_rate = "40M"
  tx_rate = "8M"
  [[router.interface]]
  name = "ether2"
  rx_rate = "1M"
  tx_rate = "1M"
  [[router.ping]]
  address = "198.51.100.7"
  latency_ms = 5
  jitter_ms = 0
  loss_pct = 0
  [[router.ping]]
  address = "198.51.100.99"
  loss_pct = 100
)toml";

std::vector<std::string> host_args(const ill::test::SimRouter& r) {
  return {"poll",   "--host",  r.address + ":" + std::to_string(r.port),
          "--user", "monitor", "--password-stdin"};
}

}  // namespace

TEST_CASE("illctl poll --json reports the router, its interfaces and a ping",
          "[integration][cli][poll]") {
  Sim sim(k_sim);
  auto args = host_args(sim.router("edge1"));
  for (const char* a :
       {"--interface", "ether1", "--ping", "198.51.100.7", "--count", "2", "--json"})
    args.push_back(a);
  auto r = illctl(args, {.stdin_data = "s3cret\n"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto out = nlohmann::json::parse(r.out);
  CHECK(out["router"]["identity"] == "edge1.test");
  CHECK(out["router"]["board"] == "RB5009");
  CHECK(out["router"]["cpu_load_pct"] == 9);
  CHECK(out["router"]["total_memory"] == 1073741824);
  CHECK(out["router"]["uptime_s"].get<long>() >= (3 * 24 + 4) * 3600);
  REQUIRE(out["interfaces"].size() == 1);  // only the one asked for
  const auto& ether1 = out["interfaces"][0];
  CHECK(ether1["name"] == "ether1");
  CHECK(ether1["running"] == true);
  CHECK(ether1["comment"] == "client=ACME");
  CHECK(ether1["rx_bytes"].get<std::uint64_t>() > 0);
  CHECK(ether1["rx_bps"].get<double>() == Approx(40e6).epsilon(0.2));
  CHECK(out["ping"]["address"] == "198.51.100.7");
  CHECK(out["ping"]["sent"] == 2);
  CHECK(out["ping"]["received"] == 2);
  CHECK(out["ping"]["loss_pct"] == 0);
  CHECK(out["ping"]["avg_ms"].get<double>() == Approx(5).margin(1));
}

TEST_CASE("illctl poll shows a lost target as 100% loss and a down link as down",
          "[integration][cli][poll]") {
  Sim sim(k_sim);
  CHECK_THAT(sim.control("link edge1 ether2 down"), Contains("ok"));
  auto args = host_args(sim.router("edge1"));
  for (const char* a : {"--ping", "198.51.100.99", "--count", "2"}) args.push_back(a);
  auto r = illctl(args, {.stdin_data = "s3cret\n"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("edge1.test"));
  CHECK_THAT(r.out, Contains("ether1") && Contains("running"));
  CHECK_THAT(r.out, Contains("ether2") && Contains("down"));
  CHECK_THAT(r.out, Contains("ping 198.51.100.99: 2 sent, 0 received, 100.0% loss"));
}

TEST_CASE("illctl poll exits 5 when the router refuses the login", "[integration][cli][poll]") {
  Sim sim(k_sim);
  auto r = illctl(host_args(sim.router("edge1")), {.stdin_data = "wrong\n"});
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Contains("router 127.0.0.1:" + std::to_string(sim.router("edge1").port)));
  CHECK_THAT(r.err, Contains("invalid user name or password"));
  CHECK_THAT(r.err, !Contains("wrong"));  // the password never appears
}

TEST_CASE("illctl poll exits 4 when the router stalls and names the deadline",
          "[integration][cli][poll]") {
  Sim sim(k_sim);
  CHECK_THAT(sim.control("fault edge1 stall"), Contains("ok"));
  auto args = host_args(sim.router("edge1"));
  args.insert(args.end(), {"--timeout", "1"});
  auto r = illctl(args, {.stdin_data = "s3cret\n"});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.err, Contains("router 127.0.0.1:"));
}

TEST_CASE("illctl poll exits 3 for an interface the router does not have",
          "[integration][cli][poll]") {
  Sim sim(k_sim);
  auto args = host_args(sim.router("edge1"));
  args.insert(args.end(), {"--interface", "sfp9"});
  auto r = illctl(args, {.stdin_data = "s3cret\n"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains("no interface named sfp9"));
}

TEST_CASE("illctl poll ROUTER polls a router of the inventory with its links",
          "[integration][cli][poll]") {
  Sim sim(k_sim);
  ill::test::TempDir dir;
  auto db = (dir / "ill.db").string();
  auto in = [&](std::vector<std::string> args, const std::string& stdin_data = "") {
    args.insert(args.begin(), {"--db", db});
    auto r = illctl(args, {.stdin_data = stdin_data, .env = {{"ILL_PWHASH_COST", "min"}}});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  };
  const auto& edge = sim.router("edge1");
  in({"init"});
  in({"router", "add", "edge1", "--host", edge.address, "--port", std::to_string(edge.port),
      "--user", "monitor", "--password-stdin"},
     "s3cret\n");
  in({"client", "add", "ACME"});
  in({"link", "add", "acme-hq", "--client", "ACME", "--router", "edge1", "--interface", "ether1",
      "--mbps", "50", "--probe", "198.51.100.7"});
  auto r = in({"poll", "edge1", "--count", "1", "--json"});
  auto out = nlohmann::json::parse(r.out);
  REQUIRE(out["interfaces"].size() == 1);
  CHECK(out["interfaces"][0]["name"] == "ether1");
  CHECK(out["ping"]["address"] == "198.51.100.7");
  CHECK(out["ping"]["received"] == 1);
}
