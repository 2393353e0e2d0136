#include "routeros/async_session.hpp"

#include "routeros/legacy_login.hpp"
#include "routeros/tls_context.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/error.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace ill::routeros {

namespace {

using asio::redirect_error;
using asio::use_awaitable;
using asio::ip::tcp;

std::string format_peer(const Endpoint& endpoint) {
  const std::uint16_t port = endpoint.effective_port();
  std::string peer = endpoint.host.find(':') != std::string::npos
                         ? fmt::format("[{}]:{}", endpoint.host, port)
                         : fmt::format("{}:{}", endpoint.host, port);
  if (endpoint.tls == Tls::on) peer += " (TLS)";
  return peer;
}

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

}  // namespace

struct AsyncSession::Impl : std::enable_shared_from_this<AsyncSession::Impl> {
  Impl(asio::any_io_executor ex, AsyncSessionOptions opts)
      : executor(std::move(ex)), options(opts), mux(opts.limits), resolver(executor) {}

  asio::any_io_executor executor;
  AsyncSessionOptions options;
  Multiplexer mux;
  std::string peer;
  tcp::resolver resolver;
  std::optional<tcp::socket> plain;
  std::unique_ptr<asio::ssl::context> tls_context;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  // Bytes queued for the writer coroutine, and whether it runs.
  std::string out;
  bool writing = false;
  // Coroutines waiting in wait(), by tag: cancelling the timer wakes them.
  std::map<std::string, asio::steady_timer*, std::less<>> waiters;

  tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }

  void wake_finished() {
    for (auto& [tag, timer] : waiters) {
      if (mux.is_finished(tag)) timer->cancel();
    }
  }

  void wake_all() {
    for (auto& [tag, timer] : waiters) timer->cancel();
  }

  // Ends the session: every pending and later operation fails with `error`.
  void end(Error error) {
    if (!mux.error()) {
      spdlog::debug("routeros: {}: session ended: {}", peer, error.what());
      mux.fail(std::move(error));
    }
    std::error_code ignored;
    resolver.cancel();
    if (plain || tls) {
      socket().shutdown(tcp::socket::shutdown_both, ignored);
      socket().close(ignored);
    }
    wake_all();
  }

  void kick_writer() {
    if (writing || out.empty() || mux.error()) return;
    writing = true;
    asio::co_spawn(executor, write_loop(shared_from_this()), asio::detached);
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<Impl> self) {
    while (!self->out.empty() && !self->mux.error()) {
      std::string buffer;
      buffer.swap(self->out);
      std::error_code ec;
      if (self->tls) {
        co_await asio::async_write(*self->tls, asio::buffer(buffer),
                                   redirect_error(use_awaitable, ec));
      } else {
        co_await asio::async_write(*self->plain, asio::buffer(buffer),
                                   redirect_error(use_awaitable, ec));
      }
      if (ec) {
        if (!self->mux.error()) {
          self->end(
              Error(Errc::connection, fmt::format("write to {}: {}", self->peer, ec.message())));
        }
        break;
      }
    }
    self->writing = false;
  }

  static asio::awaitable<void> read_loop(std::shared_ptr<Impl> self) {
    std::vector<char> buffer(self->options.read_buffer_bytes);
    while (!self->mux.error()) {
      std::error_code ec;
      std::size_t n = 0;
      if (self->tls) {
        n = co_await self->tls->async_read_some(asio::buffer(buffer),
                                                redirect_error(use_awaitable, ec));
      } else {
        n = co_await self->plain->async_read_some(asio::buffer(buffer),
                                                  redirect_error(use_awaitable, ec));
      }
      if (self->mux.error()) break;  // closed locally meanwhile
      if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        self->mux.end_of_stream();
        self->end(*self->mux.error());
        break;
      }
      if (ec) {
        self->end(
            Error(Errc::connection, fmt::format("read from {}: {}", self->peer, ec.message())));
        break;
      }
      self->mux.feed(std::string_view(buffer.data(), n));
      if (self->mux.error()) {
        self->end(*self->mux.error());
        break;
      }
      for (const std::string& stopped : self->mux.take_stop_requests()) {
        if (auto cancel = self->mux.start_cancel(stopped, self->out)) self->mux.abandon(*cancel);
      }
      self->kick_writer();
      self->wake_finished();
    }
  }

  // Gives up on a command that is still running: late replies are dropped and the router is
  // told to stop it.
  void abandon(std::string_view tag) {
    if (!mux.is_pending(tag) || mux.is_finished(tag)) return;
    mux.abandon(tag);
    if (!mux.error()) {
      if (auto cancel = mux.start_cancel(tag, out)) mux.abandon(*cancel);
      kick_writer();
    }
  }
};

