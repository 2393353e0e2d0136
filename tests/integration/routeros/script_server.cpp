#include "script_server.hpp"

#include "routeros/decoder.hpp"
#include "routeros/word_codec.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace ill::routeros::test {

namespace {

constexpr int k_io_timeout_s = 5;

void set_timeouts(int fd) {
  timeval tv{k_io_timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

std::string openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    out += buf;
    out += ' ';
  }
  return out;
}

}  // namespace

ServerCert make_self_signed_cert(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) throw std::runtime_error("EVP_EC_gen: " + openssl_errors());
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("ill-test-router"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert, key, EVP_sha256()) == 0) throw std::runtime_error("X509_sign failed");

  ServerCert out{dir / "router.crt", dir / "router.key"};
  FILE* f = std::fopen(out.cert_file.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(out.key_file.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

struct ScriptConn::Impl {
  int fd = -1;
  SSL* ssl = nullptr;
  Decoder decoder;

  ~Impl() { close(); }
  void close() {
    if (ssl != nullptr) {
      SSL_shutdown(ssl);
      SSL_free(ssl);
      ssl = nullptr;
    }
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
  long read_bytes(char* buf, std::size_t n) {
    if (fd < 0) return 0;
    if (ssl != nullptr) {
      const int rc = SSL_read(ssl, buf, static_cast<int>(n));
      return rc > 0 ? rc : 0;
    }
    const ssize_t rc = ::recv(fd, buf, n, 0);
    return rc > 0 ? rc : 0;
  }
  void write_bytes(std::string_view bytes) {
    if (fd < 0) return;
    while (!bytes.empty()) {
      long rc = 0;
      if (ssl != nullptr) {
        rc = SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size()));
      } else {
        rc = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      }
      if (rc <= 0) return;  // the client went away; the test checks the client side
      bytes.remove_prefix(static_cast<std::size_t>(rc));
    }
  }
};

std::optional<Sentence> ScriptConn::read() {
  for (;;) {
    if (auto s = m_impl.decoder.next()) return s;
    char buf[4096];
    const long n = m_impl.read_bytes(buf, sizeof(buf));
    if (n <= 0) return std::nullopt;
    if (!m_impl.decoder.feed(std::string_view(buf, static_cast<std::size_t>(n)))) {
      throw std::runtime_error("server: client sent garbage");
    }
  }
}

Sentence ScriptConn::expect(std::string_view command) {
  auto s = read();
  if (!s) throw std::runtime_error("server: expected " + std::string(command) + ", got EOF");
  if (s->first() != command) {
    throw std::runtime_error("server: expected " + std::string(command) + ", got " +
                             s->to_log_string());
  }
  return *s;
}

void ScriptConn::send_raw(std::string_view bytes, bool byte_at_a_time) {
  if (!byte_at_a_time) {
    m_impl.write_bytes(bytes);
    return;
  }
  for (char c : bytes) m_impl.write_bytes(std::string_view(&c, 1));
}

void ScriptConn::send(std::initializer_list<Sentence> sentences, bool byte_at_a_time) {
  std::string bytes;
  for (const Sentence& s : sentences) append_sentence(bytes, s);
  send_raw(bytes, byte_at_a_time);
}

void ScriptConn::accept_login() {
  const Sentence login = expect("/login");
  send({Sentence{"!done", tag_word(login)}});
}

void ScriptConn::wait_for_close() {
  // Raw bytes, not sentences: what the client sends now may not be API words at all (a TLS
  // ClientHello to a plain server).
  char buf[4096];
  while (m_impl.read_bytes(buf, sizeof(buf)) > 0) {
  }
}

void ScriptConn::close() { m_impl.close(); }

std::string tag_word(const Sentence& request) {
  return ".tag=" + std::string(request.tag().value_or(""));
}

BlackHole::BlackHole() {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(m_listen_fd, 0) != 0) {
    throw std::runtime_error("black hole: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  // The kernel completes backlog + 1 connections without accept(); fill them, and then some.
  for (int i = 0; i < 3; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    pollfd pfd{fd, POLLOUT, 0};
    ::poll(&pfd, 1, 100);
    m_fillers.push_back(fd);
  }
}

BlackHole::~BlackHole() {
  for (int fd : m_fillers) ::close(fd);
  ::close(m_listen_fd);
}

ScriptServer::ScriptServer(Script script, ServerTls tls, ServerCert cert, int connections)
    : m_script(std::move(script)), m_tls(tls), m_cert(std::move(cert)), m_connections(connections) {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(m_listen_fd, 16) != 0) {
    throw std::runtime_error("server: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  m_thread = std::thread([this] { run(); });
}

ScriptServer::~ScriptServer() {
  join();
  if (m_listen_fd >= 0) ::close(m_listen_fd);
}

std::string ScriptServer::join() {
  if (m_thread.joinable()) m_thread.join();
  return m_failure;
}

void ScriptServer::run() {
  SSL_CTX* ctx = nullptr;
  try {
    if (m_tls != ServerTls::off) {
      ctx = SSL_CTX_new(TLS_server_method());
      if (m_tls == ServerTls::adh) {
        // What RouterOS api-ssl offers without a certificate.
        SSL_CTX_set_security_level(ctx, 0);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_cipher_list(ctx, "ADH:@SECLEVEL=0");
        SSL_CTX_set_dh_auto(ctx, 1);
      } else {
        if (SSL_CTX_use_certificate_file(ctx, m_cert.cert_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, m_cert.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
          throw std::runtime_error("server: cannot load certificate: " + openssl_errors());
        }
      }
    }
    for (int i = 0; i < m_connections; ++i) {
      pollfd pfd{m_listen_fd, POLLIN, 0};
      if (::poll(&pfd, 1, 10'000) != 1) throw std::runtime_error("server: no client connected");
      ScriptConn::Impl impl;
      impl.fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      set_timeouts(impl.fd);
      if (ctx != nullptr) {
        impl.ssl = SSL_new(ctx);
        SSL_set_fd(impl.ssl, impl.fd);
        if (SSL_accept(impl.ssl) != 1) {
          // The client refused or failed the handshake: that is what some tests want.
          ERR_clear_error();
          continue;
        }
      }
      ScriptConn conn(impl);
      m_script(conn);
    }
  } catch (const std::exception& e) {
    m_failure = e.what();
  }
  if (ctx != nullptr) SSL_CTX_free(ctx);
}

}  // namespace ill::routeros::test
