// Signing in and out of the portal over real HTTP: passwords, sessions, CSRF, throttling, API
// tokens and the login log.
#include "portal/accounts.hpp"
#include "portal/token.hpp"
#include "portal_site.hpp"
#include "store/database.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_user_repository.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace ill::test;

namespace {

std::vector<store::LoginEvent> login_log(const PortalSite& site) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto log = store::PortalAuthRepository(**db).login_log(std::nullopt, 100);
  REQUIRE(log);
  return *log;
}

}  // namespace

TEST_CASE("portal: a right password signs in, a wrong one does not", "[integration][portal]") {
  PortalSite site;
  CHECK(site.get("/").status == 303);
  CHECK(site.get("/").headers["location"] == "/login");

  HttpReply refused;
  CHECK(site.login("alice", "wrong-password", &refused).empty());
  CHECK(refused.status == 401);
  CHECK(refused.body.find("Wrong user name or password") != std::string::npos);
  HttpReply unknown;
  CHECK(site.login("nobody", "whatever-password", &unknown).empty());
  CHECK(unknown.status == 401);
  // The same answer, but for the fresh form token: no hint which names exist.
  auto without_token = [](std::string body) {
    auto token = form_token(body);
    return body.replace(body.find(token), token.size(), "TOKEN");
  };
  CHECK(without_token(unknown.body) == without_token(refused.body));

  HttpReply ok;
  auto cookie = site.login("alice", k_alice_password, &ok);
  REQUIRE(!cookie.empty());
  const auto& set = ok.headers["set-cookie"];
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);                   // plain HTTP, no TLS proxy
  CHECK(cookie.size() == std::string("ill_session=").size() + 43);  // 256 bits, base64url

  auto home = site.get("/", cookie);
  CHECK(home.status == 200);
  CHECK(home.body.find("acme-1 &lt;script&gt;") != std::string::npos);
  CHECK(home.body.find("<script") == std::string::npos);
  CHECK(home.body.find("Acme &lt;b&gt;&amp;amp; Sons") != std::string::npos);
  CHECK(home.headers["content-security-policy"].find("default-src 'none'") != std::string::npos);
  CHECK(home.headers["content-security-policy"].find("frame-ancestors 'none'") !=
        std::string::npos);
  CHECK(home.headers["x-content-type-options"] == "nosniff");
  CHECK(home.headers["referrer-policy"] == "no-referrer");

  auto log = login_log(site);
  REQUIRE(log.size() == 3);
  CHECK(log[0].outcome == "ok");
  CHECK(log[0].address == "127.0.0.1");
  CHECK(log[1].outcome == "unknown-user");
  CHECK(log[2].outcome == "bad-password");

  // The store keeps only the SHA-256 of the token.
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto token = cookie.substr(cookie.find('=') + 1);
  auto count = [&](const char* sql, const auto& value) {
    auto stmt = (*db)->prepare(sql);
    REQUIRE(stmt);
    (*stmt)->bind_all(value);
    REQUIRE((*stmt)->step().value());
    return (*stmt)->int64(0);
  };
  CHECK(count("SELECT count(*) FROM portal_sessions WHERE token_hash = ?",
              portal::token_hash(token)) == 1);
  CHECK(count("SELECT count(*) FROM portal_sessions WHERE instr(csrf || address || "
              "CAST(token_hash AS TEXT), ?) > 0",
              token) == 0);
}

