#include "routeros/byte_stream.hpp"

#include "routeros/ssh_stream.hpp"
#include "routeros/tls_context.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/error.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <utility>

namespace ill::routeros {

namespace {

using asio::redirect_error;
using asio::use_awaitable;
using asio::ip::tcp;

// One SSL_CTX per (verification mode, CA file) for the whole process: loading the system CA
// store costs milliseconds and about a megabyte, which thousands of sessions must not repeat.
Result<ssl_ctx_st*> shared_tls_context(const TlsOptions& options) {
  static std::mutex mutex;
  static std::map<std::pair<TlsVerify, std::string>, TlsContextPtr> cache;
  const std::lock_guard lock(mutex);
  auto key = std::pair(options.verify, options.ca_file);
  auto it = cache.find(key);
  if (it == cache.end()) {
    auto made = make_tls_context(options);
    if (!made) return fail(std::move(made.error()));
    // Idle sessions give their TLS buffers back.
    SSL_CTX_set_mode(made->get(), SSL_MODE_RELEASE_BUFFERS);
    it = cache.emplace(std::move(key), std::move(*made)).first;
  }
  SSL_CTX_up_ref(it->second.get());  // the caller's asio::ssl::context frees its reference
  return it->second.get();
}

// Runs `on_fire` if the deadline passes before the watchdog is destroyed; used to cancel a
// resolve, connect or handshake that has no deadline of its own.
class Watchdog {
public:
  Watchdog(const asio::any_io_executor& executor, Deadline deadline, std::function<void()> on_fire)
      : m_timer(std::make_shared<asio::steady_timer>(executor, deadline)),
        m_state(std::make_shared<State>()) {
    m_state->on_fire = std::move(on_fire);
    m_timer->async_wait([timer = m_timer, state = m_state](std::error_code ec) {
      if (!ec && state->on_fire) {
        state->fired = true;
        state->on_fire();
      }
    });
  }
  ~Watchdog() {
    m_state->on_fire = nullptr;
    m_timer->cancel();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  bool fired() const { return m_state->fired; }

private:
  struct State {
    std::function<void()> on_fire;
    bool fired = false;
  };
  std::shared_ptr<asio::steady_timer> m_timer;
  std::shared_ptr<State> m_state;
};

class TcpStream final : public ByteStream {
public:
  explicit TcpStream(tcp::socket socket) : m_socket(std::move(socket)) {}
  asio::awaitable<std::size_t> read_some(std::span<char> buffer, std::error_code& ec) override {
    co_return co_await m_socket.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                                                redirect_error(use_awaitable, ec));
  }
  asio::awaitable<void> write_all(std::string_view bytes, std::error_code& ec) override {
    co_await asio::async_write(m_socket, asio::buffer(bytes.data(), bytes.size()),
                               redirect_error(use_awaitable, ec));
  }
  void close() override {
    std::error_code ignored;
    m_socket.shutdown(tcp::socket::shutdown_both, ignored);
    m_socket.close(ignored);
  }
  bool reads_when_ready() const override { return true; }
  asio::awaitable<void> wait_readable(std::error_code& ec) override {
    co_await m_socket.async_wait(tcp::socket::wait_read, redirect_error(use_awaitable, ec));
  }
  std::size_t read_ready(std::span<char> buffer, std::error_code& ec) override {
    return without_waiting(ec, [&](std::error_code& e) {
      return m_socket.read_some(asio::buffer(buffer.data(), buffer.size()), e);
    });
  }
  std::size_t write_ready(std::string_view bytes, std::error_code& ec) override {
    return without_waiting(ec, [&](std::error_code& e) {
      return m_socket.write_some(asio::buffer(bytes.data(), bytes.size()), e);
    });
  }

private:
  // Runs a read or a write that must not wait: the socket is made non-blocking, and "it would
  // block" is 0 bytes and no error.
  template <typename Op>
  std::size_t without_waiting(std::error_code& ec, Op op) {
    if (!m_socket.non_blocking()) m_socket.non_blocking(true, ec);
    if (ec) return 0;
    const std::size_t n = op(ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec.clear();
      return 0;
    }
    return n;
  }

  tcp::socket m_socket;
};

class TlsStream final : public ByteStream {
public:
  TlsStream(tcp::socket socket, ssl_ctx_st* ctx)
      : m_context(ctx), m_stream(std::move(socket), m_context) {}
  asio::ssl::stream<tcp::socket>& stream() { return m_stream; }
  asio::awaitable<std::size_t> read_some(std::span<char> buffer, std::error_code& ec) override {
    co_return co_await m_stream.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                                                redirect_error(use_awaitable, ec));
  }
  asio::awaitable<void> write_all(std::string_view bytes, std::error_code& ec) override {
    co_await asio::async_write(m_stream, asio::buffer(bytes.data(), bytes.size()),
                               redirect_error(use_awaitable, ec));
  }
  void close() override {
    std::error_code ignored;
    m_stream.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.next_layer().close(ignored);
  }

private:
  asio::ssl::context m_context;
  asio::ssl::stream<tcp::socket> m_stream;
};

}  // namespace

