// The portal's accounts as an ISP runs them, end to end: illctl (user 2fa, client disable,
// user add --invite with a real SMTP server) and illd serving the portal on its own listener.
#include "daemon/deployment.hpp"
#include "daemon/edge_sim.hpp"
#include "notify/sinks.hpp"
#include "portal_site.hpp"
#include "support/http_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace ill::test;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string totp(const std::string& secret) {
  auto r =
      run({"/usr/bin/oathtool", "--totp", "-b", secret, "-N", "@" + std::to_string(unix_now())}, {},
          30s);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, 6);
}

// Signs in on illd's portal; the reply of the password step.
HttpReply password_step(std::uint16_t port, const std::string& user, const std::string& password) {
  auto form = http_request("127.0.0.1", port, "GET", "/login");
  REQUIRE(form.status == 200);
  return http_request(
      "127.0.0.1", port, "POST", "/login",
      "csrf=" + form_token(form.body) + "&username=" + user + "&password=" + url_encode(password),
      {{"Cookie", set_cookie(form, "ill_form")},
       {"Content-Type", "application/x-www-form-urlencoded"}});
}

}  // namespace

TEST_CASE("illctl user 2fa and client disable, with illd's portal",
          "[integration][daemon][portal][2fa]") {
  Deployment d(k_edge_sim);
  d.import(k_edge_inventory, "s3cret");
  REQUIRE(d.illctl({"user", "add", "alice", "--client", "acme", "--password-stdin"},
                   "alice-password-1\n")
              .exit_code == 0);
  auto enabled = d.illctl({"user", "2fa", "enable", "alice", "--json"});
  INFO(enabled.err);
  REQUIRE(enabled.exit_code == 0);
  auto e = nlohmann::json::parse(enabled.out);
  const auto secret = e["secret"].get<std::string>();
  CHECK(e["otpauth"].get<std::string>().starts_with("otpauth://totp/"));
  CHECK(e["recovery_codes"].size() == 10);
  // Twice is refused, naming the way out; the terminal form prints a QR code.
  auto again = d.illctl({"user", "2fa", "enable", "alice"});
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Contains("2fa disable"));
  // The secret is sealed in the store, not there in base32 or raw.
  {
    auto stmt = d.db().prepare("SELECT secret FROM portal_totp");
    REQUIRE(stmt);
    REQUIRE((*stmt)->step().value());
    auto sealed = (*stmt)->blob(0);
    CHECK(std::string(sealed.begin(), sealed.end()).find(secret) == std::string::npos);
    CHECK(sealed.size() > 20 + 16);
  }

  auto listed = nlohmann::json::parse(d.illctl({"user", "list", "--json"}).out);
  CHECK(listed[0]["second_factor"] == true);

  d.start_illd();
  const auto port = d.portal_port();
  auto step = password_step(port, "alice", "alice-password-1");
  REQUIRE(step.status == 303);
  REQUIRE(step.headers["location"] == "/login/code");
  const auto pending = set_cookie(step, "ill_pending");
  auto code_form = http_request("127.0.0.1", port, "GET", "/login/code", {}, {{"Cookie", pending}});
  REQUIRE(code_form.status == 200);
  auto signed_in =
      http_request("127.0.0.1", port, "POST", "/login/code",
                   "csrf=" + url_encode(form_token(code_form.body)) + "&code=" + totp(secret),
                   {{"Cookie", pending}, {"Content-Type", "application/x-www-form-urlencoded"}});
  INFO(d.illd().err());
  REQUIRE(signed_in.status == 303);
  const auto cookie = set_cookie(signed_in, "ill_session");
  CHECK(http_request("127.0.0.1", port, "GET", "/", {}, {{"Cookie", cookie}}).status == 200);

  // The client disabled: the session ends at the next request; enabled: sign-in works again.
  REQUIRE(d.illctl({"client", "disable", "acme"}).exit_code == 0);
  CHECK(http_request("127.0.0.1", port, "GET", "/", {}, {{"Cookie", cookie}}).status == 303);
  CHECK_THAT(d.illctl({"client", "show", "acme"}).out, Contains("disabled"));
  CHECK(password_step(port, "alice", "alice-password-1").status == 401);
  REQUIRE(d.illctl({"client", "enable", "acme"}).exit_code == 0);
  // 2fa off: the password alone signs in.
  REQUIRE(d.illctl({"user", "2fa", "disable", "alice"}).exit_code == 0);
  auto plain = password_step(port, "alice", "alice-password-1");
  CHECK(plain.status == 303);
  CHECK(plain.headers["location"] == "/");
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illctl user add --invite e-mails a one-time link that illd's portal honours",
          "[integration][daemon][portal][access]") {
  Deployment d(k_edge_sim);
  d.import(k_edge_inventory, "s3cret");
  MailSink sink(d.dir());
  const auto conf = d.dir() / "illctl.conf";
  {
    std::ofstream out(conf);
    out << "db = \"" << d.db_path() << "\"\n[smtp]\nhost = \"127.0.0.1\"\nport = " << sink.port()
        << "\nsecurity = \"none\"\nfrom = \"portal@isp.example\"\n[portal]\npublic_url = "
           "\"https://portal.isp.example\"\ninvitation_ttl_s = 3600\n";
  }
  auto added = d.illctl({"--config", conf.string(), "user", "add", "carol", "--client", "acme",
                         "--email", "carol@acme.example", "--invite"});
  INFO(added.out << added.err);
  REQUIRE(added.exit_code == 0);
  const std::string base = "https://portal.isp.example/invite/";
  auto at = added.out.find(base);
  REQUIRE(at != std::string::npos);
  const auto token = added.out.substr(at + base.size(), 43);

  REQUIRE(sink.messages().size() == 1);
  auto mail = sink.parse(sink.messages().front());
  CHECK(mail.dump().find(base + token) != std::string::npos);
  CHECK(sink.envelope(sink.messages().front())["rcpt_tos"][0] == "carol@acme.example");

  d.start_illd();
  const auto port = d.portal_port();
  auto page = http_request("127.0.0.1", port, "GET", "/invite/" + token);
  REQUIRE(page.status == 200);
  auto set = http_request("127.0.0.1", port, "POST", "/invite/" + token,
                          "csrf=" + url_encode(form_token(page.body)) + "&new=carols-password-1",
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(set.status == 303);
  CHECK(password_step(port, "carol", "carols-password-1").status == 303);
  CHECK(http_request("127.0.0.1", port, "GET", "/invite/" + token).status == 404);
  CHECK(d.stop_illd() == 0);
}
