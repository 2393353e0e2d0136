// RouterOS REST over HTTPS against ill-sim's REST endpoint, with a test CA made here by openssl:
// the same poll as over the binary API, certificate checks on and off, and every broken-front
// fault (HTML, redirect, truncated JSON, a 10 MB body, 401) as a typed error.
#include "collect/async_poll.hpp"
#include "routeros/rest_channel.hpp"
#include "routeros/run_local.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/sim.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <optional>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

namespace {

// A TCP listener on 127.0.0.1 that never accepts: the kernel completes a client's connect, and the
// client's TLS handshake then waits for ever.
struct SilentListener {
  int fd = -1;
  std::uint16_t port = 0;
  SilentListener() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), size) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
    port = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd); }
  // The connection a client made, once it is there (-1 after 10 s without one).
  int take_connection() const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10'000) <= 0) return -1;
    return ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  }
  // Reads `conn` until its client closes it (true), or 10 s pass without a byte (false).
  static bool hung_up(int conn) {
    char buffer[4096];
    for (;;) {
      pollfd p{conn, POLLIN, 0};
      if (::poll(&p, 1, 10'000) <= 0) return false;
      if (::read(conn, buffer, sizeof buffer) <= 0) return true;
    }
  }
};

}  // namespace

// illd's stop closes REST sessions and then destroys the collector's io_context: a request still
// in flight must post nothing to it afterwards (it did: its answer, "session closed", came back
// within a second into freed memory).
TEST_CASE("a closed REST channel hands nothing more to its executor",
          "[integration][routeros][rest]") {
  SilentListener silent;
  routeros::Endpoint endpoint;
  endpoint.via = routeros::Via::rest;
  endpoint.host = "127.0.0.1";
  endpoint.port = silent.port;
  endpoint.tls_options.verify = routeros::TlsVerify::none;

  asio::io_context first_io;
  auto channel = routeros::RestChannel::make(first_io.get_executor(), endpoint, "admin", "x");
  REQUIRE(channel);
  bool first_done = false;
  (*channel)->start({"GET", "/rest/system/identity", ""}, routeros::deadline_in(60s),
                    [&](Result<routeros::RestResponse>) { first_done = true; });
  const int conn = silent.take_connection();  // the request is under way: connected
  REQUIRE(conn >= 0);
  (*channel)->close();
  // The transfer thread gave up on the request: it hung up.
  CHECK(SilentListener::hung_up(conn));
  ::close(conn);

  // A later request through the same transfer thread, answered (refused) on another context: once
  // it is, the thread has long passed the point where it would have posted the first answer.
  asio::io_context second_io;
  routeros::Endpoint refused = endpoint;
  refused.port = test::free_loopback_port();
  auto other = routeros::RestChannel::make(second_io.get_executor(), refused, "admin", "x");
  REQUIRE(other);
  std::optional<Result<routeros::RestResponse>> second;
  auto work = asio::make_work_guard(second_io);  // a transfer in the curl thread is not work
  (*other)->start({"GET", "/rest/system/identity", ""}, routeros::deadline_in(20s),
                  [&](Result<routeros::RestResponse> r) {
                    second = std::move(r);
                    work.reset();
                  });
  second_io.run_for(30s);  // returns once that answer was handled
  REQUIRE(second);
  CHECK_FALSE(*second);

  first_io.poll();
  CHECK_FALSE(first_done);
}
