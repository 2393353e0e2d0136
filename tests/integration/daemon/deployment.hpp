// A small deployment for daemon tests: ill-sim routers, a database made by `illctl init` with
// an inventory imported from CSV, and illd polling them on a short interval (set through
// ILLD_POLL_INTERVAL_MS). The store is read back through libill's repositories.
#pragma once

#include "store/database.hpp"
#include "support/process.hpp"
#include "support/sim.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ill::test {

class Deployment {
public:
  // Starts ill-sim on `sim_toml`. `interval` is illd's poll interval.
  explicit Deployment(const std::string& sim_toml,
                      std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~Deployment();

  Sim& sim() { return m_sim; }
  const TempDir& dir() const { return m_dir; }
  std::string db_path() const { return (m_dir / "ill.db").string(); }
  std::chrono::seconds interval() const;

  // illctl --db ... ARGS with a clean environment; `stdin_data` is its standard input.
  RunResult illctl(std::vector<std::string> args, std::string stdin_data = {}) const;
  // Imports a CSV inventory; {port:NAME} in it becomes the ill-sim port of router NAME.
  void import(std::string csv, const std::string& password);

  // Starts illd (config: this database, short timeouts, HTTP on a free port) and waits for its
  // "illd starting" line. `extra` is appended to the config file.
  Process& start_illd(const std::string& extra = "");
  Process& illd() { return *m_illd; }
  // SIGTERM, and the exit code within 5 s (nullopt when it did not exit).
  std::optional<int> stop_illd();
  std::uint16_t http_port() const;
  // The portal's port, from illd's "portal listening on" line (waited for).
  std::uint16_t portal_port();

  // A read connection to the store, opened on first use.
  store::Database& db();
  // Polls `done` every 50 ms until it holds or `timeout` passes.
  static bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

  std::int64_t link_id(const std::string& name);

private:
  TempDir m_dir;
  Sim m_sim;
  std::chrono::milliseconds m_interval;
  std::unique_ptr<Process> m_illd;
  std::unique_ptr<store::Database> m_db;
};

}  // namespace ill::test
