// The TOTP second factor over real HTTP. Codes are computed by oathtool (Debian's oath-toolkit),
// not by the code under test: the right code, a wrong one, a replayed one, one step of clock
// skew either way, recovery codes that work once, the pending sign-in's expiry, and
// `[portal] require_2fa` enrolment from the account page.
#include "portal/second_factor.hpp"
#include "portal_site.hpp"
#include "store/database.hpp"
#include "store/portal_auth_repository.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ill;
using namespace ill::test;
using namespace std::chrono_literals;

namespace {

std::string oathtool(const std::string& base32_secret, std::chrono::sys_seconds at) {
  auto r = run({"/usr/bin/oathtool", "--totp", "-b", base32_secret, "-N",
                "@" + std::to_string(unix_seconds(at))},
               {}, 30s);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.size() >= 6);
  return r.out.substr(0, 6);
}

portal::Enrolment enrol_alice(const PortalSite& site) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto e = portal::enrol(**db, site.secrets(), site.a().user, "alice", "ill", true, site.now());
  REQUIRE(e);
  return *e;
}

std::vector<std::string> outcomes(const PortalSite& site) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto log = store::PortalAuthRepository(**db).login_log(std::nullopt, 100);
  REQUIRE(log);
  std::vector<std::string> out;
  for (const auto& e : *log) out.push_back(e.outcome);
  return out;
}

// The password step: the pending cookie ("ill_pending=...").
std::string password_step(const PortalSite& site) {
  HttpReply reply;
  CHECK(site.login("alice", k_alice_password, &reply).empty());  // no session yet
  REQUIRE(reply.status == 303);
  CHECK(reply.headers["location"] == "/login/code");
  auto pending = set_cookie(reply, "ill_pending");
  REQUIRE(!pending.empty());
  return pending;
}

// The code step: the reply to the code form.
HttpReply code_step(const PortalSite& site, const std::string& pending, const std::string& code) {
  auto form = site.get("/login/code", pending);
  REQUIRE(form.status == 200);
  return site.post("/login/code",
                   "csrf=" + url_encode(form_token(form.body)) + "&code=" + url_encode(code),
                   pending);
}

bool signs_in(const PortalSite& site, const std::string& code) {
  auto reply = code_step(site, password_step(site), code);
  if (reply.status != 303) return false;
  auto session = set_cookie(reply, "ill_session");
  return !session.empty() && site.get("/", session).status == 200;
}

}  // namespace

TEST_CASE("portal: TOTP codes, once each, with one step of skew", "[integration][portal][2fa]") {
  PortalSite site;
  const auto e = enrol_alice(site);
  CHECK(e.uri.starts_with("otpauth://totp/ill:alice?secret=" + e.secret_base32));
  REQUIRE(e.recovery_codes.size() == 10);

  // The password alone is no session, and the pending cookie is not one either.
  const auto pending = password_step(site);
  CHECK(site.get("/", pending).status == 303);
  CHECK(site.get("/api/v1/links", pending).status == 401);

  // A wrong code is refused and logged.
  const auto right = oathtool(e.secret_base32, site.now());
  const auto wrong = right == "000000" ? std::string("000001") : std::string("000000");
  auto refused = code_step(site, pending, wrong);
  CHECK(refused.status == 401);
  CHECK(outcomes(site).front() == "bad-code");

  // One step behind is accepted (a clock 30 s slow)...
  CHECK(signs_in(site, oathtool(e.secret_base32, site.now() - 30s)));
  // ... then the code of now ...
  CHECK(signs_in(site, right));
  CHECK(outcomes(site).front() == "ok");
  // ... which does not work twice.
  CHECK_FALSE(signs_in(site, right));
  CHECK(outcomes(site).front() == "replayed-code");
  // One step ahead (a clock 30 s fast) is accepted, two steps are not.
  CHECK_FALSE(signs_in(site, oathtool(e.secret_base32, site.now() + 60s)));
  CHECK(outcomes(site).front() == "bad-code");
  CHECK(signs_in(site, oathtool(e.secret_base32, site.now() + 30s)));
  // After the step ahead was used, the code of now counts as used too.
  site.advance(0s);
  CHECK_FALSE(signs_in(site, right));
}

