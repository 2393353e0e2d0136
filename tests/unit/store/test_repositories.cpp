#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/password_hash.hpp"
#include "store/portal_user_repository.hpp"
#include "store/router_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill::store;

namespace {

std::chrono::sys_seconds at(std::int64_t t) { return ill::from_unix_seconds(t); }

struct Fixture {
  std::unique_ptr<Database> db = Database::open(":memory:", OpenMode::create).value();
  RouterRepository routers{*db};
  ClientRepository clients{*db};
  LinkRepository links{*db};

  Router router(const std::string& name, const std::string& host) {
    Router r;
    r.name = name;
    r.host = host;
    r.username = "ill";
    return r;
  }
  Link link(const std::string& name, std::int64_t client, std::int64_t router,
            const std::string& iface) {
    Link l;
    l.name = name;
    l.client_id = client;
    l.router_id = router;
    l.interface = iface;
    l.committed_mbps = 100;
    return l;
  }
};

}  // namespace

TEST_CASE("a router reads back as it was written", "[unit][store]") {
  Fixture f;
  Router r = f.router("gw1", "10.0.0.1");
  r.transport = Transport::api_ssl;
  r.port = 8729;
  r.sealed_secret = std::vector<unsigned char>{1, 2, 3};
  r.poll_interval_s = 30;
  r.ssh_jump_host = "bastion";
  auto id = f.routers.add(r);
  REQUIRE(id);
  r.id = *id;
  auto back = f.routers.get(*id);
  REQUIRE(back);
  CHECK(*back == r);
}

TEST_CASE("a duplicate router name is refused naming the name", "[unit][store]") {
  Fixture f;
  REQUIRE(f.routers.add(f.router("gw1", "10.0.0.1")));
  auto again = f.routers.add(f.router("GW1", "10.0.0.2"));
  REQUIRE_FALSE(again);
  CHECK(again.error().category() == ill::Errc::invalid_input);
  CHECK(again.error().what() == "router name 'GW1' already exists");
}

TEST_CASE("two routers cannot share a management address", "[unit][store]") {
  Fixture f;
  REQUIRE(f.routers.add(f.router("gw1", "10.0.0.1")));
  auto again = f.routers.add(f.router("gw2", "10.0.0.1"));
  REQUIRE_FALSE(again);
  CHECK(again.error().what() == "router address 10.0.0.1:8728 is already used by another router");
}

TEST_CASE("a router poll interval outside 10-300 s is refused", "[unit][store]") {
  Fixture f;
  Router r = f.router("gw1", "10.0.0.1");
  r.poll_interval_s = 5;
  auto id = f.routers.add(r);
  REQUIRE_FALSE(id);
  CHECK_THAT(id.error().what(), Catch::Contains("10-300"));
}

TEST_CASE("routers resolve by name or by id, and an unknown one names itself", "[unit][store]") {
  Fixture f;
  auto id = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  CHECK(f.routers.resolve("gw1").value().id == id);
  CHECK(f.routers.resolve(std::to_string(id)).value().name == "gw1");
  auto missing = f.routers.resolve("gw9");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().category() == ill::Errc::not_found);
  CHECK(missing.error().what() == "router 'gw9' not found");
}

TEST_CASE("a router's status is the daemon's and survives an inventory update", "[unit][store]") {
  Fixture f;
  auto id = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  REQUIRE(f.routers.set_status(id, RouterStatus::auth_failed, at(1700000000),
                               std::string("login failed")));
  auto r = f.routers.get(id).value();
  r.location = "POP-1";
  REQUIRE(f.routers.update(r));
  auto back = f.routers.get(id).value();
  CHECK(back.status == RouterStatus::auth_failed);
  CHECK(back.last_poll == at(1700000000));
  CHECK(back.last_error == "login failed");
  CHECK(back.location == "POP-1");
}

TEST_CASE("a link keeps its commitments and defaults", "[unit][store]") {
  Fixture f;
  auto c = f.clients.add(
      Client{0, "acme", {"noc@acme.test", "cfo@acme.test"}, "+5511999999999", "America/Sao_Paulo"});
  REQUIRE(c);
  auto r = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  Link l = f.link("acme-1", *c, r, "ether1");
  l.sla.unknown = "excluded";
  l.sla.credit = R"({"model":"bands"})";
  auto id = f.links.add(l);
  REQUIRE(id);
  auto back = f.links.get(*id).value();
  CHECK(back.committed_uptime_pct == 99.50);
  CHECK(back.committed_latency_ms == 50);
  CHECK(back.committed_loss_pct == 1.00);
  CHECK(back.client_name == "acme");
  CHECK(back.router_name == "gw1");
  CHECK(back.sla.unknown == "excluded");
  CHECK(f.clients.get(*c).value().report_emails.size() == 2);
}

TEST_CASE("a link's interface is unique per router", "[unit][store]") {
  Fixture f;
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto r1 = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  auto r2 = f.routers.add(f.router("gw2", "10.0.0.2")).value();
  REQUIRE(f.links.add(f.link("a", c, r1, "ether1")));
  REQUIRE(f.links.add(f.link("b", c, r2, "ether1")));
  auto clash = f.links.add(f.link("c", c, r1, "ether1"));
  REQUIRE_FALSE(clash);
  CHECK_THAT(clash.error().what(),
             Catch::Contains("interface ether1") && Catch::Contains("already used"));
}

