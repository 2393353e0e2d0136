// ill-sim's routers change over time and on command: schedules, the clock, links, reboots,
// unreachable windows, session limits, TLS.
#include "sim_helpers.hpp"
#include "support/api_client.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

using namespace ill::test;
using std::chrono::milliseconds;

namespace {

std::unique_ptr<ApiClient> logged_in(const Sim& sim, const std::string& router) {
  const auto& r = sim.router(router);
  auto client = std::make_unique<ApiClient>(r.address, r.port);
  REQUIRE(shape(client->login("admin", "secret")) == "!done");
  return client;
}

ill::routeros::Sentence interface(ApiClient& c, const std::string& name) {
  auto reply = c.call({"/interface/print", "?name=" + name});
  REQUIRE(shape(reply) == "!re !done");
  return reply[0];
}

}  // namespace

TEST_CASE("a scheduled down window shows on the virtual clock", "[integration][sim]") {
  Sim sim(k_basic_config);  // starts at 2026-10-01T00:00:00Z; ether2 down 01:00-02:00
  auto c = logged_in(sim, "gw1");
  auto before = interface(*c, "ether2");
  CHECK(attr(before, "running") == "true");
  CHECK(attr(before, "link-downs") == "0");

  CHECK(sim.control("clock set 2026-10-01T01:30:00Z") ==
        "ok clock set 2026-10-01T01:30:00Z 2026-10-01T01:30:00Z");
  auto during = interface(*c, "ether2");
  CHECK(attr(during, "running") == "false");
  CHECK(attr(during, "link-downs") == "1");
  CHECK(attr(during, "last-link-down-time") == "2026-10-01 01:00:00");
  auto rate = c->call({"/interface/monitor-traffic", "=interface=ether2", "=once="});
  CHECK(attr(rate[0], "rx-bits-per-second") == "0");
  // Counters stopped at 01:00: 2 h of uptime at 10 Mbit/s = 1.25 MB/s.
  CHECK(attr(during, "rx-byte") == std::to_string(7200ull * 1250000));

  REQUIRE(sim.control("clock +3600").starts_with("ok clock +3600 2026-10-01T02:30:0"));
  auto after = interface(*c, "ether2");
  CHECK(attr(after, "running") == "true");
  CHECK(attr(after, "last-link-up-time") == "2026-10-01 02:00:00");
}

TEST_CASE("control: a link forced down and up again", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  CHECK(sim.control("link gw1 ether1 down") == "ok link gw1 ether1 down");
  auto down = interface(*c, "ether1");
  CHECK(attr(down, "running") == "false");
  CHECK(attr(down, "link-downs") == "1");
  auto frozen = attr(down, "rx-byte");
  CHECK(sim.control("clock +60").starts_with("ok"));
  CHECK(attr(interface(*c, "ether1"), "rx-byte") == frozen);  // counters stop while down
  CHECK(sim.control("link gw1 ether1 up") == "ok link gw1 ether1 up");
  CHECK(attr(interface(*c, "ether1"), "running") == "true");
  CHECK(sim.control("link gw1 nope down") ==
        "error link gw1 nope down: router gw1 has no interface 'nope'");
}

TEST_CASE("a reboot drops connections and resets uptime and counters", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto before = std::stoull(attr(interface(*c, "ether1"), "rx-byte"));
  CHECK(before >= 3600000);
  CHECK(sim.control("router gw1 reboot") == "ok router gw1 reboot");
  CHECK(c->closed_within(milliseconds(2000)));  // dropped without a reply
  auto again = logged_in(sim, "gw1");
  auto after = std::stoull(attr(interface(*again, "ether1"), "rx-byte"));
  CHECK(after < 60000);
  auto res = again->call({"/system/resource/print", "=.proplist=uptime"});
  CHECK(std::regex_match(attr(res[0], "uptime"), std::regex("\\d+s")));
}

TEST_CASE("an unreachable router accepts and stalls, then answers again", "[integration][sim]") {
  Sim sim(k_basic_config);
  const auto& gw1 = sim.router("gw1");
  CHECK(sim.control("router gw1 unreachable 60") == "ok router gw1 unreachable 60");
  ApiClient c(gw1.address, gw1.port);  // the connection is accepted...
  c.send({"/login", "=name=admin", "=password=secret"});
  CHECK(c.read(milliseconds(400)).kind == ReadResult::Kind::timeout);  // ...but nothing comes
  CHECK(sim.control("router gw1 reachable") == "ok router gw1 reachable");
  auto late = c.read(milliseconds(3000));  // the held reply arrives
  REQUIRE(late.ok());
  CHECK(late.sentence.first() == "!done");
}

TEST_CASE("unreachable_mode refuse closes the port for the window", "[integration][sim]") {
  Sim sim(R"(
[[router]]
name = "r"
password = "secret"
unreachable_mode = "refuse"
)");
  const auto& r = sim.router("r");
  CHECK(sim.control("router r unreachable 60") == "ok router r unreachable 60");
  CHECK_THROWS_WITH(ApiClient(r.address, r.port), Catch::Contains("Connection refused"));
  CHECK(sim.control("router r reachable") == "ok router r reachable");
  ApiClient c(r.address, r.port);
  CHECK(shape(c.login("admin", "secret")) == "!done");
}

TEST_CASE("over max_sessions a client is accepted and closed at once", "[integration][sim]") {
  Sim sim(R"(
[[router]]
name = "r"
password = "secret"
max_sessions = 2
)");
  const auto& r = sim.router("r");
  ApiClient a(r.address, r.port), b(r.address, r.port);
  CHECK(shape(a.login("admin", "secret")) == "!done");
  CHECK(shape(b.login("admin", "secret")) == "!done");
  CHECK(sim.control("sessions r") == "ok sessions r 2");
  ApiClient third(r.address, r.port);
  CHECK(third.closed_within(milliseconds(2000)));
  CHECK(third.read_raw(100, milliseconds(10)).empty());
}

