// Secrets, key files, schema versions and concurrent writers, through illctl.
#include "inventory_fixture.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;

TEST_CASE("a router password never appears in any output or in the database file",
          "[integration][cli][store]") {
  InventoryFixture f;
  const std::string password = "Tr0ub4dor-and-3";
  std::vector<ill::test::RunResult> runs;
  runs.push_back(f.run_illctl(
      {"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill", "--password-stdin", "-v"},
      password + "\n"));
  auto file = f.dir().write("pw.txt", password + "\n");
  ::chmod(file.c_str(), 0600);
  runs.push_back(f.run_illctl({"router", "add", "gw2", "--host", "10.0.0.2", "--user", "ill",
                               "--password-file", file.string()}));
  runs.push_back(f.run_illctl({"router", "list"}));
  runs.push_back(f.run_illctl({"router", "list", "--json"}));
  runs.push_back(f.run_illctl({"router", "show", "gw1"}));
  runs.push_back(f.run_illctl({"router", "show", "gw1", "--json", "-v"}));
  runs.push_back(f.run_illctl({"router", "edit", "gw1", "--password-stdin"}, password + "\n"));
  for (const auto& r : runs) {
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(password) == std::string::npos);
    CHECK(r.err.find(password) == std::string::npos);
  }
  CHECK(f.database_bytes().find(password) == std::string::npos);
  auto shown = nlohmann::json::parse(f.run_illctl({"router", "show", "gw2", "--json"}).out);
  CHECK(shown[0]["has_password"] == true);
}

TEST_CASE("a missing key file stops a password change naming the path",
          "[integration][cli][store]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  std::remove(f.key_path().c_str());
  auto r = f.run_illctl({"router", "edit", "gw1", "--password-stdin"}, "pw\n");
  CHECK(r.exit_code == 8);
  CHECK_THAT(r.err, Contains(f.key_path()) && Contains("does not exist"));
}

TEST_CASE("a key file readable by others is refused with its mode", "[integration][cli][store]") {
  InventoryFixture f;
  ::chmod(f.key_path().c_str(), 0644);
  auto r = f.run_illctl(
      {"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill", "--password-stdin"}, "pw\n");
  CHECK(r.exit_code == 8);
  CHECK_THAT(r.err, Contains(f.key_path()) && Contains("0644") && Contains("chmod 600"));
  CHECK(f.run_illctl({"router", "list", "--json"}).out == "[]\n");
}

TEST_CASE("a database written by a newer ill is refused with exit 7", "[integration][cli][store]") {
  InventoryFixture f;
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(f.db_path().c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto r = f.run_illctl({"router", "list"});
  CHECK(r.exit_code == 7);
  CHECK_THAT(r.err, Contains("schema version 99") && Contains("newer ill"));
}

TEST_CASE("two processes writing at once both succeed without 'database is locked'",
          "[integration][cli][store]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"client", "add", "acme"}).exit_code == 0);
  // A 4,000-link import holds the write lock while the other process adds routers one by one.
  std::string csv = "[routers]\nname,host,user\n";
  for (int i = 0; i < 40; ++i)
    csv += "bulk" + std::to_string(i) + ",10.1." + std::to_string(i) + ".1,ill\n";
  csv += "[links]\nname,client,router,interface,committed_mbps\n";
  for (int i = 0; i < 4000; ++i)
    csv += "l" + std::to_string(i) + ",acme,bulk" + std::to_string(i % 40) + ",ether" +
           std::to_string(i) + ",10\n";
  auto file = f.dir().write("bulk.csv", csv);
  std::vector<std::string> base{ILL_ILLCTL_PATH, "--db", f.db_path()};
  ill::test::ProcessOptions options;
  options.env = {{"ILL_CONFIG", std::nullopt}};
  auto args = base;
  args.insert(args.end(), {"import", file.string()});
  ill::test::Process importer(args, options);
  int failures = 0;
  for (int i = 0; i < 15; ++i) {
    auto r = f.run_illctl({"router", "add", "solo" + std::to_string(i), "--host",
                           "10.2.0." + std::to_string(i + 1), "--user", "ill"});
    if (r.exit_code != 0) {
      ++failures;
      UNSCOPED_INFO(r.err);
    }
    CHECK(r.err.find("locked") == std::string::npos);
  }
  auto code = importer.wait(std::chrono::seconds(60));
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK(importer.err().find("locked") == std::string::npos);
  CHECK(failures == 0);
  auto routers = nlohmann::json::parse(f.run_illctl({"router", "list", "--json"}).out);
  CHECK(routers.size() == 55);
  auto links = nlohmann::json::parse(f.run_illctl({"link", "list", "--json"}).out);
  CHECK(links.size() == 4000);
}

TEST_CASE("illctl init creates the database and its WAL readable by the owner only",
          "[integration][cli][store]") {
  InventoryFixture f;  // runs `illctl init`, whatever the umask of the test runner
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    if (::stat((f.db_path() + suffix).c_str(), &st) != 0) continue;  // WAL checkpointed away
    INFO(f.db_path() + suffix);
    CHECK((st.st_mode & 0777) == 0600);
  }
}
