// illctl init, router, client, link, user and maintenance against a real database file.
#include "inventory_fixture.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;

namespace {

nlohmann::json json_of(const ill::test::RunResult& r) {
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

void add_basics(const InventoryFixture& f) {
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  REQUIRE(f.run_illctl({"client", "add", "acme", "--timezone", "America/Sao_Paulo"}).exit_code ==
          0);
  REQUIRE(f.run_illctl({"link", "add", "acme-1", "--client", "acme", "--router", "gw1",
                        "--interface", "ether1", "--mbps", "100"})
              .exit_code == 0);
}

}  // namespace

TEST_CASE("illctl init creates the database and a 0600 key, and refuses to run twice",
          "[integration][cli][store]") {
  InventoryFixture f;
  struct stat st {};
  REQUIRE(::stat(f.key_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto again = f.run_illctl({"init"});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Contains("already exists"));
}

TEST_CASE("commands on a database that was never created say how to create it",
          "[integration][cli][store]") {
  ill::test::TempDir dir;
  auto r = ill::test::illctl({"--db", (dir / "none.db").string(), "router", "list"});
  CHECK(r.exit_code == 7);
  CHECK_THAT(r.err, Contains("illctl init"));
}

TEST_CASE("router add, list, show, edit and rm, in tables and JSON", "[integration][cli][store]") {
  InventoryFixture f;
  auto added = f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill",
                             "--location", "POP 1", "--password-stdin"},
                            "s3cret\n");
  REQUIRE(added.exit_code == 0);
  CHECK_THAT(added.out, Contains("added router gw1"));
  REQUIRE(f.run_illctl({"router", "add", "gw2", "--host", "gw2.example.net", "--user", "ill",
                        "--transport", "api-ssl"})
              .exit_code == 0);

  auto table = f.run_illctl({"router", "list"});
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.out, Contains("NAME") && Contains("gw1") && Contains("gw2.example.net"));

  auto list = json_of(f.run_illctl({"router", "list", "--json"}));
  REQUIRE(list.size() == 2);
  CHECK(list[0]["name"] == "gw1");
  CHECK(list[0]["has_password"] == true);
  CHECK(list[1]["port"] == 8729);
  for (const char* key : {"id", "name", "host", "port", "transport", "user", "tls_verify",
                          "location", "active", "poll_interval_s", "status", "last_poll"})
    CHECK(list[0].contains(key));

  auto by_id =
      json_of(f.run_illctl({"router", "show", std::to_string(list[1]["id"].get<int>()), "--json"}));
  CHECK(by_id[0]["name"] == "gw2");

  REQUIRE(f.run_illctl({"router", "edit", "gw2", "--poll-interval", "30", "--rename", "gw-two"})
              .exit_code == 0);
  auto shown = json_of(f.run_illctl({"router", "show", "gw-two", "--json"}));
  CHECK(shown[0]["poll_interval_s"] == 30);

  auto bad = f.run_illctl({"router", "edit", "gw-two", "--poll-interval", "5"});
  CHECK(bad.exit_code == 6);
  CHECK_THAT(bad.err, Contains("10-300"));

  CHECK(f.run_illctl({"router", "rm", "gw-two"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"router", "list", "--json"})).size() == 1);
}

TEST_CASE("duplicate router names and addresses are refused with exit 6",
          "[integration][cli][store]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  auto name = f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.2", "--user", "ill"});
  CHECK(name.exit_code == 6);
  CHECK(name.err == "illctl: error: router name 'gw1' already exists\n");
  auto address = f.run_illctl({"router", "add", "gw9", "--host", "10.0.0.1", "--user", "ill"});
  CHECK(address.exit_code == 6);
  CHECK_THAT(address.err, Contains("10.0.0.1:8728 is already used"));
  auto host = f.run_illctl({"router", "add", "gw3", "--host", "10.0.0.300", "--user", "ill"});
  CHECK(host.exit_code == 6);
  CHECK_THAT(host.err, Contains("host: '10.0.0.300' is not a host name or IP address"));
}

