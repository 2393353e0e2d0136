#include "support/sim.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace ill::test {

// $ILL_SIM_PATH overrides the built binary, e.g. to run the suite against a sanitizer build.
std::string Sim::binary() {
  const char* path = std::getenv("ILL_SIM_PATH");
  return path && *path ? path : ILL_SIM_PATH;
}

Sim::Sim(const std::string& toml, std::chrono::milliseconds timeout) {
  m_config = m_dir.write("sim.toml", toml);
  ProcessOptions options;
  options.keep_stdin_open = true;
  options.env["TMPDIR"] = m_dir.path().string();
  m_process = std::make_unique<Process>(
      std::vector<std::string>{binary(), "serve", "--config", m_config.string()}, options);
  bool ready = m_process->wait_until(
      [](const std::string& out) {
        return out.starts_with("ready\n") || out.find("\nready\n") != std::string::npos;
      },
      timeout);
  if (!ready) {
    m_process->signal(9);
    m_process->wait(std::chrono::seconds(5));
    throw std::runtime_error("ill-sim did not start: " + m_process->err());
  }
  std::string out = m_process->out();
  std::size_t pos = 0;
  for (;;) {
    auto end = out.find('\n', pos);
    if (end == std::string::npos) break;
    std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    if (line == "ready") break;
    auto j = nlohmann::json::parse(line);
    SimRouter r;
    r.name = j.at("router").get<std::string>();
    r.address = j.at("address").get<std::string>();
    r.port = j.at("port").get<int>();
    r.transport = j.at("transport").get<std::string>();
    r.version = j.at("version").get<std::string>();
    r.user = j.at("user").get<std::string>();
    if (j.contains("tls")) r.tls = j["tls"].get<std::string>();
    if (j.contains("ca_file")) r.ca_file = j["ca_file"].get<std::string>();
    if (j.contains("rest_port")) r.rest_port = j["rest_port"].get<int>();
    m_routers.push_back(r);
  }
  m_read = pos;
}

Sim::~Sim() {
  if (m_process) {
    m_process->write_stdin("quit\n");
    if (!m_process->wait(std::chrono::seconds(5))) m_process->signal(9);
  }
}

const SimRouter& Sim::router(const std::string& name) const {
  for (const auto& r : m_routers)
    if (r.name == name) return r;
  throw std::runtime_error("ill-sim has no router " + name);
}

std::string Sim::control(const std::string& line, std::chrono::milliseconds timeout) {
  if (!m_process->write_stdin(line + "\n")) return "";
  // Acknowledgements come back in order, one line each, echoing the command.
  std::string ack;
  std::size_t from = m_read;
  bool got = m_process->wait_until(
      [&](const std::string& out) {
        std::size_t pos = from;
        while (true) {
          auto end = out.find('\n', pos);
          if (end == std::string::npos) return false;
          std::string candidate = out.substr(pos, end - pos);
          pos = end + 1;
          if (candidate.starts_with("ok " + line) || candidate.starts_with("error " + line)) {
            ack = candidate;
            from = pos;
            return true;
          }
        }
      },
      timeout);
  if (!got) return "";
  m_read = from;
  return ack;
}

int Sim::stop() {
  m_process->write_stdin("quit\n");
  auto code = m_process->wait(std::chrono::seconds(10));
  return code.value_or(-1);
}

}  // namespace ill::test
