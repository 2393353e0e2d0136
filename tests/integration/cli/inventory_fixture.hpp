// An initialised database in a temporary directory, and illctl run against it.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ill::test {

// "2026-03-10T10:00:00Z": the time format history import reads.
inline std::string utc_rfc3339(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class InventoryFixture {
public:
  InventoryFixture() {
    auto r = run_illctl({"init"});
    if (r.exit_code != 0) throw std::runtime_error("illctl init failed: " + r.err);
  }

  std::string db_path() const { return (m_dir / "ill.db").string(); }
  std::string key_path() const { return (m_dir / "ill.key").string(); }
  const TempDir& dir() const { return m_dir; }

  // illctl --db DIR/ill.db ARGS..., with fast password hashing and no config file.
  // `env` adds to (or overrides) that environment.
  RunResult run_illctl(std::vector<std::string> args, std::string stdin_data = {},
                       const std::map<std::string, std::optional<std::string>>& env = {}) const {
    args.insert(args.begin(), {"--db", db_path()});
    ProcessOptions options;
    options.stdin_data = std::move(stdin_data);
    options.env = {{"ILL_PWHASH_COST", "min"},
                   {"ILL_CONFIG", std::nullopt},
                   {"ILL_DB", std::nullopt},
                   {"ILL_KEY_FILE", std::nullopt}};
    for (const auto& [name, value] : env) options.env[name] = value;
    return illctl(std::move(args), options);
  }

  // Every byte of the database files (main file and WAL), for grepping.
  std::string database_bytes() const {
    std::string all;
    for (const auto& suffix : {"", "-wal", "-shm"}) {
      std::ifstream in(db_path() + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

private:
  TempDir m_dir;
};

}  // namespace ill::test