TEST_CASE("unknown names exit 3 and name what was not found", "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  auto client = f.run_illctl({"link", "add", "x", "--client", "nobody", "--router", "gw1",
                              "--interface", "ether2", "--mbps", "10"});
  CHECK(client.exit_code == 3);
  CHECK(client.err == "illctl: error: client 'nobody' not found\n");
  CHECK(f.run_illctl({"router", "show", "gw9"}).exit_code == 3);
  CHECK(f.run_illctl({"link", "rm", "nope"}).exit_code == 3);
  CHECK(f.run_illctl({"user", "disable", "nobody"}).exit_code == 3);
  CHECK(f.run_illctl({"maintenance", "rm", "42"}).exit_code == 3);
}

TEST_CASE("client add, list, show, edit and rm; a client with links needs --force",
          "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  REQUIRE(f.run_illctl({"client", "edit", "acme", "--email", "noc@acme.example", "--email",
                        "cfo@acme.example", "--whatsapp", "+5511912345678"})
              .exit_code == 0);
  auto shown = json_of(f.run_illctl({"client", "show", "acme", "--json"}));
  CHECK(shown[0]["report_emails"].size() == 2);
  CHECK(shown[0]["timezone"] == "America/Sao_Paulo");
  CHECK(shown[0]["whatsapp"] == "+5511912345678");
  auto zone = f.run_illctl({"client", "add", "globex", "--timezone", "Mars/Base"});
  CHECK(zone.exit_code == 6);
  CHECK_THAT(zone.err, Contains("IANA time zone"));
  CHECK(json_of(f.run_illctl({"client", "list", "--json"})).size() == 1);
  auto refused = f.run_illctl({"client", "rm", "acme"});
  CHECK(refused.exit_code == 6);
  CHECK_THAT(refused.err, Contains("still has 1 link") && Contains("--force"));
  CHECK(f.run_illctl({"client", "rm", "acme", "--force"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"link", "list", "--json"})).empty());
}

TEST_CASE("link add, list, show, edit and rm, with commitments and SLA policy",
          "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  auto link = json_of(f.run_illctl({"link", "show", "acme-1", "--json"}))[0];
  CHECK(link["committed_uptime_pct"] == 99.5);
  CHECK(link["committed_latency_ms"] == 50.0);
  CHECK(link["committed_loss_pct"] == 1.0);
  CHECK(link["client"] == "acme");
  CHECK(link["sla"]["unknown"].is_null());
  REQUIRE(f.run_illctl({"link", "edit", "acme-1", "--uptime", "99.9", "--sla-unknown", "excluded",
                        "--probe", "200.160.2.3", "--activated", "2024-03-15", "--ref", "PO-1"})
              .exit_code == 0);
  link = json_of(f.run_illctl({"link", "show", "acme-1", "--json"}))[0];
  CHECK(link["committed_uptime_pct"] == 99.9);
  CHECK(link["sla"]["unknown"] == "excluded");
  CHECK(link["external_ref"] == "PO-1");
  auto clash = f.run_illctl({"link", "add", "acme-2", "--client", "acme", "--router", "gw1",
                             "--interface", "ether1", "--mbps", "10"});
  CHECK(clash.exit_code == 6);
  CHECK_THAT(clash.err, Contains("interface ether1") && Contains("already used"));
  auto speed = f.run_illctl({"link", "edit", "acme-1", "--mbps", "0"});
  CHECK(speed.exit_code == 6);
  CHECK_THAT(speed.err, Contains("committed Mbps must be above 0"));
  auto table = f.run_illctl({"link", "list", "--client", "acme"});
  CHECK_THAT(table.out, Contains("acme-1") && Contains("99.90"));
  CHECK(f.run_illctl({"link", "rm", "acme-1"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"link", "list", "--json"})).empty());
}

