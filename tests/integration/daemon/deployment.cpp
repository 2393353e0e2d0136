#include "deployment.hpp"

#include "store/link_repository.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <regex>
#include <thread>

namespace ill::test {

using namespace std::chrono_literals;

namespace {

ProcessOptions clean_env() {
  return {.env = {{"ILL_CONFIG", std::nullopt},
                  {"ILL_DB", std::nullopt},
                  {"ILL_KEY_FILE", std::nullopt},
                  {"ILL_PWHASH_COST", "min"}}};
}

}  // namespace

Deployment::Deployment(const std::string& sim_toml, std::chrono::milliseconds interval)
    : m_sim(sim_toml), m_interval(interval) {
  auto init = illctl({"init"});
  if (init.exit_code != 0) throw std::runtime_error("illctl init failed: " + init.err);
}

Deployment::~Deployment() {
  if (m_illd) m_illd->signal(SIGKILL);
}

std::chrono::seconds Deployment::interval() const {
  return std::chrono::duration_cast<std::chrono::seconds>(m_interval);
}

RunResult Deployment::illctl(std::vector<std::string> args, std::string stdin_data) const {
  args.insert(args.begin(), {"--db", db_path()});
  ProcessOptions options = clean_env();
  options.stdin_data = std::move(stdin_data);
  return ill::test::illctl(std::move(args), options);
}

void Deployment::import(std::string csv, const std::string& password) {
  std::regex port("\\{port:([A-Za-z0-9_-]+)\\}");
  std::smatch m;
  while (std::regex_search(csv, m, port)) {
    csv.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)),
                std::to_string(m_sim.router(m[1]).port));
  }
  auto file = m_dir.write("inventory.csv", csv);
  auto r = illctl({"import", "--password-stdin", file.string()}, password + "\n");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

Process& Deployment::start_illd(const std::string& extra) {
  auto conf = m_dir.write(
      "illd.conf", "db = \"" + db_path() +
                       "\"\n"
                       "[poll]\ntimeout_s = 2\nping_count = 1\n"
                       "ping_interval_ms = 100\n" +
                       extra +
                       "\n[http]\nlisten = \"127.0.0.1:0\"\n[portal]\nlisten = \"127.0.0.1:0\"\n");
  ProcessOptions options = clean_env();
  options.env["ILLD_POLL_INTERVAL_MS"] = std::to_string(m_interval.count());
  m_illd = std::make_unique<Process>(
      std::vector<std::string>{ILL_ILLD_PATH, "--config", conf.string(), "--log-level", "info"},
      options);
  INFO(m_illd->err());
  REQUIRE(m_illd->wait_for_output("illd starting", 20s, true));
  return *m_illd;
}

std::optional<int> Deployment::stop_illd() {
  m_illd->signal(SIGTERM);
  auto code = m_illd->wait(5s);
  if (code == 0) {
    m_illd.reset();
    return code;
  }
  // Why it did not stop, or stopped badly, for the failure's report: the end of its log.
  const std::string err = m_illd->err();
  UNSCOPED_INFO(
      "illd " << (code ? "exited " + std::to_string(*code) : "still runs 5 s after SIGTERM")
              << "; the end of its stderr:\n"
              << err.substr(err.size() > 12000 ? err.size() - 12000 : 0));
  if (code) m_illd.reset();
  return code;
}

std::uint16_t Deployment::http_port() const {
  std::smatch m;
  std::string err = m_illd->err();
  REQUIRE(std::regex_search(err, m, std::regex("http 127\\.0\\.0\\.1:([0-9]+)")));
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

std::uint16_t Deployment::portal_port() {
  REQUIRE(m_illd->wait_for_output("portal listening", 20s, true));
  std::smatch m;
  std::string err = m_illd->err();
  REQUIRE(
      std::regex_search(err, m, std::regex("portal listening on http://127\\.0\\.0\\.1:([0-9]+)")));
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

store::Database& Deployment::db() {
  if (!m_db) {
    auto db = store::Database::open(db_path(), store::OpenMode::read_only);
    REQUIRE(db);
    m_db = std::move(*db);
  }
  return *m_db;
}

bool Deployment::wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(50ms);
  }
}

std::int64_t Deployment::link_id(const std::string& name) {
  auto link = store::LinkRepository(db()).find(name);
  REQUIRE(link);
  REQUIRE(*link);
  return (*link)->id;
}

}  // namespace ill::test
