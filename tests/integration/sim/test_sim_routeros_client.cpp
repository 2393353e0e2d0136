// The library's RouterOS session (AsyncSession, driven call by call) against ill-sim: each
// login style, TLS mode, version and fault, with a deadline on every call. Cross-checks both
// sides (the session's own tests use a scripted server; ill-sim's use a raw client).
#include "support/blocking_session.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

using namespace ill::routeros;
using Client = ill::test::BlockingSession;
using ill::Errc;
using ill::test::Sim;
using namespace std::chrono_literals;

namespace {

const char* k_config = R"(
[[router]]
name = "v716"
version = "7.16.2"
password = "secret"
uptime = "1h"
  [[router.interface]]
  name = "ether1"
  rx_rate = 8000
  [[router.interface]]
  name = "vlan5"
  type = "vlan"
  [[router.ping]]
  address = "10.0.0.1"
  latency_ms = 2

[[router]]
name = "v718"
version = "7.18.2"
password = "secret"
  [[router.interface]]
  name = "ether1"

[[router]]
name = "legacy"
version = "6.40.5"
password = "test"
  [[router.interface]]
  name = "ether1"

[[router]]
name = "tls"
transport = "api-ssl"
password = "secret"

[[router]]
name = "adh"
transport = "api-ssl"
tls = "anonymous"
password = "secret"
)";

Endpoint endpoint_of(const Sim& sim, const std::string& name) {
  const auto& r = sim.router(name);
  Endpoint e;
  e.host = r.address;
  e.port = static_cast<std::uint16_t>(r.port);
  if (r.transport == "api-ssl") {
    e.tls = Tls::on;
    e.tls_options.verify = r.tls == "anonymous" ? TlsVerify::adh : TlsVerify::full;
    e.tls_options.ca_file = r.ca_file;
  }
  return e;
}

Client logged_in(const Sim& sim, const std::string& name, const std::string& password = "secret") {
  auto client = Client::connect(endpoint_of(sim, name), deadline_in(5s));
  REQUIRE(client);
  auto login = client->login("admin", password, deadline_in(5s));
  INFO((login ? std::string() : login.error().what()));
  REQUIRE(login);
  return std::move(*client);
}

}  // namespace

TEST_CASE("routeros::Client logs in (modern, legacy) and prints from ill-sim",
          "[integration][sim][routeros]") {
  Sim sim(k_config);
  for (const char* name : {"v716", "legacy", "tls", "adh"}) {
    INFO(name);
    auto c = logged_in(sim, name, std::string(name) == "legacy" ? "test" : "secret");
    auto identity = c.call(Command("/system/identity/print"), deadline_in(5s));
    REQUIRE(identity);
    REQUIRE(identity->rows.size() == 1);
    CHECK(identity->rows[0].attribute("name") == std::optional<std::string_view>(name));
  }
  auto bad = Client::connect(endpoint_of(sim, "v716"), deadline_in(5s));
  REQUIRE(bad);
  auto refused = bad->login("admin", "wrong", deadline_in(5s));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().category() == Errc::auth);
}

TEST_CASE("routeros::Client: queries, !empty, streamed ping, cancel",
          "[integration][sim][routeros]") {
  Sim sim(k_config);
  auto c = logged_in(sim, "v716");
  auto vlans =
      c.call(Command("/interface/print").proplist({"name"}).where(Query::eq("type", "vlan")),
             deadline_in(5s));
  REQUIRE(vlans);
  REQUIRE(vlans->rows.size() == 1);
  CHECK(vlans->rows[0].attribute("name") == std::optional<std::string_view>("vlan5"));

  auto c718 = logged_in(sim, "v718");
  auto none =
      c718.call(Command("/interface/print").where(Query::eq("name", "nope")), deadline_in(5s));
  REQUIRE(none);
  CHECK(none->rows.empty());
  CHECK(none->empty);

  int rows = 0;
  auto ping = c.stream(
      Command("/ping").attr("address", "10.0.0.1").attr("count", "3").attr("interval", "20ms"),
      [&](const Sentence&) {
        ++rows;
        return Flow::more;
      },
      deadline_in(5s));
  REQUIRE(ping);
  CHECK(rows == 3);

  rows = 0;
  auto endless = c.stream(
      Command("/ping").attr("address", "10.0.0.1").attr("interval", "20ms"),
      [&](const Sentence&) { return ++rows < 2 ? Flow::more : Flow::stop; }, deadline_in(5s));
  REQUIRE(endless);
  CHECK(endless->interrupted);
  // The connection is still in step afterwards.
  CHECK(c.call(Command("/system/identity/print"), deadline_in(5s)));
}

TEST_CASE("routeros::Client: faults end in typed errors before the deadline",
          "[integration][sim][routeros]") {
  Sim sim(k_config);
  struct Case {
    const char* fault;
    Errc expected;
  };
  for (auto [fault, expected] :
       {Case{"stall", Errc::timeout}, Case{"garbage", Errc::protocol},
        Case{"huge-length", Errc::protocol}, Case{"control-byte", Errc::protocol},
        Case{"fatal", Errc::connection}}) {
    INFO(fault);
    auto c = logged_in(sim, "v716");
    REQUIRE(sim.control(std::string("fault v716 ") + fault + " once").starts_with("ok"));
    auto started = std::chrono::steady_clock::now();
    auto r = c.call(Command("/interface/print"), deadline_in(1500ms));
    auto took = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(r);
    INFO(r.error().what());
    // Garbage may also read as a connection/timeout; what matters is no hang past the deadline.
    if (std::string(fault) == "garbage")
      CHECK((r.error().category() == Errc::protocol || r.error().category() == Errc::timeout));
    else
      CHECK(r.error().category() == expected);
    CHECK(took < 3s);
  }
}
