// The session limits cross a unit boundary: `[portal] session_lifetime_s` and `session_idle_s`
// count seconds in the config and become std::chrono::seconds in Auth (auth_settings()). A
// configured value must still end a session at exactly its second, not a unit off.
#include "config/config.hpp"
#include "portal/auth.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/password_hash.hpp"
#include "store/portal_user_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace std::chrono_literals;

namespace {

constexpr const char* k_password = "alice-password-1";

}  // namespace

TEST_CASE("configured session limits end a session at their exact second", "[unit][portal]") {
  auto db = store::Database::open(":memory:", store::OpenMode::create).value();
  store::Client client;
  client.name = "acme";
  store::PortalUser user;
  user.client_id = store::ClientRepository(*db).add(client).value();
  user.username = "alice";
  user.password_hash =
      store::hash_password(store::Secret(k_password), store::HashCost::min).value();
  REQUIRE(store::PortalUserRepository(*db).add(user));

  config::PortalSettings settings;
  settings.session_lifetime_s = 3600;
  settings.session_idle_s = 600;
  portal::Auth auth(portal::auth_settings(settings));
  const std::chrono::sys_seconds t0{std::chrono::seconds{1'767'225'600}};
  auto sign_in = [&] {
    auto r = auth.login(*db, "alice", store::Secret(k_password), "192.0.2.1", t0).value();
    REQUIRE(r.outcome == portal::LoginResult::Outcome::ok);
    return r.token;
  };
  auto alive = [&](const std::string& token, std::chrono::sys_seconds at) {
    return auth.session(*db, token, at).value().has_value();
  };

  SECTION("the lifetime, however active the session") {
    const auto token = sign_in();
    for (auto t = t0 + 550s; t < t0 + 3600s; t += 550s) CHECK(alive(token, t));
    CHECK(alive(token, t0 + 3599s));
    CHECK_FALSE(alive(token, t0 + 3600s));
  }
  SECTION("the idle time, from the last request") {
    const auto token = sign_in();
    CHECK(alive(token, t0 + 599s));
    CHECK(alive(token, t0 + 1198s));
    CHECK_FALSE(alive(token, t0 + 1798s));
  }
}
