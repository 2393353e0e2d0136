// An initialised database in a temporary directory, and illctl run against it.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ill::test {

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
  RunResult run_illctl(std::vector<std::string> args, std::string stdin_data = {}) const {
    args.insert(args.begin(), {"--db", db_path()});
    ProcessOptions options;
    options.stdin_data = std::move(stdin_data);
    options.env = {{"ILL_PWHASH_COST", "min"},
                   {"ILL_CONFIG", std::nullopt},
                   {"ILL_DB", std::nullopt},
                   {"ILL_KEY_FILE", std::nullopt}};
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
