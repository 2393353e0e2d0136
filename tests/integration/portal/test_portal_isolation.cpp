// Tenant isolation, generated: every route that takes an id, with client A's session and A's
// API token, against every id of client B answers exactly what a missing id answers, and no
// page or document A can reach names anything of B's.
#include "portal_site.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

using namespace ill;
using namespace ill::test;

namespace {

enum class Kind { link, report };

struct RouteTemplate {
  std::string pattern;  // {id} is replaced
  Kind kind;
  bool api;
};

std::vector<RouteTemplate> routes_with_ids(std::chrono::sys_seconds now) {
  const auto range = fmt::format("from={}&to={}", unix_seconds(now) - 7200, unix_seconds(now));
  return {
      {"/links/{id}", Kind::link, false},
      {"/links/{id}?range=7d", Kind::link, false},
      {"/links/{id}?range=30d", Kind::link, false},
      {"/links/{id}?range=month&month=2026-01", Kind::link, false},
      {"/reports/{id}", Kind::report, false},
      {"/api/v1/links/{id}", Kind::link, true},
      {"/api/v1/links/{id}/samples?" + range, Kind::link, true},
      {"/api/v1/links/{id}/samples?" + range + "&step=raw", Kind::link, true},
      {"/api/v1/links/{id}/samples?" + range + "&step=1h", Kind::link, true},
      {"/api/v1/links/{id}/samples?from=bad", Kind::link, true},
      {"/api/v1/links/{id}/outages", Kind::link, true},
      {"/api/v1/links/{id}/outages?month=2026-01", Kind::link, true},
      {"/api/v1/reports/{id}", Kind::report, true},
  };
}

const std::vector<std::string> k_lists = {"/",        "/reports",      "/reports/month-to-date.pdf",
                                          "/account", "/api/v1/links", "/api/v1/reports"};

std::string with_id(std::string pattern, std::int64_t id) {
  auto at = pattern.find("{id}");
  return pattern.replace(at, 4, std::to_string(id));
}

void check_no_names(const HttpReply& reply, const SiteIds& other, const std::string& target) {
  for (const auto& name : other.names) {
    INFO(target << " must not show " << name);
    CHECK(reply.body.find(name) == std::string::npos);
    for (const auto& [header, value] : reply.headers) CHECK(value.find(name) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("portal: another client's ids answer exactly like missing ones",
          "[integration][portal][isolation]") {
  PortalSite site;
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());
  struct Credential {
    std::string what;
    std::string cookie;
    std::map<std::string, std::string> headers;
  };
  const std::vector<Credential> credentials = {
      {"session", cookie, {}}, {"token", {}, {{"Authorization", "Bearer " + site.a().token}}}};

  std::size_t checked = 0;
  for (const auto& route : routes_with_ids(site.now())) {
    const auto& mine = route.kind == Kind::link ? site.a().links : site.a().reports;
    const auto& theirs = route.kind == Kind::link ? site.b().links : site.b().reports;
    for (const auto& who : credentials) {
      if (!route.api && who.what == "token") continue;  // pages take the session only
      auto missing = site.get(with_id(route.pattern, 987654321), who.cookie, who.headers);
      INFO(who.what << " " << route.pattern);
      REQUIRE(missing.status == 404);
      // The route is real: A's own ids answer (200, or 400 for a malformed parameter).
      auto own = site.get(with_id(route.pattern, mine.front()), who.cookie, who.headers);
      CHECK((own.status == 200 || own.status == 400));
      for (auto id : theirs) {
        auto target = with_id(route.pattern, id);
        auto reply = site.get(target, who.cookie, who.headers);
        INFO(target);
        CHECK(reply.status == 404);
        CHECK(reply.body == missing.body);
        CHECK(reply.headers["content-type"] == missing.headers["content-type"]);
        check_no_names(reply, site.b(), target);
        ++checked;
      }
    }
  }
  CHECK(checked >= 30);

  for (const auto& target : k_lists) {
    for (const auto& who : credentials) {
      if (!target.starts_with("/api/") && who.what == "token") continue;
      auto reply = site.get(target, who.cookie, who.headers);
      INFO(who.what << " " << target);
      CHECK(reply.status == 200);
      check_no_names(reply, site.b(), target);
    }
  }
  // And the other way round, so the check itself is not vacuous.
  auto bob = site.login("bob", k_bob_password);
  auto theirs = site.get("/", bob);
  CHECK(theirs.body.find("beta-hidden-1") != std::string::npos);
  CHECK(site.get(with_id("/links/{id}", site.a().links.front()), bob).status == 404);
}
