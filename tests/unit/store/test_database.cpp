#include "store/database.hpp"

#include "temp_dir.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

using ill::store::Database;
using ill::store::OpenMode;

TEST_CASE("a new database is migrated to the latest schema version", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create);
  REQUIRE(db);
  auto version = (*db)->schema_version();
  REQUIRE(version);
  CHECK(*version == ill::store::latest_schema_version());
  CHECK(*version >= 1);
}

TEST_CASE("opening a missing file without create names the path", "[unit][store]") {
  ill::test::TempDir dir;
  auto db = Database::open(dir.file("nope.db"), OpenMode::existing);
  REQUIRE_FALSE(db);
  CHECK(db.error().category() == ill::Errc::database);
  CHECK_THAT(db.error().what(), Catch::Contains("nope.db") && Catch::Contains("illctl init"));
}

TEST_CASE("a database from a newer ill is refused naming both versions", "[unit][store]") {
  ill::test::TempDir dir;
  std::string path = dir.file("ill.db");
  REQUIRE(Database::open(path, OpenMode::create));
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = Database::open(path, OpenMode::existing);
  REQUIRE_FALSE(db);
  CHECK(db.error().category() == ill::Errc::database);
  CHECK_THAT(db.error().what(),
             Catch::Contains("999") &&
                 Catch::Contains(std::to_string(ill::store::latest_schema_version())) &&
                 Catch::Contains("newer"));
}

TEST_CASE("a file that is not SQLite is refused as a database error", "[unit][store]") {
  ill::test::TempDir dir;
  std::string path = dir.file("junk.db");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("this is not a database, just some text that is long enough to matter......", f);
    std::fclose(f);
  }
  auto db = Database::open(path, OpenMode::existing);
  REQUIRE_FALSE(db);
  CHECK(db.error().category() == ill::Errc::database);
}

TEST_CASE("an on-disk database runs in WAL mode with foreign keys on", "[unit][store]") {
  ill::test::TempDir dir;
  auto db = Database::open(dir.file("ill.db"), OpenMode::create);
  REQUIRE(db);
  auto journal = (*db)->prepare("PRAGMA journal_mode");
  REQUIRE(journal);
  REQUIRE((*journal)->step().value());
  CHECK((*journal)->text(0) == "wal");
  auto fk = (*db)->prepare("PRAGMA foreign_keys");
  REQUIRE(fk);
  REQUIRE((*fk)->step().value());
  CHECK((*fk)->int64(0) == 1);
}

TEST_CASE("a transaction that is not committed is rolled back", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  REQUIRE(db->exec("CREATE TABLE t (x INTEGER)"));
  {
    auto tx = db->begin();
    REQUIRE(tx);
    auto insert = db->prepare("INSERT INTO t (x) VALUES (?)");
    REQUIRE(insert);
    REQUIRE((*insert)->bind_all(1).run());
  }
  auto count = db->prepare("SELECT count(*) FROM t");
  REQUIRE((*count)->step().value());
  CHECK((*count)->int64(0) == 0);
}

TEST_CASE("a nested transaction rolls back only its own part", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  REQUIRE(db->exec("CREATE TABLE t (x INTEGER)"));
  auto tx = db->begin();
  REQUIRE(tx);
  REQUIRE(db->prepare("INSERT INTO t (x) VALUES (?)").value()->bind_all(1).run());
  {
    auto inner = db->begin();
    REQUIRE(inner);
    REQUIRE(db->prepare("INSERT INTO t (x) VALUES (?)").value()->bind_all(2).run());
  }
  REQUIRE(tx->commit());
  auto sum = db->prepare("SELECT sum(x) FROM t");
  REQUIRE((*sum)->step().value());
  CHECK((*sum)->int64(0) == 1);
}

TEST_CASE("64-bit counters round-trip through a signed column", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  REQUIRE(db->exec("CREATE TABLE t (x INTEGER)"));
  std::uint64_t big = 18446744073709551000ULL;
  REQUIRE(db->prepare("INSERT INTO t (x) VALUES (?)").value()->bind_all(big).run());
  auto read = db->prepare("SELECT x FROM t").value();
  REQUIRE(read->step().value());
  CHECK(read->uint64(0) == big);
}

TEST_CASE("a constraint failure is reported as invalid input with the constraint",
          "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  auto insert = db->prepare("INSERT INTO clients (name, timezone) VALUES (?, ?)");
  REQUIRE(insert);
  REQUIRE((*insert)->bind_all("acme", "UTC").run());
  (*insert)->reset();
  auto again = (*insert)->bind_all("ACME", "UTC").run();
  REQUIRE_FALSE(again);
  CHECK(again.error().category() == ill::Errc::invalid_input);
  REQUIRE((*insert)->violation());
  CHECK((*insert)->violation()->kind == ill::store::ConstraintViolation::Kind::unique);
  CHECK((*insert)->violation()->detail == "clients.name");
}

TEST_CASE("inventory edits bump the generation, router status updates do not", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  auto before = db->inventory_generation().value();
  REQUIRE(db->prepare("INSERT INTO routers (name, host, port, username) VALUES (?, ?, ?, ?)")
              .value()
              ->bind_all("gw1", "10.0.0.1", 8728, "ill")
              .run());
  auto after_insert = db->inventory_generation().value();
  CHECK(after_insert == before + 1);
  REQUIRE(db->prepare("UPDATE routers SET status = ?, last_poll = ? WHERE name = ?")
              .value()
              ->bind_all("online", 1000, "gw1")
              .run());
  CHECK(db->inventory_generation().value() == after_insert);
}

TEST_CASE("outage annotations leave an append-only audit trail", "[unit][store]") {
  auto db = Database::open(":memory:", OpenMode::create).value();
  REQUIRE(
      db->exec("INSERT INTO clients (name) VALUES ('c'); "
               "INSERT INTO routers (name, host, port, username) VALUES ('r', 'h', 8728, 'u'); "
               "INSERT INTO links (name, client_id, router_id, interface, committed_mbps) VALUES "
               "('l', 1, 1, 'ether1', 100); "
               "INSERT INTO outage_annotations (link_id, start_t, end_t, changed_by, changed_at) "
               "VALUES (1, 100, 200, 'ill', 1); "
               "UPDATE outage_annotations SET cause = 'customer', note = 'their UPS', changed_by = "
               "'ana', changed_at = 2;"));
  auto audit = db->prepare("SELECT count(*), max(new_cause) FROM outage_audit").value();
  REQUIRE(audit->step().value());
  CHECK(audit->int64(0) == 2);
  CHECK(audit->text(1) == "provider");  // max() of 'customer','provider'
  CHECK_FALSE(db->exec("UPDATE outage_audit SET new_cause = 'power'"));
}
