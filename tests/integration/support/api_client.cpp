#include "support/api_client.hpp"

#include "routeros/word_codec.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace ill::test {

struct ApiClient::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
  }
};

namespace {

std::string ssl_error() {
  unsigned long e = ERR_get_error();
  char buf[256] = "unknown TLS error";
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

}  // namespace

ApiClient::ApiClient(const std::string& address, int port, ClientTls tls,
                     const std::string& ca_file) {
  std::signal(SIGPIPE, SIG_IGN);
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    int e = errno;
    ::close(m_fd);
    m_fd = -1;
    throw std::runtime_error("connect " + address + ":" + std::to_string(port) + ": " +
                             std::strerror(e));
  }
  int one = 1;
  ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{5, 0};  // the handshake's deadline; reads use poll()
  ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (tls == ClientTls::none) return;
  m_tls = std::make_unique<Tls>();
  m_tls->ctx = SSL_CTX_new(TLS_client_method());
  if (tls == ClientTls::anonymous) {
    SSL_CTX_set_security_level(m_tls->ctx, 0);
    SSL_CTX_set_cipher_list(m_tls->ctx, "ADH:@SECLEVEL=0");
    SSL_CTX_set_max_proto_version(m_tls->ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(m_tls->ctx, SSL_VERIFY_NONE, nullptr);
  } else if (!ca_file.empty()) {
    SSL_CTX_load_verify_locations(m_tls->ctx, ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(m_tls->ctx, SSL_VERIFY_PEER, nullptr);
  } else {
    SSL_CTX_set_verify(m_tls->ctx, SSL_VERIFY_NONE, nullptr);
  }
  m_tls->ssl = SSL_new(m_tls->ctx);
  SSL_set_fd(m_tls->ssl, m_fd);
  if (tls == ClientTls::certificate && !ca_file.empty()) {
    SSL_set1_host(m_tls->ssl, nullptr);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_tls->ssl), address.c_str());
  }
  if (SSL_connect(m_tls->ssl) != 1) {
    std::string why = ssl_error();
    ::close(m_fd);
    m_fd = -1;
    throw std::runtime_error("TLS handshake with " + address + ": " + why);
  }
}

ApiClient::~ApiClient() {
  m_tls.reset();
  if (m_fd >= 0) ::close(m_fd);
}

std::string ApiClient::cipher() const { return m_tls ? SSL_get_cipher_name(m_tls->ssl) : ""; }

std::string ApiClient::tls_version() const { return m_tls ? SSL_get_version(m_tls->ssl) : ""; }

void ApiClient::send_raw(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    long n;
    if (m_tls)
      n = SSL_write(m_tls->ssl, bytes.data() + done, static_cast<int>(bytes.size() - done));
    else
      n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;  // the peer is gone; the next read reports it
    done += static_cast<std::size_t>(n);
  }
}

void ApiClient::send(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) routeros::append_word(out, w);
  out.push_back('\0');
  send_raw(out);
}

long ApiClient::receive(char* buffer, std::size_t size, std::chrono::milliseconds timeout) {
  if (m_tls && SSL_pending(m_tls->ssl) > 0)
    return SSL_read(m_tls->ssl, buffer, static_cast<int>(size));
  pollfd p{m_fd, POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (r == 0) return -1;
  if (r < 0) return -2;
  if (m_tls) {
    int n = SSL_read(m_tls->ssl, buffer, static_cast<int>(size));
    if (n > 0) return n;
    int e = SSL_get_error(m_tls->ssl, n);
    if (e == SSL_ERROR_WANT_READ) return -1;
    if (e == SSL_ERROR_ZERO_RETURN) return 0;
    return 0;  // a reset or truncated TLS stream: the peer went away
  }
  long n = ::recv(m_fd, buffer, size, 0);
  if (n < 0) return errno == ECONNRESET ? 0 : -2;
  return n;
}

ReadResult ApiClient::read(std::chrono::milliseconds timeout) {
  ReadResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto s = m_decoder.next()) {
      result.kind = ReadResult::Kind::sentence;
      result.sentence = std::move(*s);
      return result;
    }
    if (m_decoder.failed()) {
      result.kind = ReadResult::Kind::protocol_error;
      return result;
    }
    if (m_closed) {
      result.kind = ReadResult::Kind::closed;
      return result;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return result;  // timeout
    char buffer[16384];
    long n = receive(buffer, sizeof buffer, left);
    if (n == -1) continue;
    if (n <= 0) {
      m_closed = true;
      continue;
    }
    auto status = m_decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    if (!status) result.error = status.error().what();
  }
}

std::vector<routeros::Sentence> ApiClient::read_until_done(const std::string& tag,
                                                           std::chrono::milliseconds timeout) {
  std::vector<routeros::Sentence> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto r = read(std::max(left, std::chrono::milliseconds(0)));
    if (!r.ok()) {
      throw std::runtime_error(r.kind == ReadResult::Kind::timeout ? "timed out waiting for !done"
                                                                   : "connection closed");
    }
    out.push_back(r.sentence);
    auto kind = r.sentence.reply_kind();
    auto t = r.sentence.tag();
    std::string got = t ? std::string(*t) : std::string();
    if (kind == routeros::ReplyKind::fatal) return out;
    if (kind == routeros::ReplyKind::done && got == tag) return out;
  }
}

std::vector<routeros::Sentence> ApiClient::call(const std::vector<std::string>& words,
                                                std::chrono::milliseconds timeout) {
  std::string tag;
  for (const auto& w : words)
    if (w.starts_with(".tag=")) tag = w.substr(5);
  send(words);
  return read_until_done(tag, timeout);
}

std::vector<routeros::Sentence> ApiClient::login(const std::string& user,
                                                 const std::string& password) {
  return call({"/login", "=name=" + user, "=password=" + password});
}

bool ApiClient::closed_within(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  while (!m_closed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    long n = receive(buffer, sizeof buffer, left);
    if (n == 0 || n == -2) m_closed = true;
  }
  return true;
}

std::string ApiClient::read_raw(std::size_t max, std::chrono::milliseconds timeout) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  while (out.size() < max && !m_closed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    long n = receive(buffer, std::min(sizeof buffer, max - out.size()), left);
    if (n == -1) break;
    if (n <= 0) {
      m_closed = true;
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace ill::test
