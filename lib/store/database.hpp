// One SQLite connection to ill's database: WAL, busy timeout, foreign keys, migrations on open.
#pragma once

#include "core/result.hpp"
#include "store/statement.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;

namespace ill::store {

class Transaction;

enum class OpenMode {
  create,     // create the file when it is missing (illctl init, tests)
  existing,   // refuse a missing file: "no database at PATH"
  read_only,  // an existing file, no writes, no migrations (portal readers)
};

class Database {
public:
  // Opens (or creates) the database at `path` (":memory:" works too) and brings its schema up
  // to date. A database written by a newer ill is refused, naming both schema versions.
  static Result<std::unique_ptr<Database>> open(const std::string& path, OpenMode mode);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A prepared statement from this connection's cache; SQL text is the cache key, so keep it
  // constant and bind every value.
  Result<StatementLease> prepare(std::string_view sql);

  // Runs constant SQL without parameters (schema, pragmas).
  Status exec(std::string_view sql);

  // Starts a write transaction (BEGIN IMMEDIATE, retried while another writer holds the lock),
  // or a savepoint when one is already open. Rolled back unless committed.
  Result<Transaction> begin();
  // Starts a read transaction (BEGIN DEFERRED): every read until it ends sees the one snapshot
  // of the database that its first read takes. Works on read-only connections.
  Result<Transaction> begin_read();

  // Rewrites the whole file so that each table's pages lie together and free pages go (VACUUM),
  // then empties the write-ahead log. Takes the write lock for as long as it runs; nothing else
  // may be in progress on this connection. `tick` is called about once a second meanwhile.
  // store/compaction.hpp checks the free space it needs first.
  Status vacuum(const std::function<void()>& tick = {});

  std::int64_t last_insert_id() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const;
  // The schema version in PRAGMA user_version.
  Result<int> schema_version();
  // Bumped by triggers whenever routers, clients, links or maintenance change (not on router
  // status updates), so the daemon can notice inventory edits by polling one integer.
  Result<std::int64_t> inventory_generation();

  const std::string& path() const { return m_path; }
  bool in_transaction() const;

private:
  Database(sqlite3* db, std::string path);
  Status migrate();
  Status check_version_not_newer(int version) const;

  sqlite3* m_db;
  std::string m_path;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
  int m_savepoint_depth = 0;

  friend class Transaction;
};

// The schema version this build of ill writes.
int latest_schema_version();

class Transaction {
public:
  ~Transaction();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status commit();
  void rollback();

private:
  Transaction(Database& db, int savepoint);
  Database* m_db;
  int m_savepoint;  // 0 for the outer transaction, >0 for a nested savepoint
  bool m_open = true;

  friend class Database;
};

}  // namespace ill::store