TEST_CASE("api-ssl with a generated certificate that verifies", "[integration][sim]") {
  Sim sim(R"(
[[router]]
name = "tls"
password = "secret"
transport = "api-ssl"
)");
  const auto& r = sim.router("tls");
  CHECK(r.transport == "api-ssl");
  CHECK(r.tls == "certificate");
  REQUIRE_FALSE(r.ca_file.empty());
  ApiClient c(r.address, r.port, ClientTls::certificate, r.ca_file);
  CHECK(shape(c.login("admin", "secret")) == "!done");
  CHECK(shape(c.call({"/system/identity/print"})) == "!re !done");
}

TEST_CASE("api-ssl without a certificate: anonymous DH, TLS 1.2", "[integration][sim]") {
  Sim sim(R"(
[[router]]
name = "adh"
password = "secret"
transport = "api-ssl"
tls = "anonymous"
)");
  const auto& r = sim.router("adh");
  CHECK(r.tls == "anonymous");
  ApiClient c(r.address, r.port, ClientTls::anonymous);
  CHECK(c.tls_version() == "TLSv1.2");
  CHECK_THAT(c.cipher(), Catch::StartsWith("ADH"));
  CHECK(shape(c.login("admin", "secret")) == "!done");
  // A client that insists on a certificate cannot connect.
  CHECK_THROWS(ApiClient(r.address, r.port, ClientTls::certificate));
}

TEST_CASE("a bad config fails with file:line: key: problem", "[integration][sim]") {
  TempDir dir;
  auto path = dir.write("bad.toml", "[[router]]\nname = \"r\"\nversion = 5\n");
  auto result = run({Sim::binary(), "--config", path.string()});
  CHECK(result.exit_code == 8);
  CHECK_THAT(result.err, Catch::Contains("bad.toml:3: router[0].version: expected a string"));
  auto usage = run({Sim::binary(), "history", "--config", path.string()});
  CHECK(usage.exit_code == 2);
  auto help = run({Sim::binary(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("link gw1 ether2 down"));
}

// Its speed is a benchmark's business (a wall-clock bound here failed on a loaded machine).
TEST_CASE("history mode writes a month of one-minute rows per link", "[integration][sim]") {
  TempDir dir;
  std::string demo = std::string(ILL_SOURCE_DIR) + "/tests/sim/examples/demo.toml";
  auto result =
      run({Sim::binary(), "history", "--config", demo, "--from", "2026-10-01T00:00:00Z", "--to",
           "2026-11-01T00:00:00Z", "--interval", "60", "--out", (dir / "out").string()});
  REQUIRE(result.exit_code == 0);
  std::ifstream in(dir / "out" / "acme-hq.csv");
  std::string line;
  std::getline(in, line);
  CHECK(line == "time,state,rx_bps,tx_bps,latency_ms,loss_pct");
  std::getline(in, line);
  CHECK(std::regex_match(
      line, std::regex("2026-10-01T00:00:00Z,up,\\d+,\\d+,\\d+\\.\\d{3},\\d+(\\.\\d+)?")));
  std::size_t rows = 1, down = 0;
  while (std::getline(in, line)) {
    ++rows;
    if (line.find(",down,") != std::string::npos) ++down;
  }
  CHECK(rows == 31 * 24 * 60);
  CHECK(down > 95);  // the 1h35m outage plus the 6-hourly flaps
}

TEST_CASE("control: rates and ping targets change at run time", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  CHECK(sim.control("rate gw1 ether1 rx=50M tx=1.5k") == "ok rate gw1 ether1 rx=50M tx=1.5k");
  auto rate = c->call({"/interface/monitor-traffic", "=interface=ether1", "=once="});
  CHECK(attr(rate[0], "rx-bits-per-second") == "50000000");
  CHECK(attr(rate[0], "tx-bits-per-second") == "1500");
  CHECK(sim.control("ping gw1 10.0.0.1 loss=100") == "ok ping gw1 10.0.0.1 loss=100");
  auto lost = c->call({"/ping", "=address=10.0.0.1", "=count=1", "=interval=10ms"});
  CHECK(attr(lost[0], "status") == "timeout");
  CHECK(sim.control("ping gw1 10.0.0.1 latency=40 loss=0") ==
        "ok ping gw1 10.0.0.1 latency=40 loss=0");
  auto slow = c->call({"/ping", "=address=10.0.0.1", "=count=1", "=interval=100ms"});
  CHECK(attr(slow[0], "time") == "40ms");
}

TEST_CASE("api-ssl with the certificate and key files from the config", "[integration][sim]") {
  TempDir dir;
  auto key = (dir / "key.pem").string(), cert = (dir / "cert.pem").string();
  auto made = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                   "-subj", "/CN=router", "-addext", "subjectAltName=IP:127.0.0.1"});
  REQUIRE(made.exit_code == 0);
  Sim sim(
      "[[router]]\nname = \"own\"\npassword = \"secret\"\ntransport = \"api-ssl\"\n"
      "tls_version = \"only-1.2\"\ncert_file = \"" +
      cert + "\"\nkey_file = \"" + key + "\"\n");
  const auto& r = sim.router("own");
  CHECK(r.ca_file == cert);
  ApiClient c(r.address, r.port, ClientTls::certificate, cert);
  CHECK(c.tls_version() == "TLSv1.2");
  CHECK(shape(c.login("admin", "secret")) == "!done");
}
