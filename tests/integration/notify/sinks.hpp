// Real receivers on loopback for the delivery tests: an SMTP server (aiosmtpd, with STARTTLS
// and AUTH when asked, refusing chosen recipients) and an HTTP receiver that records each POST
// and checks its HMAC signature itself. Both run under Debian's /usr/bin/python3.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ill::test {

struct MailSinkOptions {
  bool tls = false;  // STARTTLS required, with a self-signed certificate for 127.0.0.1
  std::string auth;  // "user:password": AUTH required
  std::vector<std::string> refuse;  // recipients answered with 550
};

class MailSink {
public:
  MailSink(const TempDir& dir, MailSinkOptions options = {});
  std::uint16_t port() const { return m_port; }
  // The CA file that verifies the sink's certificate (with tls).
  std::string ca_file() const { return (m_dir / "cert.pem").string(); }
  // Saved messages, in arrival order.
  std::vector<std::filesystem::path> messages() const;
  // read_mail.py's view of a message (Python's email package); `save_dir` receives attachments.
  nlohmann::json parse(const std::filesystem::path& message,
                       const std::string& save_dir = {}) const;
  // The envelope of message `message` (mail_from, rcpt_tos, tls, login).
  nlohmann::json envelope(const std::filesystem::path& message) const;

private:
  std::filesystem::path m_dir;
  std::uint16_t m_port = 0;
  std::unique_ptr<Process> m_process;
};

class HookSink {
public:
  // `secret`: the HMAC key to check signatures with; `status`: the HTTP status it answers.
  HookSink(const TempDir& dir, const std::string& name, std::string secret = {}, int status = 200,
           std::uint16_t port = 0);
  ~HookSink();
  std::uint16_t port() const { return m_port; }
  std::string url(const std::string& path = "/hook") const;
  std::vector<nlohmann::json> records() const;
  void stop();

private:
  std::filesystem::path m_file;
  std::uint16_t m_port = 0;
  std::unique_ptr<Process> m_process;
};

}  // namespace ill::test
