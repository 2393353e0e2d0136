#include "inventory/importer.hpp"

#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/secret_box.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace ill;
using inventory::ChangeKind;
using inventory::import_inventory;
using inventory::ImportOptions;

namespace {

const char* k_good = R"(# comment
[routers]
name,host,user,transport,location
gw1,10.0.0.1,ill,api,"POP 1, rack 2"
gw2,10.0.0.2,ill,api-ssl,
[clients]
name,timezone,report_emails
acme,America/Sao_Paulo,a@acme.example;b@acme.example
[links]
name,client,router,interface,committed_mbps,committed_uptime_pct
acme-1,acme,gw1,ether1,100,99.9
acme-2,acme,gw2,ether1,50,
)";

std::unique_ptr<store::Database> memory_db() {
  return store::Database::open(":memory:", store::OpenMode::create).value();
}

}  // namespace

TEST_CASE("an import adds routers, clients and links from one file", "[unit][inventory]") {
  auto db = memory_db();
  auto result = import_inventory(*db, k_good, {});
  REQUIRE(result);
  CHECK(result->errors.empty());
  CHECK(result->committed);
  CHECK(result->count(ChangeKind::added) == 5);
  auto gw2 = store::RouterRepository(*db).resolve("gw2").value();
  CHECK(gw2.port == 8729);
  CHECK(store::RouterRepository(*db).resolve("gw1").value().location == "POP 1, rack 2");
  auto link = store::LinkRepository(*db).resolve("acme-2").value();
  CHECK(link.router_name == "gw2");
  CHECK(link.committed_uptime_pct == 99.50);
  CHECK(store::ClientRepository(*db).resolve("acme").value().report_emails.size() == 2);
}

TEST_CASE("importing the same file twice changes nothing", "[unit][inventory]") {
  auto db = memory_db();
  REQUIRE(import_inventory(*db, k_good, {}).value().committed);
  auto generation = db->inventory_generation().value();
  auto again = import_inventory(*db, k_good, {}).value();
  CHECK(again.errors.empty());
  CHECK(again.count(ChangeKind::unchanged) == 5);
  CHECK(again.count(ChangeKind::added) == 0);
  CHECK(again.count(ChangeKind::updated) == 0);
  CHECK(db->inventory_generation().value() == generation);
}

TEST_CASE("a dry run reports changes and writes nothing", "[unit][inventory]") {
  auto db = memory_db();
  ImportOptions options;
  options.dry_run = true;
  auto result = import_inventory(*db, k_good, options).value();
  CHECK(result.count(ChangeKind::added) == 5);
  CHECK_FALSE(result.committed);
  CHECK(store::RouterRepository(*db).list().value().empty());
}

TEST_CASE("an update names the fields that change and keeps the columns left out",
          "[unit][inventory]") {
  auto db = memory_db();
  REQUIRE(import_inventory(*db, k_good, {}).value().committed);
  auto result =
      import_inventory(
          *db, "[links]\nname,client,router,interface,committed_mbps\nacme-1,acme,gw1,ether1,200\n",
          {})
          .value();
  REQUIRE(result.changes.size() == 1);
  CHECK(result.changes[0].change == ChangeKind::updated);
  CHECK(result.changes[0].fields == std::vector<std::string>{"committed_mbps"});
  auto link = store::LinkRepository(*db).resolve("acme-1").value();
  CHECK(link.committed_mbps == 200);
  CHECK(link.committed_uptime_pct == 99.9);  // column not in the file: kept
}

TEST_CASE("every bad row is reported with its line and column and nothing is written",
          "[unit][inventory]") {
  auto db = memory_db();
  const char* csv =
      "[routers]\n"                                    // 1
      "name,host,port,user\n"                          // 2
      "gw1,10.0.0.300,8728,ill\n"                      // 3  bad host
      "gw2,10.0.0.2,70000,ill\n"                       // 4  bad port
      "gw3,10.0.0.3,,ill\n"                            // 5  fine
      "[clients]\n"                                    // 6
      "name,timezone\n"                                // 7
      "acme,Mars/Base\n"                               // 8  bad zone
      "[links]\n"                                      // 9
      "name,client,router,interface,committed_mbps\n"  // 10
      "l1,nobody,gw3,ether1,100\n"                     // 11 unknown client
      "l2,acme,gw3,ether2,fast\n"                      // 12 not a number
      "l3,acme,gw3,ether3,0\n"                         // 13 not above 0
      "\"l4\",acme,gw3,\"\",10\n";                     // 14 interface required
  auto result = import_inventory(*db, csv, {}).value();
  CHECK_FALSE(result.committed);
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& e : result.errors) got.emplace_back(e.line, e.column);
  std::vector<std::pair<std::size_t, std::string>> expected{{3, "host"},
                                                            {4, "port"},
                                                            {8, "timezone"},
                                                            {11, "client"},
                                                            {12, "committed_mbps"},
                                                            {13, "committed_mbps"},
                                                            {14, "interface"}};
  CHECK(got == expected);
  CHECK(store::RouterRepository(*db).list().value().empty());
}

