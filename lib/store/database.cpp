#include "store/database.hpp"

#include "store/migrations.hpp"
#include "store/rollup_codec.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

namespace ill::store {

namespace {

constexpr int k_busy_timeout_ms = 5000;
constexpr int k_begin_attempts = 4;

Error sqlite_error(sqlite3* db, std::string_view doing) {
  return Error(Errc::database, fmt::format("{}: {}", doing, sqlite3_errmsg(db)));
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

Database::Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

Database::~Database() {
  m_statements.clear();
  sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, OpenMode mode) {
  bool memory = path == ":memory:";
  if (!memory && mode != OpenMode::create) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return fail(Errc::database, "no database at {}: create one with `illctl init`", path);
  }
  if (!memory && mode == OpenMode::create) {
    // A new database is created readable by its owner only (it holds sealed router passwords
    // and portal password hashes); SQLite gives its -wal and -shm files the same mode.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    } else if (errno != EEXIST) {
      return fail(Errc::database, "cannot create database {}: {}", path, std::strerror(errno));
    }
  }
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::create) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return fail(Errc::database, "cannot open database {}: {}", path, message);
  }
  std::unique_ptr<Database> db(new Database(handle, path));
  sqlite3_busy_timeout(handle, k_busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  // Before the migrations: the rollup upserts and migration 2 use them.
  if (register_rollup_functions(handle) != SQLITE_OK)
    return fail(sqlite_error(handle, fmt::format("database {}: registering functions", path)));

  // A file that is not SQLite shows up on the first read.
  auto version = db->schema_version();
  if (!version)
    return fail(std::move(version.error()).with_context(fmt::format("database {}", path)));
  if (auto st = db->check_version_not_newer(*version); !st) return fail(st.error());

  if (mode != OpenMode::read_only && !memory) {
    if (auto st = db->exec("PRAGMA journal_mode = WAL"); !st)
      return fail(std::move(st.error()).with_context(fmt::format("database {}", path)));
  }
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
    if (auto st = db->exec(pragma); !st)
      return fail(std::move(st.error()).with_context(fmt::format("database {}", path)));
  }
  if (mode == OpenMode::read_only) {
    if (*version < latest_schema_version())
      return fail(Errc::database,
                  "database {} has schema version {}, this ill needs {}: open it read-write once "
                  "to migrate",
                  path, *version, latest_schema_version());
    return db;
  }
  if (auto st = db->migrate(); !st)
    return fail(std::move(st.error()).with_context(fmt::format("database {}", path)));
  return db;
}

Status Database::check_version_not_newer(int version) const {
  if (version > latest_schema_version())
    return fail(
        Errc::database,
        "database {} has schema version {}, but this ill understands versions up to {}: it was "
        "written by a newer ill; upgrade ill to use it",
        m_path, version, latest_schema_version());
  return {};
}

Status Database::migrate() {
  auto version = schema_version();
  if (!version) return fail(version.error());
  if (*version == latest_schema_version()) return {};
  const auto& steps = migrations();
  // One transaction per migration, re-reading the version under the write lock so that two
  // processes opening a fresh database at once do not both run the same step.
  for (;;) {
    auto tx = begin();
    if (!tx) return fail(tx.error());
    auto current = schema_version();
    if (!current) return fail(current.error());
    if (auto st = check_version_not_newer(*current); !st) return st;
    if (*current == latest_schema_version()) return tx->commit();
    const Migration& step = steps[static_cast<std::size_t>(*current)];
    if (auto st = exec(step.sql); !st)
      return fail(
          std::move(st.error())
              .with_context(fmt::format("migration {} ({})", step.version, step.description)));
    // PRAGMA takes no bound parameters; the version is our own constant.
    if (auto st = exec(fmt::format("PRAGMA user_version = {}", step.version)); !st) return st;
    if (auto st = tx->commit(); !st) return st;
    spdlog::info("database {}: migrated to schema version {} ({})", m_path, step.version,
                 step.description);
  }
}

Result<StatementLease> Database::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = m_statements.find(key);
  if (it == m_statements.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return fail(sqlite_error(m_db, "prepare"));
    it = m_statements.emplace(std::move(key), std::make_unique<Statement>(m_db, stmt)).first;
  }
  return StatementLease(*it->second);
}

