// Hostile input against the portal: injection in every parameter, header splitting, path
// traversal, oversized requests and a slowloris client.
#include "portal_site.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

using namespace ill;
using namespace ill::test;

namespace {

std::int64_t link_count(const PortalSite& site) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto links = store::LinkRepository(**db).list();
  REQUIRE(links);
  return static_cast<std::int64_t>(links->size());
}

}  // namespace

TEST_CASE("portal: injection attempts in every parameter are inert", "[integration][portal]") {
  PortalSite site;
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());
  const auto before = link_count(site);
  const std::vector<std::string> payloads = {"' OR '1'='1",
                                             "1; DROP TABLE links; --",
                                             "<script>alert(1)</script>",
                                             "\"><img src=x>",
                                             "../../../etc/passwd",
                                             "%00",
                                             "1 UNION SELECT name FROM clients",
                                             "\r\nSet-Cookie: evil=1"};
  const auto link = std::to_string(site.a().links.front());
  for (const auto& raw : payloads) {
    const auto p = url_encode(raw);
    const std::vector<std::string> targets = {
        "/links/" + p,
        "/links/" + link + "?range=" + p,
        "/links/" + link + "?range=month&month=" + p,
        "/reports/" + p,
        "/api/v1/links/" + p,
        "/api/v1/links/" + link + "/samples?from=" + p + "&to=" + p,
        "/api/v1/links/" + link + "/samples?from=1&to=2&step=" + p,
        "/api/v1/links/" + link + "/outages?month=" + p,
        "/api/v1/reports/" + p,
        "/invite/" + p,
        "/login/code?code=" + p,
        "/" + p,
        "/static/" + p};
    for (const auto& target : targets) {
      auto reply = site.get(target, cookie);
      INFO(target);
      CHECK(reply.status >= 200);
      CHECK(reply.status < 500);
      CHECK(reply.body.find("<script>alert") == std::string::npos);
      CHECK(reply.body.find("<img src=x>") == std::string::npos);
      CHECK(reply.headers.count("set-cookie") == 0);
      CHECK(reply.body.find("root:") == std::string::npos);
    }
    auto login = site.post("/login", "csrf=x&username=" + p + "&password=" + p, "");
    CHECK(login.status == 403);
    // The second step and the account forms take the payload as a code: refused, not run.
    CHECK(site.post("/login/code", "csrf=" + p + "&code=" + p, "ill_pending=" + p).status == 303);
    const auto csrf = url_encode(site.csrf(cookie));
    auto confirm = site.post("/account/2fa/confirm", "csrf=" + csrf + "&code=" + p, cookie);
    CHECK(confirm.status == 400);
    CHECK(confirm.body.find("<script>alert") == std::string::npos);
    CHECK(site.post("/invite/" + p, "csrf=" + p + "&new=" + p, "").status == 404);
    HttpReply refused;
    CHECK(site.login(raw, raw, &refused).empty());
    CHECK(refused.status == 401);
    CHECK(refused.body.find("<script>alert") == std::string::npos);
  }
  CHECK(link_count(site) == before);
  CHECK(site.get("/", cookie).status == 200);
}

TEST_CASE("portal: oversized requests are refused and the portal carries on",
          "[integration][portal]") {
  config::PortalSettings settings;
  settings.max_header_bytes = 8192;
  settings.max_body_bytes = 4096;
  PortalSite site(settings);
  const std::string big(64 * 1024, 'a');

  auto line = exchange(connect_from("127.0.0.1", site.port()),
                       "GET /" + big + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((line == 414 || line == 431 || line == 0));
  auto header = exchange(connect_from("127.0.0.1", site.port()),
                         "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
  CHECK((header == 431 || header == 0));
  auto body = site.post("/login", "username=" + big, "");
  CHECK(body.status == 413);
  CHECK(site.get("/login").status == 200);
}

TEST_CASE("portal: slow clients cannot starve the others", "[integration][portal]") {
  config::PortalSettings settings;
  settings.max_connections_per_address = 4;
  settings.timeout_s = 30;
  PortalSite site(settings);
  // A slowloris at 127.0.0.9: connections that send half a request and then nothing.
  std::vector<int> slow;
  for (int i = 0; i < 12; ++i) {
    int fd = connect_from("127.0.0.9", site.port());
    const std::string part = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    (void)::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  // The listener let it hold 4 of them at most; everyone else is answered at once.
  for (int i = 0; i < 20; ++i) {
    auto status = exchange(connect_from("127.0.0.2", site.port()),
                           "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status == 200);
  }
  CHECK(site.get("/login").status == 200);
  for (int fd : slow) ::close(fd);
}
