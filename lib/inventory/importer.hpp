// The inventory CSV import: routers, clients and links from one file, in one transaction.
//
// The file has sections, each a marker row ([routers], [clients] or [links]) followed by a
// header row naming its columns, then one row per object. Rows whose first cell starts with
// '#' are comments; blank rows are ignored. Objects are matched by name: a new name is added,
// a known one updated (only the columns present are written), an identical one left alone,
// so importing the same file twice changes nothing. examples/inventory.csv documents the
// columns. Every bad cell of every row is reported with its line and column; one bad row and
// nothing is written.
#pragma once

#include "core/result.hpp"
#include "store/secret.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {
class Database;
class SecretBox;
}  // namespace ill::store

namespace ill::inventory {

enum class ChangeKind { added, updated, unchanged };
std::string_view to_string(ChangeKind kind);

struct ImportChange {
  std::string kind;  // router, client, link
  std::string name;
  ChangeKind change = ChangeKind::unchanged;
  std::size_t line = 0;
  std::vector<std::string> fields;  // the columns that changed, for updated
};

struct ImportError {
  std::size_t line = 0;
  std::string column;  // empty when the row as a whole is wrong
  std::string message;
};

struct ImportOptions {
  bool dry_run = false;
  // The password sealed for routers that have none yet (and compared with those that do).
  std::optional<store::Secret> router_password;
  const store::SecretBox* secret_box = nullptr;  // needed with router_password
};

struct ImportResult {
  std::vector<ImportChange> changes;
  std::vector<ImportError> errors;
  bool committed = false;

  std::size_t count(ChangeKind kind) const;
};

// Row errors come back in ImportResult::errors (and nothing is written); a failing Result
// means the database itself failed.
Result<ImportResult> import_inventory(store::Database& db, std::string_view csv,
                                      const ImportOptions& options);

}  // namespace ill::inventory