TEST_CASE("portal: sessions end at logout, when idle, at expiry and when disabled",
          "[integration][portal]") {
  config::PortalSettings settings;
  settings.session_idle_s = 600;
  settings.session_lifetime_s = 3600;
  PortalSite site(settings);

  SECTION("logout needs the form token and ends the session on the server") {
    auto cookie = site.login("alice", k_alice_password);
    REQUIRE(!cookie.empty());
    CHECK(site.post("/logout", "csrf=forged", cookie).status == 403);
    CHECK(site.get("/", cookie).status == 200);
    auto out = site.post("/logout", "csrf=" + site.csrf(cookie), cookie);
    CHECK(out.status == 303);
    CHECK(site.get("/", cookie).status == 303);  // the old cookie opens nothing
    CHECK(login_log(site)[0].outcome == "logout");
  }
  SECTION("idle timeout") {
    auto cookie = site.login("alice", k_alice_password);
    site.advance(std::chrono::seconds{599});
    CHECK(site.get("/", cookie).status == 200);  // the request keeps it alive
    site.advance(std::chrono::seconds{599});
    CHECK(site.get("/", cookie).status == 200);
    site.advance(std::chrono::seconds{600});
    CHECK(site.get("/", cookie).status == 303);
  }
  SECTION("absolute expiry however active") {
    auto cookie = site.login("alice", k_alice_password);
    for (int i = 0; i < 6; ++i) {
      site.advance(std::chrono::seconds{590});
      CHECK(site.get("/", cookie).status == 200);
    }
    site.advance(std::chrono::seconds{590});  // 3,540 + 590 s after the login
    CHECK(site.get("/", cookie).status == 303);
  }
  SECTION("a disabled user loses access at the next request") {
    auto cookie = site.login("alice", k_alice_password);
    auto api = site.get("/api/v1/links", {}, {{"Authorization", "Bearer " + site.a().token}});
    CHECK(api.status == 200);
    {
      auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
      REQUIRE(db);
      auto user = store::PortalUserRepository(**db).resolve("alice");
      REQUIRE(user);
      user->active = false;
      REQUIRE(store::PortalUserRepository(**db).update(*user));
    }
    CHECK(site.get("/", cookie).status == 303);
    CHECK(site.get("/api/v1/links", {}, {{"Authorization", "Bearer " + site.a().token}}).status ==
          401);
    HttpReply refused;
    CHECK(site.login("alice", k_alice_password, &refused).empty());
    CHECK(login_log(site)[0].outcome == "disabled");
  }
}

TEST_CASE("portal: every POST needs its form token", "[integration][portal]") {
  PortalSite site;
  SECTION("login without the form cookie") {
    auto form = site.get("/login");
    auto reply = site.post("/login",
                           "csrf=" + form_token(form.body) +
                               "&username=alice&password=" + url_encode(k_alice_password),
                           "");
    CHECK(reply.status == 403);
  }
  SECTION("password change with another session's token") {
    auto alice = site.login("alice", k_alice_password);
    auto bob = site.login("bob", k_bob_password);
    auto reply = site.post("/account/password",
                           "csrf=" + site.csrf(bob) + "&current=" + url_encode(k_alice_password) +
                               "&new=another-password-9",
                           alice);
    CHECK(reply.status == 403);
    CHECK(!site.login("alice", k_alice_password).empty());  // unchanged
  }
}

TEST_CASE("portal: a password change ends every session of the user", "[integration][portal]") {
  PortalSite site;
  auto first = site.login("alice", k_alice_password);
  auto second = site.login("alice", k_alice_password);
  auto wrong =
      site.post("/account/password",
                "csrf=" + site.csrf(first) + "&current=nope&new=another-password-9", first);
  CHECK(wrong.status == 403);
  auto changed = site.post("/account/password",
                           "csrf=" + site.csrf(first) + "&current=" + url_encode(k_alice_password) +
                               "&new=another-password-9",
                           first);
  CHECK(changed.status == 303);
  CHECK(site.get("/", first).status == 303);
  CHECK(site.get("/", second).status == 303);
  CHECK(site.login("alice", k_alice_password).empty());
  CHECK(!site.login("alice", "another-password-9").empty());
}

TEST_CASE("portal: failed logins are throttled per user and lock the name",
          "[integration][portal]") {
  PortalSite site;
  HttpReply reply;
  for (int i = 0; i < 3; ++i) {
    CHECK(site.login("alice", "wrong", &reply).empty());
    CHECK(reply.status == 401);
  }
  CHECK(site.login("alice", "wrong", &reply).empty());  // the fourth starts the waits
  CHECK(reply.status == 401);
  // Now even the right password is refused until the wait is over.
  CHECK(site.login("alice", k_alice_password, &reply).empty());
  CHECK(reply.status == 429);
  CHECK(reply.headers["retry-after"] == "1");
  {
    auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
    REQUIRE(db);
    auto locked = portal::locked_until(**db, "ALICE", site.now());
    REQUIRE(locked);
    CHECK(*locked == site.now() + std::chrono::seconds{1});
  }
  site.advance(std::chrono::seconds{1});
  CHECK(site.login("alice", "wrong", &reply).empty());
  site.advance(std::chrono::seconds{1});
  CHECK(site.login("alice", k_alice_password, &reply).empty());
  CHECK(reply.status == 429);  // the fifth failure doubled the wait to 2 s
  CHECK(reply.headers["retry-after"] == "1");
  site.advance(std::chrono::seconds{1});
  CHECK(!site.login("alice", k_alice_password).empty());
  // Bob was never slowed down by alice's failures from the same address (10 are free).
  CHECK(!site.login("bob", k_bob_password).empty());
  // A success clears the count.
  CHECK(site.login("alice", "wrong", &reply).empty());
  CHECK(!site.login("alice", k_alice_password).empty());
}

