#include "routeros/tls_transport.hpp"

#include "routeros/tcp_transport.hpp"
#include "routeros/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace ill::routeros {

struct TlsTransport::State {
  TlsContextPtr ctx;
  SSL* ssl = nullptr;
  int fd = -1;

  ~State() {
    if (ssl != nullptr) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
  }
};

TlsTransport::TlsTransport(std::unique_ptr<State> state, std::string peer)
    : m_state(std::move(state)), m_peer(std::move(peer)) {}

TlsTransport::~TlsTransport() = default;

Result<std::unique_ptr<TlsTransport>> TlsTransport::connect(const std::string& host,
                                                            std::uint16_t port,
                                                            const TlsOptions& options,
                                                            Deadline deadline) {
  auto ctx = make_tls_context(options);
  if (!ctx) return fail(std::move(ctx.error()));
  auto tcp = TcpTransport::connect(host, port, deadline);
  if (!tcp) return fail(std::move(tcp.error()));
  const std::string peer = (*tcp)->peer();

  auto state = std::make_unique<State>();
  state->ctx = std::move(*ctx);
  state->fd = (*tcp)->release();
  state->ssl = SSL_new(state->ctx.get());
  if (state->ssl == nullptr || SSL_set_fd(state->ssl, state->fd) != 1) {
    return fail(Errc::internal, "tls to {}: {}", peer, take_openssl_errors());
  }
  if (auto prepared = prepare_tls_session(state->ssl, host, options); !prepared) {
    return fail(std::move(prepared.error()));
  }
  if (options.verify == TlsVerify::adh) {
    spdlog::debug("routeros: {}: anonymous DH: the router is not authenticated", peer);
  }

  const std::string what = fmt::format("tls handshake with {}", peer);
  ERR_clear_error();
  for (;;) {
    const int rc = SSL_connect(state->ssl);
    if (rc == 1) break;
    const int err = SSL_get_error(state->ssl, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      auto ready =
          wait_for_fd(state->fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, what);
      if (!ready) return fail(std::move(ready.error()));
      continue;
    }
    std::string fallback =
        err == SSL_ERROR_SYSCALL ? "connection closed during the handshake" : "handshake failed";
    return fail(Errc::unreachable, "{}: {}", what,
                describe_tls_failure(state->ssl, options, fallback));
  }
  spdlog::debug("routeros: {}: {} {}", peer, SSL_get_version(state->ssl),
                SSL_get_cipher_name(state->ssl));
  return std::unique_ptr<TlsTransport>(new TlsTransport(std::move(state), peer + " (TLS)"));
}

std::string TlsTransport::cipher() const {
  if (!m_state || m_state->ssl == nullptr) return {};
  return SSL_get_cipher_name(m_state->ssl);
}

void TlsTransport::close() {
  if (!m_state) return;
  if (m_state->ssl != nullptr && m_state->fd >= 0) {
    SSL_shutdown(m_state->ssl);  // best effort: a close_notify if the socket takes it now
    ERR_clear_error();
  }
  m_state.reset();
}

Status TlsTransport::write_all(std::string_view bytes, Deadline deadline) {
  if (!m_state) return fail(Errc::connection, "{}: connection is closed", m_peer);
  ERR_clear_error();
  while (!bytes.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX));
    const int rc = SSL_write(m_state->ssl, bytes.data(), chunk);
    if (rc > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(rc));
      continue;
    }
    const int err = SSL_get_error(m_state->ssl, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      auto ready = wait_for_fd(m_state->fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline,
                               fmt::format("write to {}", m_peer));
      if (!ready) return ready;
      continue;
    }
    const std::string errors = take_openssl_errors();
    return fail(Errc::connection, "write to {}: {}", m_peer,
                errors.empty() ? std::string(std::strerror(errno)) : errors);
  }
  return {};
}

Result<std::size_t> TlsTransport::read_some(std::span<char> buffer, Deadline deadline) {
  if (!m_state) return fail(Errc::connection, "{}: connection is closed", m_peer);
  ERR_clear_error();
  for (;;) {
    const int chunk = static_cast<int>(std::min<std::size_t>(buffer.size(), INT_MAX));
    const int rc = SSL_read(m_state->ssl, buffer.data(), chunk);
    if (rc > 0) return static_cast<std::size_t>(rc);
    const int err = SSL_get_error(m_state->ssl, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      auto ready = wait_for_fd(m_state->fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline,
                               fmt::format("read from {}", m_peer));
      if (!ready) return fail(std::move(ready.error()));
      continue;
    }
    if (err == SSL_ERROR_ZERO_RETURN) return std::size_t{0};
    if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) return std::size_t{0};
    return fail(Errc::connection, "read from {}: {}", m_peer, take_openssl_errors());
  }
}

Result<std::unique_ptr<Transport>> connect_transport(const Endpoint& endpoint, Deadline deadline) {
  if (endpoint.tls == Tls::on) {
    auto tls = TlsTransport::connect(endpoint.host, endpoint.effective_port(), endpoint.tls_options,
                                     deadline);
    if (!tls) return fail(std::move(tls.error()));
    return std::unique_ptr<Transport>(std::move(*tls));
  }
  auto tcp = TcpTransport::connect(endpoint.host, endpoint.effective_port(), deadline);
  if (!tcp) return fail(std::move(tcp.error()));
  return std::unique_ptr<Transport>(std::move(*tcp));
}

}  // namespace ill::routeros
