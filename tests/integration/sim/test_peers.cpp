// Peer conformance: two independent RouterOS clients, python3-librouteros (Debian) and
// node-routeros 1.6.9 (npm, tests/peers/package-lock.json), log in to ill-sim and run print,
// a query, ping, tagged commands and an unknown command. The scripts print what they got;
// the assertions here are on the values the sim config defines.
#include "support/process.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace ill::test;
using Catch::Matchers::Contains;

namespace {

const char* k_peer_config = R"(
[[router]]
name = "v716"
version = "7.16.2"
user = "api"
password = "s3cret"
uptime = "2h"
  [[router.interface]]
  name = "ether1"
  rx_rate = 8000
  comment = "a=b=c"
  [[router.interface]]
  name = "ether2"
  type = "ether"
  [[router.interface]]
  name = "vlan7"
  type = "vlan"
  [[router.ping]]
  address = "10.9.9.9"
  latency_ms = 4

[[router]]
name = "v718"
version = "7.18.2"
user = "api"
password = "s3cret"
uptime = "2h"
  [[router.interface]]
  name = "ether1"
  rx_rate = 8000
  comment = "a=b=c"
  [[router.interface]]
  name = "ether2"
  [[router.interface]]
  name = "vlan7"
  type = "vlan"
  [[router.ping]]
  address = "10.9.9.9"
  latency_ms = 4
)";

std::string peers_dir() { return std::string(ILL_SOURCE_DIR) + "/tests/peers"; }

void check_common(const RunResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("identity v7"));
  CHECK_THAT(r.out, Contains("interface ether1 ether running=true comment=a=b=c"));
  CHECK_THAT(r.out, Contains("interface vlan7 vlan"));
  CHECK_THAT(r.out, Contains("rx-byte ether1 ok"));  // 2 h at 1000 B/s, checked by the script
  CHECK_THAT(r.out, Contains("query vlan: vlan7"));
  CHECK_THAT(r.out, Contains("ping received=3 time=4ms"));
  CHECK_THAT(r.out, Contains("trap: no such command prefix"));
  CHECK_THAT(r.out, Contains("tagged: identity=v7"));
}

}  // namespace

TEST_CASE("python3-librouteros talks to ill-sim 7.16 and 7.18", "[integration][sim][peers]") {
  if (!std::filesystem::exists("/usr/lib/python3/dist-packages/librouteros"))
    FAIL("python3-librouteros is not installed (scripts/setup installs it)");
  Sim sim(k_peer_config);
  for (const char* name : {"v716", "v718"}) {
    const auto& router = sim.router(name);
    auto r = run({"/usr/bin/python3", peers_dir() + "/librouteros_peer.py", router.address,
                  std::to_string(router.port), "api", "s3cret"});
    check_common(r);
    // librouteros turns !empty (7.18) and zero rows (7.16) alike into an empty result.
    CHECK_THAT(r.out, Contains("empty query: 0 rows"));
  }
}

TEST_CASE("node-routeros 1.6.9 talks to ill-sim 7.16", "[integration][sim][peers]") {
  if (!std::filesystem::exists(peers_dir() + "/node_modules/node-routeros"))
    FAIL("tests/peers/node_modules missing: run scripts/setup (npm ci --prefix tests/peers)");
  Sim sim(k_peer_config);
  const auto& router = sim.router("v716");
  auto r = run({"/usr/bin/env", "node", peers_dir() + "/node_routeros_peer.js", router.address,
                std::to_string(router.port), "api", "s3cret"});
  check_common(r);
  CHECK_THAT(r.out, Contains("empty query: 0 rows"));
}