AsyncSession::AsyncSession(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AsyncSession::AsyncSession(AsyncSession&&) noexcept = default;
AsyncSession& AsyncSession::operator=(AsyncSession&& other) noexcept {
  if (this != &other) {
    close();
    m_impl = std::move(other.m_impl);
  }
  return *this;
}
AsyncSession::~AsyncSession() { close(); }

bool AsyncSession::is_open() const { return m_impl && !m_impl->mux.error(); }

void AsyncSession::close() {
  if (m_impl && !m_impl->mux.error()) m_impl->end(Error(Errc::cancelled, "session closed"));
}

std::string AsyncSession::peer() const { return m_impl ? m_impl->peer : std::string(); }

std::size_t AsyncSession::pending_count() const { return m_impl ? m_impl->mux.pending_count() : 0; }

asio::awaitable<Result<AsyncSession>> AsyncSession::connect(asio::any_io_executor executor,
                                                            Endpoint endpoint, Deadline deadline,
                                                            AsyncSessionOptions options) {
  auto impl = std::make_shared<Impl>(executor, options);
  impl->peer = format_peer(endpoint);
  const std::string what = fmt::format("connect to {}", impl->peer);

  ssl_ctx_st* ctx = nullptr;
  if (endpoint.tls == Tls::on) {
    auto shared = shared_tls_context(endpoint.tls_options);
    if (!shared) co_return fail(std::move(shared.error()));
    ctx = *shared;
    impl->tls_context = std::make_unique<asio::ssl::context>(ctx);
  }

  {
    std::weak_ptr<Impl> weak = impl;
    Watchdog watchdog(executor, deadline, [weak] {
      if (auto self = weak.lock()) {
        self->resolver.cancel();
        std::error_code ignored;
        if (self->plain) self->plain->close(ignored);
      }
    });
    std::error_code ec;
    auto results = co_await impl->resolver.async_resolve(endpoint.host,
                                                         std::to_string(endpoint.effective_port()),
                                                         redirect_error(use_awaitable, ec));
    if (watchdog.fired()) co_return fail(Errc::timeout, "{}: timed out", what);
    if (ec) co_return fail(Errc::unreachable, "{}: {}", what, ec.message());
    impl->plain.emplace(executor);
    co_await asio::async_connect(*impl->plain, results, redirect_error(use_awaitable, ec));
    if (watchdog.fired()) co_return fail(Errc::timeout, "{}: timed out", what);
    if (ec) co_return fail(Errc::unreachable, "{}: {}", what, ec.message());
    impl->plain->set_option(tcp::no_delay(true), ec);
  }

  if (endpoint.tls == Tls::on) {
    impl->tls.emplace(std::move(*impl->plain), *impl->tls_context);
    impl->plain.reset();
    SSL* ssl = impl->tls->native_handle();
    if (auto prepared = prepare_tls_session(ssl, endpoint.host, endpoint.tls_options); !prepared) {
      co_return fail(std::move(prepared.error()));
    }
    std::weak_ptr<Impl> weak = impl;
    Watchdog watchdog(executor, deadline, [weak] {
      if (auto self = weak.lock()) {
        std::error_code ignored;
        self->tls->next_layer().close(ignored);
      }
    });
    std::error_code ec;
    co_await impl->tls->async_handshake(asio::ssl::stream_base::client,
                                        redirect_error(use_awaitable, ec));
    if (watchdog.fired())
      co_return fail(Errc::timeout, "tls handshake with {}: timed out", impl->peer);
    if (ec) {
      const unsigned long code = ec.category() == asio::error::get_ssl_category()
                                     ? static_cast<unsigned long>(ec.value())
                                     : 0;
      co_return fail(Errc::unreachable, "tls handshake with {}: {}", impl->peer,
                     describe_tls_failure(ssl, endpoint.tls_options, ec.message(), code));
    }
    spdlog::debug("routeros: {}: {} {}", impl->peer, SSL_get_version(ssl),
                  SSL_get_cipher_name(ssl));
  }

  asio::co_spawn(executor, Impl::read_loop(impl), asio::detached);
  co_return AsyncSession(std::move(impl));
}

asio::awaitable<Result<AsyncSession>> AsyncSession::open(asio::any_io_executor executor,
                                                         Endpoint endpoint, std::string user,
                                                         std::string password, Deadline deadline,
                                                         AsyncSessionOptions options) {
  auto session = co_await connect(std::move(executor), std::move(endpoint), deadline, options);
  if (!session) co_return session;
  auto logged_in = co_await session->login(std::move(user), std::move(password), deadline);
  if (!logged_in) co_return fail(std::move(logged_in.error()));
  co_return session;
}

Result<std::string> AsyncSession::send(Command command, RowHandler on_row) {
  if (!m_impl) return fail(Errc::usage, "session was moved from");
  auto tag = m_impl->mux.start(std::move(command), m_impl->out, std::move(on_row));
  if (tag) m_impl->kick_writer();
  return tag;
}

asio::awaitable<Result<Reply>> AsyncSession::wait(std::string tag, Deadline deadline) {
  std::shared_ptr<Impl> impl = m_impl;  // the session may be moved or closed while we wait
  if (!impl) co_return fail(Errc::usage, "session was moved from");
  if (impl->waiters.count(tag) != 0) co_return fail(Errc::usage, "tag {} is already awaited", tag);
  asio::steady_timer timer(impl->executor, deadline);
  for (;;) {
    if (impl->mux.is_finished(tag) || !impl->mux.is_pending(tag)) co_return impl->mux.take(tag);
    impl->waiters.emplace(tag, &timer);
    std::error_code ec;
    co_await timer.async_wait(redirect_error(use_awaitable, ec));
    impl->waiters.erase(tag);
    if (impl->mux.is_finished(tag)) continue;
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) {
      impl->abandon(tag);
      co_return fail(Errc::cancelled, "{}: {} was cancelled", impl->peer, impl->mux.path_of(tag));
    }
    if (!ec || Clock::now() >= deadline) {
      const std::string path(impl->mux.path_of(tag));
      impl->abandon(tag);
      co_return fail(Errc::timeout, "{}: {} timed out", impl->peer, path);
    }
  }
}