TEST_CASE("portal users: add, list, passwd, disable, enable and rm", "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  auto added = f.run_illctl(
      {"user", "add", "ana", "--client", "acme", "--email", "ana@acme.example", "--password-stdin"},
      "Portal-Pass-1\n");
  REQUIRE(added.exit_code == 0);
  auto users = json_of(f.run_illctl({"user", "list", "--json"}));
  REQUIRE(users.size() == 1);
  CHECK(users[0]["client"] == "acme");
  CHECK(users[0]["active"] == true);
  CHECK_FALSE(users[0].contains("password_hash"));
  auto dup = f.run_illctl({"user", "add", "ana", "--client", "acme", "--password-stdin"}, "x\n");
  CHECK(dup.exit_code == 6);
  CHECK(f.run_illctl({"user", "passwd", "ana", "--password-stdin"}, "Portal-Pass-2\n").exit_code ==
        0);
  CHECK(f.run_illctl({"user", "disable", "ana"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"user", "list", "--json"}))[0]["active"] == false);
  CHECK(f.run_illctl({"user", "enable", "ana"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"user", "list", "--json", "--client", "acme"}))[0]["active"] == true);
  auto bytes = f.database_bytes();
  CHECK(bytes.find("Portal-Pass") == std::string::npos);
  CHECK(f.run_illctl({"user", "rm", "ana"}).exit_code == 0);
  CHECK(json_of(f.run_illctl({"user", "list", "--json"})).empty());
}

TEST_CASE("a portal user without a password source and no terminal is a usage error",
          "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  auto r = f.run_illctl({"user", "add", "bob", "--client", "acme"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--password-stdin"));
}

TEST_CASE("maintenance windows for a link, a router and everything", "[integration][cli][store]") {
  InventoryFixture f;
  add_basics(f);
  CHECK(f.run_illctl({"maintenance", "add", "--link", "acme-1", "--start", "2024-05-01T02:00:00Z",
                      "--end", "2024-05-01T03:00:00Z", "--reason", "splice"})
            .exit_code == 0);
  CHECK(f.run_illctl({"maintenance", "add", "--router", "gw1", "--start", "2024-05-02 01:00",
                      "--duration", "90m"})
            .exit_code == 0);
  CHECK(f.run_illctl({"maintenance", "add", "--all", "--start", "2024-05-03T00:00-03:00",
                      "--duration", "1h"})
            .exit_code == 0);
  auto list = json_of(f.run_illctl({"maintenance", "list", "--json"}));
  REQUIRE(list.size() == 3);
  CHECK(list[0]["scope"] == "link");
  CHECK(list[0]["target"] == "acme-1");
  CHECK(list[1]["end"] == "2024-05-02T02:30:00Z");
  CHECK(list[2]["start"] == "2024-05-03T03:00:00Z");
  CHECK(list[2]["target"].is_null());
  auto backwards = f.run_illctl({"maintenance", "add", "--all", "--start", "2024-05-03T00:00:00Z",
                                 "--end", "2024-05-02T00:00:00Z"});
  CHECK(backwards.exit_code == 6);
  CHECK_THAT(backwards.err, Contains("end after it starts"));
  CHECK(f.run_illctl({"maintenance", "add", "--link", "acme-1", "--router", "gw1", "--start",
                      "2024-05-01T00:00:00Z", "--duration", "1h"})
            .exit_code == 2);
  CHECK(f.run_illctl({"maintenance", "rm", std::to_string(list[0]["id"].get<int>())}).exit_code ==
        0);
  CHECK(json_of(f.run_illctl({"maintenance", "list", "--json"})).size() == 2);
}

TEST_CASE("router add warns when a password will cross the network in clear",
          "[integration][cli][inventory]") {
  InventoryFixture f;
  auto plain = f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill",
                             "--transport", "api", "--password-stdin"},
                            "s3cret\n");
  REQUIRE(plain.exit_code == 0);
  CHECK_THAT(plain.err, Contains("warning: router gw1: the api transport sends the password"));
  auto tls = f.run_illctl({"router", "add", "gw2", "--host", "10.0.0.2", "--user", "ill",
                           "--transport", "api-ssl", "--password-stdin"},
                          "s3cret\n");
  REQUIRE(tls.exit_code == 0);
  CHECK(tls.err.find("warning") == std::string::npos);
  // No password stored: nothing crosses the network yet.
  auto none = f.run_illctl(
      {"router", "add", "gw3", "--host", "10.0.0.3", "--user", "ill", "--transport", "api"});
  REQUIRE(none.exit_code == 0);
  CHECK(none.err.find("warning") == std::string::npos);
}