TEST_CASE("portal: a recovery code signs in once", "[integration][portal][2fa]") {
  PortalSite site;
  const auto e = enrol_alice(site);
  const auto code = e.recovery_codes.front();
  CHECK(code.size() == 19);
  CHECK(signs_in(site, code));
  CHECK(outcomes(site).front() == "recovery-code");
  CHECK_FALSE(signs_in(site, code));
  // Another code still works, typed in capitals and without the dashes.
  std::string other;
  for (char c : e.recovery_codes[1])
    if (c != '-') other += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(signs_in(site, other));
}

TEST_CASE("portal: a pending sign-in expires and allows five tries", "[integration][portal][2fa]") {
  PortalSite site;
  const auto e = enrol_alice(site);
  auto pending = password_step(site);
  site.advance(301s);
  CHECK(site.get("/login/code", pending).status == 303);
  CHECK(site.get("/login/code", pending).headers["location"] == "/login");

  pending = password_step(site);
  auto form = site.get("/login/code", pending);
  // A forged form is refused without counting.
  CHECK(site.post("/login/code", "csrf=forged&code=123456", pending).status == 403);
  for (int i = 0; i < 5; ++i) {
    site.advance(20s);  // past the throttle's growing wait, inside the five minutes
    CHECK(site.post("/login/code", "csrf=" + url_encode(form_token(form.body)) + "&code=999999x",
                    pending)
              .status == (i < 4 ? 401 : 303));
  }
  // Out of tries: even the right code needs the password again.
  auto late = site.post("/login/code",
                        "csrf=" + url_encode(form_token(form.body)) +
                            "&code=" + oathtool(e.secret_base32, site.now()),
                        pending);
  CHECK(late.status == 303);
  CHECK(late.headers["location"] == "/login");
}

TEST_CASE("portal: require_2fa sends users to enrol from the account page",
          "[integration][portal][2fa]") {
  config::PortalSettings settings;
  settings.require_2fa = "someone else, acme <B>&AMP; sons";  // names client A, any case
  PortalSite site(settings);
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());
  CHECK(site.get("/", cookie).status == 303);
  CHECK(site.get("/", cookie).headers["location"] == "/account");
  CHECK(site.get("/api/v1/links", cookie).status == 401);
  // API tokens are the ISP's, for machines: not affected.
  CHECK(site.get("/api/v1/links", {}, {{"Authorization", "Bearer " + site.a().token}}).status ==
        200);
  // Bob's client is not named.
  CHECK(site.get("/", site.login("bob", k_bob_password)).status == 200);

  auto account = site.get("/account", cookie);
  CHECK(account.status == 200);
  CHECK(account.body.find("requires a second factor") != std::string::npos);
  const auto csrf = form_token(account.body);
  CHECK(site.post("/account/2fa/start", "csrf=" + url_encode(csrf), cookie).status == 303);
  account = site.get("/account", cookie);
  const std::string marker = "data-otpauth=\"";
  auto at = account.body.find(marker);
  REQUIRE(at != std::string::npos);
  auto uri = account.body.substr(at + marker.size());
  uri = uri.substr(0, uri.find('"'));
  auto secret = uri.substr(uri.find("secret=") + 7);
  secret = secret.substr(0, secret.find("&amp;"));
  CHECK(account.body.find("<svg") != std::string::npos);  // the QR code
  // Not yet in force: a wrong code does not turn it on.
  CHECK(site.post("/account/2fa/confirm", "csrf=" + url_encode(csrf) + "&code=12345x", cookie)
            .status == 400);
  CHECK(site.get("/", cookie).status == 303);
  auto done =
      site.post("/account/2fa/confirm",
                "csrf=" + url_encode(csrf) + "&code=" + oathtool(secret, site.now()), cookie);
  CHECK(done.status == 200);
  CHECK(done.body.find("<ul class=\"codes\">") != std::string::npos);
  CHECK(site.get("/", cookie).status == 200);
  // From now on the password alone is not enough.
  HttpReply reply;
  CHECK(site.login("alice", k_alice_password, &reply).empty());
  CHECK(reply.headers["location"] == "/login/code");
}
