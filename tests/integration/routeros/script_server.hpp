// A minimal scripted RouterOS API server for client tests: one thread, one listening socket on
// 127.0.0.1, one connection at a time, optionally TLS (anonymous DH or a certificate). The test
// writes what the server does as a function of the connection. Every socket operation has a
// timeout, so a broken test fails instead of hanging.
#pragma once

#include "routeros/sentence.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ill::routeros::test {

enum class ServerTls { off, adh, cert };

struct ServerCert {
  std::filesystem::path cert_file;  // PEM; also the CA file a client trusts
  std::filesystem::path key_file;
};

// A throwaway self-signed certificate (EC P-256) for IP 127.0.0.1 and DNS localhost.
ServerCert make_self_signed_cert(const std::filesystem::path& dir);

class ScriptConn {
public:
  struct Impl;
  explicit ScriptConn(Impl& impl) : m_impl(impl) {}

  // The next sentence from the client; nothing on EOF or after 5 s of silence.
  std::optional<Sentence> read();
  // Reads a sentence and checks that its first word is `command` (throws otherwise).
  Sentence expect(std::string_view command);
  // Writes bytes as they are, optionally one byte per write.
  void send_raw(std::string_view bytes, bool byte_at_a_time = false);
  void send(std::initializer_list<Sentence> sentences, bool byte_at_a_time = false);
  // Answers a /login with !done (the tag echoed).
  void accept_login();
  // Reads and ignores bytes until the client closes the connection (or 5 s of silence).
  void wait_for_close();
  void close();

private:
  Impl& m_impl;
};

class ScriptServer {
public:
  using Script = std::function<void(ScriptConn&)>;
  // Starts listening at once; the script runs for each of `connections` accepted connections.
  explicit ScriptServer(Script script, ServerTls tls = ServerTls::off, ServerCert cert = {},
                        int connections = 1);
  ~ScriptServer();
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  std::uint16_t port() const { return m_port; }
  // Waits for the script to end; returns its failure ("" when it ran through).
  std::string join();

private:
  void run();
  Script m_script;
  ServerTls m_tls;
  ServerCert m_cert;
  int m_connections;
  int m_listen_fd = -1;
  std::uint16_t m_port = 0;
  std::string m_failure;
  std::thread m_thread;
};

// A listener on 127.0.0.1 whose accept queue is full, so a new connect never completes: an
// unreachable router, on loopback.
class BlackHole {
public:
  BlackHole();
  ~BlackHole();
  BlackHole(const BlackHole&) = delete;
  BlackHole& operator=(const BlackHole&) = delete;
  std::uint16_t port() const { return m_port; }

private:
  int m_listen_fd = -1;
  std::vector<int> m_fillers;
  std::uint16_t m_port = 0;
};

// "=name=value" of a tagged reply: ".tag=<tag of request>" for the request.
std::string tag_word(const Sentence& request);

}  // namespace ill::routeros::test