asio::awaitable<Result<Reply>> AsyncSession::call(Command command, Deadline deadline) {
  auto tag = send(std::move(command));
  if (!tag) co_return fail(std::move(tag.error()));
  co_return co_await wait(std::move(*tag), deadline);
}

asio::awaitable<std::vector<Result<Reply>>> AsyncSession::call_all(std::vector<Command> commands,
                                                                   Deadline deadline) {
  std::vector<Result<std::string>> tags;
  tags.reserve(commands.size());
  for (Command& command : commands) tags.push_back(send(std::move(command)));
  std::vector<Result<Reply>> replies;
  replies.reserve(tags.size());
  // The reader routes every reply as it comes, so awaiting in order costs no extra time.
  for (auto& tag : tags) {
    if (!tag) {
      replies.emplace_back(fail(std::move(tag.error())));
    } else {
      replies.push_back(co_await wait(std::move(*tag), deadline));
    }
  }
  co_return replies;
}

asio::awaitable<Result<Reply>> AsyncSession::cancel(std::string tag, Deadline deadline) {
  std::shared_ptr<Impl> impl = m_impl;
  if (!impl) co_return fail(Errc::usage, "session was moved from");
  if (!impl->mux.is_pending(tag)) {
    if (impl->mux.error()) co_return fail(*impl->mux.error());
    co_return fail(Errc::usage, "no command with tag {} is pending", tag);
  }
  auto cancel_tag = impl->mux.start_cancel(tag, impl->out);
  if (!cancel_tag) co_return fail(std::move(cancel_tag.error()));
  impl->kick_writer();
  auto cancelled = co_await wait(std::move(*cancel_tag), deadline);
  if (!cancelled && cancelled.error().category() != Errc::remote) co_return fail(cancelled.error());
  co_return co_await wait(std::move(tag), deadline);
}

asio::awaitable<Status> AsyncSession::login(std::string user, std::string password,
                                            Deadline deadline) {
  auto refused = [](const Error& error) {
    if (error.category() == Errc::remote)
      return Error(Errc::auth, "login failed: " + error.message());
    return Error(error).with_context("login failed");
  };
  auto reply =
      co_await call(Command("/login").attr("name", user).attr("password", password), deadline);
  if (!reply) co_return fail(refused(reply.error()));
  const auto challenge = reply->ret();
  if (!challenge) co_return Status{};
  spdlog::debug("routeros: {}: legacy challenge login", peer());
  auto response = legacy_login_response(password, *challenge);
  if (!response) co_return fail(Error(response.error()).with_context("login failed"));
  auto second =
      co_await call(Command("/login").attr("name", user).attr("response", *response), deadline);
  if (!second) co_return fail(refused(second.error()));
  co_return Status{};
}

}  // namespace ill::routeros