asio::awaitable<void> ByteStream::wait_readable(std::error_code& ec) {
  ec = asio::error::operation_not_supported;
  co_return;
}

std::size_t ByteStream::read_ready(std::span<char>, std::error_code& ec) {
  ec = asio::error::operation_not_supported;
  return 0;
}

std::size_t ByteStream::write_ready(std::string_view, std::error_code&) { return 0; }

std::string format_peer(const Endpoint& endpoint) {
  auto host_port = [](const std::string& host, std::uint16_t port) {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                               : fmt::format("{}:{}", host, port);
  };
  std::string peer = host_port(endpoint.host, endpoint.effective_port());
  if (endpoint.tls == Tls::on) peer += " (TLS)";
  if (endpoint.via == Via::ssh) {
    peer += fmt::format(" via ssh {}@{}", endpoint.ssh.user,
                        host_port(endpoint.ssh.host, endpoint.ssh.port));
  }
  return peer;
}

asio::awaitable<Result<tcp::socket>> connect_tcp(asio::any_io_executor executor,
                                                 const std::string& host, std::uint16_t port,
                                                 const std::string& peer, Deadline deadline) {
  auto resolver = std::make_shared<tcp::resolver>(executor);
  auto socket = std::make_shared<tcp::socket>(executor);
  Watchdog watchdog(executor, deadline, [resolver, socket] {
    resolver->cancel();
    std::error_code ignored;
    socket->close(ignored);
  });
  std::error_code ec;
  auto results = co_await resolver->async_resolve(host, std::to_string(port),
                                                  redirect_error(use_awaitable, ec));
  if (watchdog.fired()) co_return fail(Errc::timeout, "resolve {}: timed out", host);
  if (ec) co_return fail(Errc::unreachable, "resolve {}: {}", host, ec.message());
  co_await asio::async_connect(*socket, results, redirect_error(use_awaitable, ec));
  if (watchdog.fired()) co_return fail(Errc::timeout, "connect to {}: timed out", peer);
  if (ec) co_return fail(Errc::unreachable, "connect to {}: {}", peer, ec.message());
  socket->set_option(tcp::no_delay(true), ec);
  co_return std::move(*socket);
}

asio::awaitable<Result<std::unique_ptr<ByteStream>>> connect_stream(asio::any_io_executor executor,
                                                                    const Endpoint& endpoint,
                                                                    Deadline deadline) {
  const std::string peer = format_peer(endpoint);
  if (endpoint.via == Via::ssh) co_return co_await connect_ssh_stream(executor, endpoint, deadline);
  if (endpoint.via != Via::api) {
    co_return fail(Errc::unreachable, "{}: REST is not a byte stream (it goes through RestChannel)",
                   peer);
  }
  ssl_ctx_st* ctx = nullptr;
  if (endpoint.tls == Tls::on) {
    auto shared = shared_tls_context(endpoint.tls_options);
    if (!shared) co_return fail(std::move(shared.error()));
    ctx = *shared;
  }
  // Owned here until handed to the stream, so a failure below frees the context reference.
  std::unique_ptr<ssl_ctx_st, TlsContextDeleter> ctx_guard(ctx);

  auto connected =
      co_await connect_tcp(executor, endpoint.host, endpoint.effective_port(), peer, deadline);
  if (!connected) co_return fail(std::move(connected.error()));
  auto socket = std::make_shared<tcp::socket>(std::move(*connected));
  if (endpoint.tls == Tls::off)
    co_return std::unique_ptr<ByteStream>(std::make_unique<TcpStream>(std::move(*socket)));

  auto tls = std::make_unique<TlsStream>(std::move(*socket), ctx_guard.release());
  SSL* ssl = tls->stream().native_handle();
  if (auto prepared = prepare_tls_session(ssl, endpoint.host, endpoint.tls_options); !prepared)
    co_return fail(std::move(prepared.error()));
  TlsStream* raw = tls.get();
  Watchdog watchdog(executor, deadline, [raw] { raw->close(); });
  std::error_code ec;
  co_await tls->stream().async_handshake(asio::ssl::stream_base::client,
                                         redirect_error(use_awaitable, ec));
  if (watchdog.fired()) co_return fail(Errc::timeout, "tls handshake with {}: timed out", peer);
  if (ec) {
    const unsigned long code = ec.category() == asio::error::get_ssl_category()
                                   ? static_cast<unsigned long>(ec.value())
                                   : 0;
    co_return fail(Errc::unreachable, "tls handshake with {}: {}", peer,
                   describe_tls_failure(ssl, endpoint.tls_options, ec.message(), code));
  }
  spdlog::debug("routeros: {}: {} {}", peer, SSL_get_version(ssl), SSL_get_cipher_name(ssl));
  co_return std::unique_ptr<ByteStream>(std::move(tls));
}

}  // namespace ill::routeros
