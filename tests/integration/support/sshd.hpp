// A real OpenSSH server for tests: /usr/sbin/sshd on a loopback port with its own config, host
// key and authorized keys in a temporary directory, run in the foreground and stopped with the
// object. Client keys are made with /usr/bin/ssh-keygen.
//
//   ill::test::Sshd sshd({.permit_open = {"127.0.0.1:" + std::to_string(sim_port)}});
//   auto key = sshd.add_client_key("ed25519");          // authorized; returns the private key path
//   sshd.known_hosts_line();                            // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ill::test {

struct SshdOptions {
  // Where direct-tcpip channels may lead ("host:port" each); empty: "none" (all refused).
  std::vector<std::string> permit_open;
  bool password_authentication = false;
  std::string host_key_type = "ed25519";
};

class Sshd {
public:
  // Starts sshd and waits until it listens; throws std::runtime_error with its log otherwise.
  explicit Sshd(SshdOptions options = {});
  ~Sshd();
  Sshd(const Sshd&) = delete;
  Sshd& operator=(const Sshd&) = delete;

  std::uint16_t port() const { return m_port; }
  const std::filesystem::path& dir() const { return m_dir.path(); }
  // The user tests log in as: the one running them (sshd only lets that user in when not root).
  static std::string user();
  // A new key pair of `type` ("ed25519", "ecdsa", "rsa"), authorized unless told otherwise;
  // returns the private key's path. With a passphrase the key is encrypted.
  std::filesystem::path add_client_key(const std::string& type, bool authorize = true,
                                       const std::string& passphrase = "");
  // The host key as a known_hosts line, and its fingerprint as ssh-keygen prints it.
  std::string known_hosts_line() const;
  std::string fingerprint() const;
  std::string log() const;

private:
  TempDir m_dir;
  std::uint16_t m_port = 0;
  std::unique_ptr<Process> m_process;
  int m_keys = 0;
};

// ssh-keygen by full path; throws on failure.
void ssh_keygen(const std::vector<std::string>& args);

}  // namespace ill::test