TEST_CASE("link commitments out of range are refused naming the field", "[unit][store]") {
  Fixture f;
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto r = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  Link l = f.link("a", c, r, "ether1");
  SECTION("speed") {
    l.committed_mbps = 0;
    CHECK_THAT(f.links.add(l).error().what(), Catch::Contains("committed Mbps"));
  }
  SECTION("uptime") {
    l.committed_uptime_pct = 100.5;
    CHECK_THAT(f.links.add(l).error().what(), Catch::Contains("committed uptime %"));
  }
  SECTION("loss") {
    l.committed_loss_pct = -1;
    CHECK_THAT(f.links.add(l).error().what(), Catch::Contains("committed loss %"));
  }
  SECTION("fee") {
    l.monthly_fee = -1;
    CHECK_THAT(f.links.add(l).error().what(), Catch::Contains("monthly fee"));
  }
}

TEST_CASE("a client with links is not deleted unless forced, and its samples go with them",
          "[unit][store]") {
  Fixture f;
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto r = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  auto l = f.links.add(f.link("a", c, r, "ether1")).value();
  auto sample = f.db->prepare("INSERT INTO samples (link_id, t, state) VALUES (?, ?, ?)").value();
  REQUIRE(sample->bind_all(l, 60, 1).run());
  auto client = f.clients.get(c).value();
  auto refused = f.clients.remove(client);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().what() ==
        "client 'acme' still has 1 link; remove them first, or use --force");
  REQUIRE(f.clients.remove(client, true));
  CHECK(f.links.list().value().empty());
  auto count = f.db->prepare("SELECT count(*) FROM samples").value();
  REQUIRE(count->step().value());
  CHECK(count->int64(0) == 0);
}

TEST_CASE("a router with links is not deleted unless forced", "[unit][store]") {
  Fixture f;
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto r = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  REQUIRE(f.links.add(f.link("a", c, r, "ether1")));
  REQUIRE(f.links.add(f.link("b", c, r, "ether2")));
  auto router = f.routers.get(r).value();
  CHECK_THAT(f.routers.remove(router).error().what(), Catch::Contains("still carries 2 links"));
  REQUIRE(f.routers.remove(router, true));
  CHECK(f.routers.list().value().empty());
}

TEST_CASE("links list by client and by router", "[unit][store]") {
  Fixture f;
  auto c1 = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto c2 = f.clients.add(Client{0, "globex", {}, {}, "UTC"}).value();
  auto r = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  REQUIRE(f.links.add(f.link("a", c1, r, "ether1")));
  REQUIRE(f.links.add(f.link("b", c2, r, "ether2")));
  CHECK(f.links.list().value().size() == 2);
  CHECK(f.links.list(LinkFilter{c2, {}, false}).value().at(0).name == "b");
  CHECK(f.links.list(LinkFilter{{}, r, false}).value().size() == 2);
}

TEST_CASE("portal users belong to one client and go with it", "[unit][store]") {
  Fixture f;
  PortalUserRepository users(*f.db);
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  PortalUser u;
  u.client_id = c;
  u.username = "ana";
  u.password_hash = hash_password(Secret("pw"), HashCost::min).value();
  auto id = users.add(u);
  REQUIRE(id);
  CHECK(users.resolve("ana").value().client_name == "acme");
  CHECK(users.add(u).error().what() == "user name 'ana' already exists");
  REQUIRE(f.clients.remove(f.clients.get(c).value()));
  CHECK(users.list().value().empty());
}

TEST_CASE("maintenance windows apply to their link, its router and everything", "[unit][store]") {
  Fixture f;
  MaintenanceRepository maintenance(*f.db);
  auto c = f.clients.add(Client{0, "acme", {}, {}, "UTC"}).value();
  auto r1 = f.routers.add(f.router("gw1", "10.0.0.1")).value();
  auto r2 = f.routers.add(f.router("gw2", "10.0.0.2")).value();
  auto l1 = f.links.add(f.link("a", c, r1, "ether1")).value();
  auto l2 = f.links.add(f.link("b", c, r2, "ether1")).value();
  REQUIRE(
      maintenance.add({0, MaintenanceScope::link, l1, {}, "", at(100), at(200), "fibre splice"}));
  REQUIRE(maintenance.add({0, MaintenanceScope::router, {}, r1, "", at(300), at(400), "upgrade"}));
  REQUIRE(maintenance.add({0, MaintenanceScope::all, {}, {}, "", at(500), at(600), "core"}));
  REQUIRE(maintenance.add({0, MaintenanceScope::link, l2, {}, "", at(100), at(200), "other"}));
  CHECK(maintenance.for_link(l1, {at(0), at(1000)}).value().size() == 3);
  CHECK(maintenance.for_link(l1, {at(150), at(350)}).value().size() == 2);
  CHECK(maintenance.for_link(l2, {at(0), at(1000)}).value().size() == 2);
  auto backwards = maintenance.add({0, MaintenanceScope::all, {}, {}, "", at(600), at(500), ""});
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().what() == "maintenance must end after it starts");
  CHECK(maintenance.list().value().at(0).target_name == "a");
}