TEST_CASE("portal: API tokens are checked, and a revoked one is refused", "[integration][portal]") {
  PortalSite site;
  auto bearer = [](const std::string& t) {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + t}};
  };
  auto links = site.get("/api/v1/links", {}, bearer(site.a().token));
  CHECK(links.status == 200);
  CHECK(links.headers["content-type"] == "application/json");
  CHECK(links.body.find("acme-2") != std::string::npos);
  CHECK(links.body.find("beta-hidden") == std::string::npos);

  CHECK(site.get("/api/v1/links").status == 401);
  // One character changed (the token is random: its first character may already be an 'x').
  std::string altered = site.a().token;
  altered[0] = altered[0] == 'x' ? 'y' : 'x';
  CHECK(site.get("/api/v1/links", {}, bearer(altered)).status == 401);
  CHECK(site.get("/api/v1/links", {}, {{"Authorization", site.a().token}}).status == 401);
  {
    auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
    REQUIRE(db);
    REQUIRE(store::PortalAuthRepository(**db).revoke_token(site.a().token_id, site.now()));
  }
  CHECK(site.get("/api/v1/links", {}, bearer(site.a().token)).status == 401);
  CHECK(site.get("/api/v1/links", {}, bearer(site.b().token)).status == 200);
  // The session cookie works for the API too.
  auto cookie = site.login("alice", k_alice_password);
  CHECK(site.get("/api/v1/links", cookie).status == 200);
}

TEST_CASE("portal: behind a trusted proxy the forwarded address and scheme count",
          "[integration][portal]") {
  config::PortalSettings settings;
  settings.trusted_proxies = "127.0.0.1";
  settings.frame_ancestors = "'self' https://isp.example";
  PortalSite site(settings);
  std::map<std::string, std::string> forwarded = {{"X-Forwarded-For", "198.51.100.7"},
                                                  {"X-Forwarded-Proto", "https"}};
  auto form = site.get("/login", {}, forwarded);
  CHECK(form.headers["content-security-policy"].find(
            "frame-ancestors 'self' https://isp.example") != std::string::npos);
  auto form_cookie = set_cookie(form, "__Host-ill_form");
  REQUIRE(!form_cookie.empty());
  auto posted = site.post(
      "/login",
      "csrf=" + form_token(form.body) + "&username=alice&password=" + url_encode(k_alice_password),
      form_cookie, forwarded);
  REQUIRE(posted.status == 303);
  auto cookie = set_cookie(posted, "__Host-ill_session");
  REQUIRE(!cookie.empty());
  CHECK(posted.headers["set-cookie"].find("; Secure") != std::string::npos);
  CHECK(site.get("/", cookie, forwarded).status == 200);
  CHECK(login_log(site)[0].address == "198.51.100.7");
}

TEST_CASE("portal: over HTTPS the cookies are Secure and __Host-", "[integration][portal]") {
  TempDir dir;
  auto made = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                   "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  config::PortalSettings settings;
  settings.tls_cert = (dir / "cert.pem").string();
  settings.tls_key = (dir / "key.pem").string();
  PortalSite site(settings);
  auto reply = run({"/usr/bin/curl", "-sk", "-D", "-", "-o", "/dev/null",
                    "https://127.0.0.1:" + std::to_string(site.port()) + "/login"});
  INFO(reply.err);
  CHECK(reply.exit_code == 0);
  CHECK(reply.out.find("HTTP/1.1 200") != std::string::npos);
  CHECK(reply.out.find("Set-Cookie: __Host-ill_form=") != std::string::npos);
  CHECK(reply.out.find("; Secure") != std::string::npos);
  // Plain HTTP on the TLS port gets nothing.
  CHECK(site.get("/login").status != 200);
}
