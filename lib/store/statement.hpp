// A prepared SQLite statement: bind parameters, step through rows, read columns.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ill::store {

// The SQL NULL, for bind_all(): `stmt.bind_all(name, null)`.
struct Null {};
inline constexpr Null null{};

// What kind of constraint a failed write broke, with SQLite's description of it
// ("routers.name", "routers.host, routers.port", or a CHECK constraint's name).
struct ConstraintViolation {
  enum class Kind { unique, check, foreign_key, not_null, other };
  Kind kind = Kind::other;
  std::string detail;
};

class Statement {
public:
  Statement(sqlite3* db, sqlite3_stmt* stmt);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::uint64_t value);  // stored as the same 64 bits, signed
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::vector<unsigned char>& blob);
  Statement& bind(int index, Null);
  // Times and durations go into INTEGER columns as whole Unix seconds / seconds: the one place
  // the store turns them into numbers.
  Statement& bind(int index, std::chrono::sys_seconds value) {
    return bind(index, static_cast<std::int64_t>(value.time_since_epoch().count()));
  }
  Statement& bind(int index, std::chrono::seconds value) {
    return bind(index, static_cast<std::int64_t>(value.count()));
  }
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    if (value) return bind(index, *value);
    return bind(index, null);
  }

  // Binds every argument in order, starting at parameter 1.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 1;
    (bind(index++, args), ...);
    return *this;
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows (or ignores them) to completion.
  Status run();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::uint64_t uint64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::vector<unsigned char> blob(int column) const;
  // The blob in SQLite's memory, valid until the next step() or reset(); empty for NULL.
  std::span<const unsigned char> blob_view(int column) const;
  std::optional<std::int64_t> opt_int64(int column) const;
  std::optional<double> opt_real(int column) const;
  std::optional<std::string> opt_text(int column) const;
  // An INTEGER column of Unix seconds as a time.
  std::chrono::sys_seconds time(int column) const {
    return std::chrono::sys_seconds{std::chrono::seconds{int64(column)}};
  }
  std::optional<std::chrono::sys_seconds> opt_time(int column) const {
    if (is_null(column)) return std::nullopt;
    return time(column);
  }

  // After a failed step(): the constraint that was broken, if that was the reason.
  const std::optional<ConstraintViolation>& violation() const { return m_violation; }

  // Resets the statement for another execution and clears its bindings.
  void reset();

private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt;
  std::optional<ConstraintViolation> m_violation;
};

// A statement borrowed from a Database's cache; it is reset when the lease ends.
class StatementLease {
public:
  explicit StatementLease(Statement& statement) : m_statement(&statement) {}
  ~StatementLease() {
    if (m_statement) m_statement->reset();
  }
  StatementLease(StatementLease&& other) noexcept : m_statement(other.m_statement) {
    other.m_statement = nullptr;
  }
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;

  Statement* operator->() const { return m_statement; }
  Statement& operator*() const { return *m_statement; }

private:
  Statement* m_statement;
};

}  // namespace ill::store
