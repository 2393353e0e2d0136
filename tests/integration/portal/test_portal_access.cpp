// Who may come in, over real HTTP: a disabled user or client loses its session and its API
// token at the next request; an invitation link sets the password once, and not after it
// expired.
#include "portal/accounts.hpp"
#include "portal/invitation.hpp"
#include "portal_site.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/portal_user_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace ill::test;

namespace {

std::unique_ptr<store::Database> open_db(const PortalSite& site) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  return std::move(*db);
}

}  // namespace

TEST_CASE("portal: a disabled client or user loses access at the next request",
          "[integration][portal][access]") {
  PortalSite site;
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());
  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + site.a().token}};
  REQUIRE(site.get("/", cookie).status == 200);
  REQUIRE(site.get("/api/v1/links", {}, bearer).status == 200);

  auto db = open_db(site);
  store::ClientRepository clients(*db);
  REQUIRE(clients.set_active(site.a().client, false));
  CHECK(site.get("/", cookie).status == 303);  // the session is gone
  CHECK(site.get("/api/v1/links", {}, bearer).status == 401);
  HttpReply refused;
  CHECK(site.login("alice", k_alice_password, &refused).empty());
  CHECK(refused.status == 401);
  CHECK(store::PortalAuthRepository(*db).login_log("alice", 1).value().front().outcome ==
        "disabled");
  // The other client is not touched.
  CHECK(site.get("/", site.login("bob", k_bob_password)).status == 200);

  REQUIRE(clients.set_active(site.a().client, true));
  CHECK(site.get("/api/v1/links", {}, bearer).status == 200);
  const auto again = site.login("alice", k_alice_password);
  REQUIRE(!again.empty());

  // The user alone, the way `illctl user disable` does it.
  auto alice = store::PortalUserRepository(*db).get(site.a().user).value();
  alice.active = false;
  REQUIRE(portal::update_user(*db, alice, true));
  CHECK(site.get("/", again).status == 303);
  CHECK(site.get("/api/v1/links", {}, bearer).status == 401);
  CHECK(site.login("alice", k_alice_password).empty());
}

TEST_CASE("portal: an invitation sets the password once, until it expires",
          "[integration][portal][access]") {
  config::PortalSettings settings;
  settings.public_url = "https://portal.example/";
  settings.invitation_ttl_s = 3600;
  PortalSite site(settings);
  auto db = open_db(site);
  auto issued = portal::issue_invitation(*db, site.a().user, settings, site.now());
  REQUIRE(issued);
  CHECK(issued->link == "https://portal.example/invite/" + issued->token);
  const auto path = "/invite/" + issued->token;

  auto form = site.get(path);
  REQUIRE(form.status == 200);
  CHECK(form.body.find("alice") != std::string::npos);
  const auto csrf = form_token(form.body);
  // Without the page's form token, nothing happens.
  CHECK(site.post(path, "csrf=forged&new=chosen-password-1", {}).status == 403);
  CHECK(site.post(path, "csrf=" + url_encode(csrf) + "&new=short", {}).status == 400);
  auto set = site.post(path, "csrf=" + url_encode(csrf) + "&new=chosen-password-1", {});
  CHECK(set.status == 303);
  CHECK(set.headers["location"] == "/login");
  CHECK(!site.login("alice", "chosen-password-1").empty());
  CHECK(site.login("alice", k_alice_password).empty());
  // Used: the link is gone, and cannot set another password.
  CHECK(site.get(path).status == 404);
  CHECK(site.post(path, "csrf=" + url_encode(csrf) + "&new=another-password-2", {}).status == 404);
  CHECK(site.login("alice", "another-password-2").empty());
  bool logged = false;
  const auto log = store::PortalAuthRepository(*db).login_log("alice", 10).value();
  for (const auto& e : log) logged = logged || e.outcome == "invitation-used";
  CHECK(logged);

  // Expired: refused a second after its time.
  auto late = portal::issue_invitation(*db, site.b().user, settings, site.now());
  REQUIRE(late);
  site.advance(std::chrono::seconds{3600});
  CHECK(site.get("/invite/" + late->token).status == 404);
  CHECK(site.post("/invite/" + late->token,
                  "csrf=" + url_encode(portal::invitation_form_token(late->token)) +
                      "&new=bobs-new-password",
                  {})
            .status == 404);
  CHECK(site.login("bob", "bobs-new-password").empty());
  // Unknown tokens look the same.
  CHECK(site.get("/invite/" + std::string(43, 'A')).status == 404);
  CHECK(site.get("/invite/../../etc/passwd").status == 404);
}
