#include "support/sshd.hpp"

#include "support/ports.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ill::test {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void ssh_keygen(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/ssh-keygen", "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run(argv);
  if (r.exit_code != 0)
    throw std::runtime_error(fmt::format("ssh-keygen {} failed: {}", fmt::join(args, " "), r.err));
}

std::string Sshd::user() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : "root";
}

Sshd::Sshd(SshdOptions options) {
  const std::string d = m_dir.path().string();
  ssh_keygen({"-t", options.host_key_type, "-N", "", "-f", d + "/host_key"});
  m_dir.write("authorized_keys", "");
  // sshd run as root needs its privilege separation directory.
  if (::geteuid() == 0) std::filesystem::create_directories("/run/sshd");
  const std::string permit =
      options.permit_open.empty() ? "none" : fmt::format("{}", fmt::join(options.permit_open, " "));
  for (int attempt = 0; attempt < 5; ++attempt) {
    m_port = free_loopback_port();
    m_dir.write("sshd_config", fmt::format("Port {}\n"
                                           "ListenAddress 127.0.0.1\n"
                                           "HostKey {}/host_key\n"
                                           "PidFile {}/sshd.pid\n"
                                           "AuthorizedKeysFile {}/authorized_keys\n"
                                           "PubkeyAuthentication yes\n"
                                           "PasswordAuthentication {}\n"
                                           "KbdInteractiveAuthentication no\n"
                                           "UsePAM no\n"
                                           "StrictModes no\n"
                                           "PermitRootLogin yes\n"
                                           "AllowTcpForwarding yes\n"
                                           "PermitOpen {}\n"
                                           "X11Forwarding no\n"
                                           "ForceCommand /bin/false\n"
                                           "LogLevel VERBOSE\n",
                                           m_port, d, d, d,
                                           options.password_authentication ? "yes" : "no", permit));
    m_process = std::make_unique<Process>(
        std::vector<std::string>{"/usr/sbin/sshd", "-D", "-e", "-f", d + "/sshd_config"});
    if (m_process->wait_for_output("Server listening on", std::chrono::seconds(10), true)) return;
    const std::string err = m_process->err();
    m_process.reset();
    if (err.find("Address already in use") == std::string::npos)
      throw std::runtime_error("sshd did not start: " + err);
  }
  throw std::runtime_error("sshd found no free port");
}

Sshd::~Sshd() = default;

std::filesystem::path Sshd::add_client_key(const std::string& type, bool authorize,
                                           const std::string& passphrase) {
  const auto path = m_dir.path() / fmt::format("client_{}_{}", type, ++m_keys);
  ssh_keygen({"-t", type, "-N", passphrase, "-f", path.string()});
  if (authorize) {
    std::ofstream out(m_dir.path() / "authorized_keys", std::ios::app);
    out << read_file(path.string() + ".pub");
  }
  return path;
}

std::string Sshd::known_hosts_line() const {
  std::istringstream pub(read_file(m_dir.path() / "host_key.pub"));
  std::string type, blob;
  pub >> type >> blob;
  return fmt::format("[127.0.0.1]:{} {} {}\n", m_port, type, blob);
}

std::string Sshd::fingerprint() const {
  auto r = run({"/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f",
                (m_dir.path() / "host_key.pub").string()});
  std::istringstream fields(r.out);
  std::string bits, fp;
  fields >> bits >> fp;
  return fp;
}

std::string Sshd::log() const { return m_process ? m_process->err() : std::string(); }

}  // namespace ill::test
