// RouterOS REST over HTTPS against ill-sim's REST endpoint, with a test CA made here by openssl:
// the same poll as over the binary API, certificate checks on and off, and every broken-front
// fault (HTML, redirect, truncated JSON, a 10 MB body, 401) as a typed error.
#include "collect/async_poll.hpp"
#include "routeros/run_local.hpp"
#include "support/process.hpp"
#include "support/sim.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace ill;
using namespace std::chrono_literals;

namespace {

// A CA and a server certificate for 127.0.0.1 signed by it, as PEM files in `dir`.
void make_test_ca(const test::TempDir& dir) {
  auto openssl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    auto r = test::run(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  };
  const std::string d = dir.path().string();
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-days", "2", "-subj",
           "/CN=ill test CA"});
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
           d + "/server.key", "-out", d + "/server.csr", "-subj", "/CN=127.0.0.1"});
  dir.write("ext.cnf", "subjectAltName=IP:127.0.0.1\n");
  openssl({"x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
           "-CAcreateserial", "-out", d + "/server.pem", "-days", "2", "-extfile", d + "/ext.cnf"});
}

std::string sim_config(const test::TempDir& dir) {
  std::string routers;
  for (const char* fault : {"none", "html", "redirect", "truncated", "huge", "unauthorized"}) {
    routers += fmt::format(R"(
[[router]]
name = "{0}"
password = "secret"
rest = true
rest_fault = "{0}"
cert_file = "{1}/server.pem"
key_file = "{1}/server.key"
  [[router.interface]]
  name = "ether1"
  [[router.interface]]
  name = "vlan5"
  type = "vlan"
)",
                           fault, dir.path().string());
  }
  return routers;
}

routeros::Endpoint rest_endpoint(const test::SimRouter& r, const std::string& ca_file) {
  routeros::Endpoint e;
  e.via = routeros::Via::rest;
  e.host = r.address;
  e.port = static_cast<std::uint16_t>(r.rest_port);
  e.tls_options.ca_file = ca_file;
  return e;
}

routeros::Endpoint api_endpoint(const test::SimRouter& r) {
  return routeros::Endpoint{.host = r.address, .port = static_cast<std::uint16_t>(r.port)};
}

Result<collect::RouterPoll> poll_once(const routeros::Endpoint& endpoint,
                                      const std::string& password = "secret",
                                      routeros::AsyncSessionOptions options = {}) {
  collect::PollPlan plan;
  plan.interfaces = {"ether1", "vlan5"};
  plan.monitor_traffic = false;
  return routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<collect::RouterPoll>> {
        auto deadline = routeros::deadline_in(10s);
        auto session = co_await routeros::AsyncSession::connect(ex, endpoint, deadline, options);
        if (!session) co_return fail(std::move(session.error()));
        auto login = co_await session->login("admin", password, deadline);
        if (!login) co_return fail(std::move(login.error()));
        co_return co_await collect::poll_router_now(*session, plan, deadline);
      });
}

}  // namespace

TEST_CASE("a REST poll gives what the binary API gives", "[integration][routeros][rest]") {
  test::TempDir dir;
  make_test_ca(dir);
  test::Sim sim(sim_config(dir));
  const auto& r = sim.router("none");
  REQUIRE(r.rest_port > 0);
  const std::string ca = (dir / "ca.pem").string();

  auto over_api = poll_once(api_endpoint(r));
  REQUIRE(over_api);
  auto over_rest = poll_once(rest_endpoint(r, ca));
  INFO((over_rest ? std::string() : over_rest.error().what()));
  REQUIRE(over_rest);
  CHECK(over_rest->router.identity == over_api->router.identity);
  CHECK(over_rest->router.version == over_api->router.version);
  REQUIRE(over_rest->interfaces.size() == 2);
  REQUIRE(over_api->interfaces.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(over_rest->interfaces[i].name == over_api->interfaces[i].name);
    CHECK(over_rest->interfaces[i].type == over_api->interfaces[i].type);
    CHECK(over_rest->interfaces[i].running == over_api->interfaces[i].running);
  }
}

TEST_CASE("REST checks the certificate unless told not to", "[integration][routeros][rest]") {
  test::TempDir dir;
  make_test_ca(dir);
  test::Sim sim(sim_config(dir));
  const auto& r = sim.router("none");

  // The system store does not know the test CA.
  auto untrusted = poll_once(rest_endpoint(r, ""));
  REQUIRE_FALSE(untrusted);
  CHECK(untrusted.error().category() == Errc::unreachable);
  CHECK_THAT(untrusted.error().what(), Catch::Contains("tls handshake"));

  auto endpoint = rest_endpoint(r, "");
  endpoint.tls_options.verify = routeros::TlsVerify::none;
  CHECK(poll_once(endpoint));

  auto wrong_password = poll_once(rest_endpoint(r, (dir / "ca.pem").string()), "nope");
  REQUIRE_FALSE(wrong_password);
  CHECK(wrong_password.error().category() == Errc::auth);
}

TEST_CASE("a broken REST front is a typed error naming the step", "[integration][routeros][rest]") {
  test::TempDir dir;
  make_test_ca(dir);
  test::Sim sim(sim_config(dir));
  const std::string ca = (dir / "ca.pem").string();
  routeros::AsyncSessionOptions small;
  small.max_reply_bytes = 1024 * 1024;
  struct Case {
    const char* router;
    Errc category;
    const char* says;
  };
  for (const Case& c : {Case{"html", Errc::protocol, "text/html, not JSON"},
                        Case{"redirect", Errc::protocol, "redirected (HTTP 302"},
                        Case{"truncated", Errc::protocol, "not valid JSON"},
                        Case{"huge", Errc::protocol, "larger than 1048576 bytes"},
                        Case{"unauthorized", Errc::auth, "401"}}) {
    INFO(c.router);
    auto polled = poll_once(rest_endpoint(sim.router(c.router), ca), "secret", small);
    REQUIRE_FALSE(polled);
    INFO(polled.error().what());
    CHECK(polled.error().category() == c.category);
    CHECK_THAT(polled.error().what(), Catch::Contains(c.says));
  }
  // The others were not disturbed.
  CHECK(poll_once(rest_endpoint(sim.router("none"), ca)));
}
