// illd serves the portal on its own listener while it polls ill-sim: a client signs in and sees
// its live links, a slowloris against the portal slows neither the portal's other clients nor
// the polling, and illctl sees the login log and the API tokens.
#include "core/format.hpp"
#include "daemon/deployment.hpp"
#include "daemon/edge_sim.hpp"
#include "portal_site.hpp"
#include "store/sample_repository.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::test::Deployment;

namespace {

std::size_t sample_count(Deployment& d, std::int64_t link) {
  return ill::store::SampleRepository(d.db())
      .range(link, {ill::from_unix_seconds(0), ill::from_unix_seconds(1LL << 40)})
      .value()
      .size();
}

int half_request(const char* source, std::uint16_t port) {
  int fd = ill::test::connect_from(source, port);
  const std::string part = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  if (fd >= 0) (void)::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
  return fd;
}

}  // namespace

TEST_CASE("illd serves the portal while it polls, whatever a slow client does",
          "[integration][daemon][portal]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  auto added = d.illctl({"user", "add", "alice", "--client", "acme", "--password-stdin"},
                        "alice-password-1\n");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  auto token = d.illctl({"user", "token", "add", "alice", "--label", "tests", "--json"});
  REQUIRE(token.exit_code == 0);
  auto& illd = d.start_illd();
  const auto port = d.portal_port();
  REQUIRE(port != d.http_port());
  const auto link = d.link_id("acme-1");
  REQUIRE(Deployment::wait_until([&] { return sample_count(d, link) >= 2; }, 20s));

  using ill::test::http_request;
  auto form = http_request("127.0.0.1", port, "GET", "/login");
  REQUIRE(form.status == 200);
  CHECK(form.headers["content-security-policy"].find("script-src") == std::string::npos);
  auto posted = http_request(
      "127.0.0.1", port, "POST", "/login",
      "csrf=" + ill::test::form_token(form.body) + "&username=alice&password=alice-password-1",
      {{"Cookie", ill::test::set_cookie(form, "ill_form")},
       {"Content-Type", "application/x-www-form-urlencoded"}});
  REQUIRE(posted.status == 303);
  auto cookie = ill::test::set_cookie(posted, "ill_session");
  auto home = http_request("127.0.0.1", port, "GET", "/", {}, {{"Cookie", cookie}});
  CHECK(home.status == 200);
  CHECK_THAT(home.body, Contains("acme-1") && Contains("state-up"));
  // /metrics stays on its own listener.
  CHECK(http_request("127.0.0.1", port, "GET", "/metrics", {}, {{"Cookie", cookie}}).status == 404);

  // A slowloris holds as many half-sent requests as it can.
  std::vector<int> slow;
  for (int i = 0; i < 64; ++i) slow.push_back(half_request("127.0.0.9", port));
  const auto before = sample_count(d, link);
  for (int i = 0; i < 10; ++i) {
    CHECK(ill::test::exchange(ill::test::connect_from("127.0.0.2", port),
                              "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: " +
                                  cookie + "\r\n\r\n") == 200);
  }
  INFO(illd.err());
  CHECK(Deployment::wait_until([&] { return sample_count(d, link) >= before + 2; }, 20s));
  for (int fd : slow)
    if (fd >= 0) ::close(fd);

  auto log = d.illctl({"user", "log", "alice"});
  CHECK(log.exit_code == 0);
  CHECK_THAT(log.out, Contains("alice") && Contains("ok") && Contains("127.0.0.1"));
  auto tokens = d.illctl({"user", "token", "list"});
  CHECK_THAT(tokens.out, Contains("tests"));
  CHECK(d.stop_illd() == 0);
}
