#include "sinks.hpp"

#include "support/ports.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace ill::test {
namespace {

using namespace std::chrono_literals;

const std::string k_python = "/usr/bin/python3";
const std::string k_here = std::string(ILL_SOURCE_DIR) + "/tests/integration/notify/";

// Starts `argv` with a fresh port until it prints "ready" (a port taken meanwhile is retried).
std::unique_ptr<Process> start_ready(
    const std::function<std::vector<std::string>(std::uint16_t)>& argv, std::uint16_t& port,
    std::uint16_t fixed_port = 0) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    port = fixed_port ? fixed_port : free_loopback_port();
    auto p = std::make_unique<Process>(argv(port));
    if (p->wait_for_output("ready", 20s)) return p;
    if (fixed_port) break;
  }
  throw std::runtime_error("a test sink did not start");
}

}  // namespace

MailSink::MailSink(const TempDir& dir, MailSinkOptions options) : m_dir(dir.path() / "smtp") {
  std::filesystem::create_directories(m_dir);
  if (options.tls) {
    auto r = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                  (m_dir / "key.pem").string(), "-out", (m_dir / "cert.pem").string(), "-days", "2",
                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.err);
  }
  m_process = start_ready(
      [&](std::uint16_t port) {
        std::vector<std::string> argv = {k_python, k_here + "mail_sink.py",
                                         "--port", std::to_string(port),
                                         "--dir",  (m_dir / "mail").string()};
        if (options.tls) {
          argv.insert(argv.end(),
                      {"--tls", (m_dir / "cert.pem").string(), (m_dir / "key.pem").string()});
        }
        if (!options.auth.empty()) argv.insert(argv.end(), {"--auth", options.auth});
        for (const auto& r : options.refuse) argv.insert(argv.end(), {"--refuse", r});
        return argv;
      },
      m_port);
}

std::vector<std::filesystem::path> MailSink::messages() const {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(m_dir / "mail", ec)) {
    if (entry.path().extension() == ".eml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  // A message counts once its envelope (written after it) is there too.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const auto& p) {
                             auto j = p;
                             return !std::filesystem::exists(j.replace_extension(".json"));
                           }),
            out.end());
  return out;
}

nlohmann::json MailSink::parse(const std::filesystem::path& message,
                               const std::string& save_dir) const {
  std::vector<std::string> argv = {k_python, k_here + "read_mail.py", message.string()};
  if (!save_dir.empty()) argv.insert(argv.end(), {"--save", save_dir});
  auto r = run(argv);
  if (r.exit_code != 0) throw std::runtime_error("read_mail.py failed: " + r.err);
  return nlohmann::json::parse(r.out);
}

nlohmann::json MailSink::envelope(const std::filesystem::path& message) const {
  auto path = message;
  std::ifstream in(path.replace_extension(".json"));
  return nlohmann::json::parse(in);
}

HookSink::HookSink(const TempDir& dir, const std::string& name, std::string secret, int status,
                   std::uint16_t fixed_port)
    : m_file(dir.path() / (name + ".jsonl")) {
  m_process = start_ready(
      [&](std::uint16_t p) {
        std::vector<std::string> argv = {
            k_python, k_here + "hook_sink.py", "--port",   std::to_string(p),
            "--file", m_file.string(),         "--status", std::to_string(status)};
        if (!secret.empty()) argv.insert(argv.end(), {"--secret", secret});
        return argv;
      },
      m_port, fixed_port);
}

HookSink::~HookSink() { stop(); }

void HookSink::stop() {
  if (!m_process) return;
  m_process->signal(SIGTERM);
  if (!m_process->wait(5s)) m_process->signal(SIGKILL);
  m_process.reset();
}

std::string HookSink::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(m_port) + path;
}

std::vector<nlohmann::json> HookSink::records() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(m_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

}  // namespace ill::test
