#include "store/database.hpp"
#include "store/migrations.hpp"

#include "temp_dir.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

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

TEST_CASE("a new database has exactly the schema's tables, indexes and triggers", "[unit][store]") {
  // Written from the migrations' SQL by hand: version 1 and the CREATEs, DROPs and RENAMEs of
  // versions 2 to 8 (the _v7/_v8 copies are renamed over the tables they replace).
  const std::vector<std::string> expected = {
      "index maintenance_link",
      "index maintenance_router",
      "index maintenance_scope",
      "index maintenance_start",
      "index links_client",
      "index outage_audit_link",
      "index outbox_due",
      "index portal_api_tokens_user",
      "index portal_login_log_name",
      "index portal_recovery_codes_user",
      "index portal_sessions_user",
      "index portal_users_client",
      "index report_documents_by_client",
      "table alert_state",
      "table clients",
      "table link_state",
      "table links",
      "table maintenance",
      "table meta",
      "table outage_annotations",
      "table outage_audit",
      "table outbox",
      "table portal_api_tokens",
      "table portal_invitations",
      "table portal_login_log",
      "table portal_pending_logins",
      "table portal_recovery_codes",
      "table portal_sessions",
      "table portal_throttle",
      "table portal_totp",
      "table portal_users",
      "table report_deliveries",
      "table report_documents",
      "table rollups_1d",
      "table rollups_1h",
      "table rollups_5m",
      "table router_health",
      "table routers",
      "table samples",
      "table secrets",
      "table sla_reports",
      "trigger clients_delete_gen",
      "trigger clients_insert_gen",
      "trigger clients_update_gen",
      "trigger links_delete_gen",
      "trigger links_insert_gen",
      "trigger links_update_gen",
      "trigger maintenance_delete_gen",
      "trigger maintenance_insert_gen",
      "trigger outage_annotation_insert",
      "trigger outage_annotation_update",
      "trigger outage_audit_append_only",
      "trigger portal_login_log_append_only",
      "trigger routers_delete_gen",
      "trigger routers_insert_gen",
      "trigger routers_update_gen",
  };
  auto db = Database::open(":memory:", OpenMode::create).value();
  auto stmt = db->prepare(
      "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite%' ORDER BY type, "
      "name");
  REQUIRE(stmt);
  std::vector<std::string> got;
  while ((*stmt)->step().value()) got.push_back((*stmt)->text(0));
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  CHECK(got == sorted);
  // The list is numbered from 1 without gaps, and a new database ends at its last entry.
  const auto& all = ill::store::migrations();
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i) + 1);
  CHECK(db->schema_version().value() == all.back().version);
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