TEST_CASE("duplicates inside the file and against the store are refused", "[unit][inventory]") {
  auto db = memory_db();
  REQUIRE(import_inventory(*db, k_good, {}).value().committed);
  const char* csv =
      "[routers]\nname,host,user\n"
      "gw3,10.0.0.1,ill\n"  // 3: address of gw1
      "gw4,10.0.0.4,ill\n"
      "GW4,10.0.0.5,ill\n"  // 5: name twice
      "[links]\nname,client,router,interface,committed_mbps\n"
      "acme-3,acme,gw1,ether1,10\n";  // 8: interface of acme-1
  auto result = import_inventory(*db, csv, {}).value();
  REQUIRE(result.errors.size() == 3);
  CHECK(result.errors[0].line == 3);
  CHECK_THAT(result.errors[0].message, Catch::Contains("already used by router 'gw1'"));
  CHECK(result.errors[1].line == 5);
  CHECK_THAT(result.errors[1].message, Catch::Contains("already defined on line 4"));
  CHECK(result.errors[2].line == 8);
  CHECK_THAT(result.errors[2].message, Catch::Contains("already used by link 'acme-1'"));
}

TEST_CASE("unknown columns, sections and missing required columns are reported",
          "[unit][inventory]") {
  auto db = memory_db();
  auto result = import_inventory(
                    *db, "[routers]\nname,hots,user\n[switches]\nname\n[links]\nname,client\n", {})
                    .value();
  REQUIRE(result.errors.size() == 7);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[0].column == "hots");
  CHECK(result.errors[1].column == "host");
  CHECK(result.errors[2].line == 3);  // [switches]
  CHECK(result.errors[3].line == 4);  // its rows belong to no section
  CHECK(result.errors[4].line == 6);  // [links] without router, interface, committed_mbps
  CHECK(result.errors[6].column == "committed_mbps");
}

TEST_CASE("the documented example imports cleanly", "[unit][inventory]") {
  std::ifstream in(ILL_SOURCE_DIR "/examples/inventory.csv");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto db = memory_db();
  auto result = import_inventory(*db, text.str(), {}).value();
  for (const auto& e : result.errors)
    FAIL_CHECK("line " << e.line << " " << e.column << ": " << e.message);
  CHECK(result.committed);
  CHECK(result.count(ChangeKind::added) == 9);
  // The ssh router behind its bastion.
  auto bh1 = ill::store::RouterRepository(*db).resolve("gw-bh1").value();
  CHECK(bh1.transport == ill::store::Transport::ssh);
  CHECK(bh1.port == 8728);
  CHECK(bh1.ssh_jump_host == "ill@bastion.example.net:2222");
}

TEST_CASE("an import password is sealed for routers and compared on the next import",
          "[unit][inventory]") {
  auto db = memory_db();
  std::array<unsigned char, 32> key{};
  key[0] = 7;
  auto box = store::SecretBox::from_key(key);
  ImportOptions options;
  options.router_password = store::Secret("hunter2");
  options.secret_box = &box;
  REQUIRE(import_inventory(*db, k_good, options).value().committed);
  auto gw1 = store::RouterRepository(*db).resolve("gw1").value();
  REQUIRE(gw1.sealed_secret);
  CHECK(box.open(*gw1.sealed_secret).value().reveal() == "hunter2");
  CHECK(import_inventory(*db, k_good, options).value().count(ChangeKind::unchanged) == 5);
  options.router_password = store::Secret("hunter3");
  auto changed = import_inventory(*db, k_good, options).value();
  CHECK(changed.count(ChangeKind::updated) == 2);
  CHECK(changed.changes[0].fields == std::vector<std::string>{"password"});
}
