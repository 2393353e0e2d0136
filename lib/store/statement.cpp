#include "store/statement.hpp"

#include <sqlite3.h>

namespace ill::store {

namespace {

ConstraintViolation describe_violation(int extended_code, std::string_view message) {
  ConstraintViolation violation;
  switch (extended_code) {
  case SQLITE_CONSTRAINT_UNIQUE:
  case SQLITE_CONSTRAINT_PRIMARYKEY: violation.kind = ConstraintViolation::Kind::unique; break;
  case SQLITE_CONSTRAINT_CHECK: violation.kind = ConstraintViolation::Kind::check; break;
  case SQLITE_CONSTRAINT_FOREIGNKEY: violation.kind = ConstraintViolation::Kind::foreign_key; break;
  case SQLITE_CONSTRAINT_NOTNULL: violation.kind = ConstraintViolation::Kind::not_null; break;
  default: violation.kind = ConstraintViolation::Kind::other; break;
  }
  // SQLite words these "UNIQUE constraint failed: routers.name"; keep what follows the colon.
  if (auto colon = message.find("failed: "); colon != std::string_view::npos)
    violation.detail = std::string(message.substr(colon + 8));
  else
    violation.detail = std::string(message);
  return violation;
}

}  // namespace

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::uint64_t value) {
  sqlite3_bind_int64(m_stmt, index, static_cast<sqlite3_int64>(value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(m_stmt, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind(int index, const std::vector<unsigned char>& blob) {
  sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, Null) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

Result<bool> Statement::step() {
  m_violation.reset();
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  int extended = sqlite3_extended_errcode(m_db);
  std::string message = sqlite3_errmsg(m_db);
  if ((extended & 0xff) == SQLITE_CONSTRAINT) {
    m_violation = describe_violation(extended, message);
    return fail(Errc::invalid_input, "{}", message);
  }
  return fail(Errc::database, "{}", message);
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return fail(row.error());
    if (!*row) return {};
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::uint64_t Statement::uint64(int column) const {
  return static_cast<std::uint64_t>(sqlite3_column_int64(m_stmt, column));
}

double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::text(int column) const {
  const unsigned char* data = sqlite3_column_text(m_stmt, column);
  if (!data) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::vector<unsigned char> Statement::blob(int column) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column));
  if (!data) return {};
  const auto* bytes = static_cast<const unsigned char*>(data);
  return std::vector<unsigned char>(bytes, bytes + size);
}

std::span<const unsigned char> Statement::blob_view(int column) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  if (!data) return {};
  return {static_cast<const unsigned char*>(data),
          static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::optional<std::int64_t> Statement::opt_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<double> Statement::opt_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

std::optional<std::string> Statement::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

}  // namespace ill::store