Status Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return fail(Errc::database, "{}", what);
  }
  return {};
}

Status Database::vacuum(const std::function<void()>& tick) {
  if (in_transaction()) return fail(Errc::internal, "VACUUM inside a transaction");
  // SQLite calls the handler every so many virtual machine steps; it passes the tick on once a
  // second.
  struct Ticker {
    const std::function<void()>* tick;
    std::chrono::steady_clock::time_point next;
  } ticker{&tick, std::chrono::steady_clock::now() + std::chrono::seconds(1)};
  if (tick)
    sqlite3_progress_handler(
        m_db, 100000,
        [](void* p) {
          auto* t = static_cast<Ticker*>(p);
          const auto now = std::chrono::steady_clock::now();
          if (now >= t->next) {
            t->next = now + std::chrono::seconds(1);
            (*t->tick)();
          }
          return 0;
        },
        &ticker);
  Status st = exec("VACUUM");
  sqlite3_progress_handler(m_db, 0, nullptr, nullptr);
  if (!st) return fail(std::move(st.error()).with_context(fmt::format("compacting {}", m_path)));
  // The rewritten pages went through the write-ahead log: back into the file, and the log
  // truncated.
  if (auto cp = exec("PRAGMA wal_checkpoint(TRUNCATE)"); !cp)
    return fail(std::move(cp.error()).with_context(fmt::format("compacting {}", m_path)));
  return {};
}

Result<Transaction> Database::begin() {
  if (in_transaction()) {
    int depth = ++m_savepoint_depth;
    if (auto st = exec(fmt::format("SAVEPOINT ill_{}", depth)); !st) {
      --m_savepoint_depth;
      return fail(st.error());
    }
    return Transaction(*this, depth);
  }
  // The busy handler waits up to k_busy_timeout_ms for the write lock; a few more attempts
  // cover a writer that holds it longer (a large import) without failing the caller.
  for (int attempt = 1;; ++attempt) {
    int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return Transaction(*this, 0);
    if ((rc & 0xff) != SQLITE_BUSY || attempt == k_begin_attempts)
      return fail(sqlite_error(m_db, "begin transaction"));
    spdlog::debug("database {}: write lock busy, attempt {}", m_path, attempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
  }
}

Result<Transaction> Database::begin_read() {
  if (in_transaction()) return begin();
  if (auto st = exec("BEGIN DEFERRED"); !st) return fail(st.error());
  return Transaction(*this, 0);
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

Result<int> Database::schema_version() {
  auto stmt = prepare("PRAGMA user_version");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  return static_cast<int>((*stmt)->int64(0));
}

Result<std::int64_t> Database::inventory_generation() {
  auto stmt = prepare("SELECT value FROM meta WHERE key = 'inventory_generation'");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  return *row ? (*stmt)->int64(0) : 0;
}

Transaction::Transaction(Database& db, int savepoint) : m_db(&db), m_savepoint(savepoint) {}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(other.m_db), m_savepoint(other.m_savepoint), m_open(other.m_open) {
  other.m_open = false;
}

Transaction::~Transaction() {
  if (m_open) rollback();
}

Status Transaction::commit() {
  if (!m_open) return fail(Errc::internal, "transaction already finished");
  m_open = false;
  if (m_savepoint > 0) {
    --m_db->m_savepoint_depth;
    return m_db->exec(fmt::format("RELEASE ill_{}", m_savepoint));
  }
  auto st = m_db->exec("COMMIT");
  if (!st) {
    (void)m_db->exec("ROLLBACK");
    return st;
  }
  return {};
}

void Transaction::rollback() {
  if (!m_open) return;
  m_open = false;
  if (m_savepoint > 0) {
    --m_db->m_savepoint_depth;
    (void)m_db->exec(fmt::format("ROLLBACK TO ill_{}", m_savepoint));
    (void)m_db->exec(fmt::format("RELEASE ill_{}", m_savepoint));
    return;
  }
  if (m_db->in_transaction()) (void)m_db->exec("ROLLBACK");
}

}  // namespace ill::store
