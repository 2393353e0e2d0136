#include "routeros/async_session.hpp"

#include "core/wipe.hpp"
#include "routeros/legacy_login.hpp"
#include "routeros/rest_channel.hpp"

#include <spdlog/spdlog.h>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/error.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <cassert>
#include <map>
#include <utility>

namespace ill::routeros {

namespace {

using asio::redirect_error;
using asio::use_awaitable;

}  // namespace

struct AsyncSession::Impl : std::enable_shared_from_this<AsyncSession::Impl> {
  Impl(asio::any_io_executor ex, AsyncSessionOptions opts)
      : executor(std::move(ex)), options(opts), mux(opts.limits) {}
  // Bytes never sent go as well as sent ones.
  ~Impl() {
    wipe(out);
    wipe(sending);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  asio::any_io_executor executor;
  AsyncSessionOptions options;
  Multiplexer mux;
  std::string peer;
  std::unique_ptr<ByteStream> stream;
  // Bytes queued for the writer coroutine, the bytes it is writing, and whether it runs. The two
  // buffers trade places on each write, so neither is reallocated (and copied) once grown.
  std::string out;
  std::string sending;
  bool writing = false;
  // Coroutines waiting in wait(), by tag: cancelling the timer wakes them.
  std::map<std::string, asio::steady_timer*, std::less<>> waiters;
  // A wait's entry in `waiters` while it is suspended, taken out however the wait ends: a frame
  // destroyed without being resumed (the io_context torn down at stop, mid-login) must not leave a
  // timer behind that a later end() would cancel after the frame's memory is gone.
  class Waiting {
  public:
    Waiting(Impl& impl, const std::string& tag, asio::steady_timer& timer)
        : m_waiters(impl.waiters) {
      auto [entry, added] = m_waiters.emplace(tag, &timer);
      assert(added);  // wait() refuses a tag already awaited
      m_entry = added ? entry : m_waiters.end();
    }
    ~Waiting() {
      if (m_entry != m_waiters.end()) m_waiters.erase(m_entry);
    }
    Waiting(const Waiting&) = delete;
    Waiting& operator=(const Waiting&) = delete;

  private:
    std::map<std::string, asio::steady_timer*, std::less<>>& m_waiters;
    std::map<std::string, asio::steady_timer*, std::less<>>::iterator m_entry;
  };

  // REST instead of a byte stream: each command is one HTTPS request; its answer waits here,
  // by tag, until wait() takes it. A tag missing from the map was abandoned.
  std::shared_ptr<RestChannel> rest;
  struct RestCall {
    std::string what;
    std::optional<Result<Reply>> reply;
  };
  std::map<std::string, RestCall, std::less<>> rest_calls;
  unsigned rest_next_tag = 0;

  Result<std::string> send_rest(Command command, Deadline deadline, RowHandler on_row) {
    if (mux.error()) return fail(*mux.error());
    auto request = rest_request_for(command);
    if (!request) return fail(std::move(request.error()));
    std::string tag = command.tag().value_or("r" + std::to_string(++rest_next_tag));
    std::string what = request->method + " " + request->target;
    rest_calls[tag] = RestCall{what, std::nullopt};
    std::weak_ptr<Impl> weak = shared_from_this();
    rest->start(std::move(*request), deadline,
                [weak, tag, what, on_row = std::move(on_row)](Result<RestResponse> response) {
                  auto self = weak.lock();
                  if (!self) return;
                  auto it = self->rest_calls.find(tag);
                  if (it == self->rest_calls.end()) return;  // abandoned
                  Result<Reply> reply = response ? rest_reply_from(*response, what)
                                                 : Result<Reply>(fail(response.error()));
                  if (reply && on_row) {
                    for (const Sentence& row : reply->rows) {
                      if (on_row(row) == Flow::stop) {
                        reply->interrupted = true;
                        break;
                      }
                    }
                    reply->rows.clear();
                  }
                  it->second.reply = std::move(reply);
                  if (auto w = self->waiters.find(tag); w != self->waiters.end())
                    w->second->cancel();
                });
    return tag;
  }

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
    if (stream) stream->close();
    if (rest) rest->close();
    wake_all();
  }

  void kick_writer() {
    if (writing || out.empty() || mux.error()) return;
    // Most often the socket takes it all at once: no coroutine, no wait.
    std::error_code ec;
    const std::size_t n = stream->write_ready(out, ec);
    if (ec) {
      wipe(out);
      end(Error(Errc::connection, fmt::format("write to {}: {}", peer, ec.message())));
      return;
    }
    if (n == out.size()) {
      wipe(out);  // see write_loop
      return;
    }
    if (n > 0) {
      std::string left(out, n);
      wipe(out);
      out = std::move(left);
    }
    writing = true;
    asio::co_spawn(executor, write_loop(shared_from_this()), asio::detached);
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<Impl> self) {
    while (!self->out.empty() && !self->mux.error()) {
      self->sending.swap(self->out);
      std::error_code ec;
      co_await self->stream->write_all(self->sending, ec);
      // A login's words carry the password: whether they went out or not, no copy of them stays
      // in memory. The writer does not know which bytes are secret, so it wipes them all.
      wipe(self->sending);
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

  // The buffer a thread's sessions over plain TCP share: each reads into it only between a
  // readiness wait and feeding the multiplexer, with no suspension in between.
  static std::span<char> shared_read_buffer(std::size_t bytes) {
    static thread_local std::vector<char> buffer;
    if (buffer.size() < bytes) buffer.resize(bytes);
    return {buffer.data(), bytes};
  }

  static asio::awaitable<void> read_loop(std::shared_ptr<Impl> self) {
    const bool shared = self->stream->reads_when_ready();
    std::vector<char> own;
    if (!shared) own.resize(self->options.read_buffer_bytes);
    while (!self->mux.error()) {
      std::error_code ec;
      std::span<char> buffer;
      std::size_t n = 0;
      if (shared) {
        co_await self->stream->wait_readable(ec);
        if (self->mux.error()) break;  // closed locally meanwhile
        if (!ec) {
          buffer = shared_read_buffer(self->options.read_buffer_bytes);
          n = self->stream->read_ready(buffer, ec);
          if (!ec && n == 0) continue;  // woken, but nothing there after all
        }
      } else {
        buffer = own;
        n = co_await self->stream->read_some(buffer, ec);
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

std::size_t AsyncSession::pending_count() const {
  if (!m_impl) return 0;
  return m_impl->rest ? m_impl->rest_calls.size() : m_impl->mux.pending_count();
}

asio::awaitable<Result<AsyncSession>> AsyncSession::connect(asio::any_io_executor executor,
                                                            Endpoint endpoint, Deadline deadline,
                                                            AsyncSessionOptions options) {
  if (endpoint.via == Via::rest) {
    // Nothing to connect yet: HTTPS connects (and reuses connections) per request; login()
    // makes the first one.
    auto channel = RestChannel::make(executor, endpoint, {}, {}, {options.max_reply_bytes});
    if (!channel) co_return fail(std::move(channel.error()));
    auto impl = std::make_shared<Impl>(executor, options);
    impl->peer = (*channel)->peer();
    impl->rest = std::move(*channel);
    co_return AsyncSession(std::move(impl));
  }
  auto stream = co_await connect_stream(executor, endpoint, deadline);
  if (!stream) co_return fail(std::move(stream.error()));
  co_return over(std::move(executor), std::move(*stream), format_peer(endpoint), options);
}

AsyncSession AsyncSession::over(asio::any_io_executor executor, std::unique_ptr<ByteStream> stream,
                                std::string peer, AsyncSessionOptions options) {
  auto impl = std::make_shared<Impl>(executor, options);
  impl->peer = std::move(peer);
  impl->stream = std::move(stream);
  asio::co_spawn(executor, Impl::read_loop(impl), asio::detached);
  return AsyncSession(std::move(impl));
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
  if (m_impl->rest) {
    return m_impl->send_rest(std::move(command), deadline_in(m_impl->options.rest_timeout),
                             std::move(on_row));
  }
  auto tag = m_impl->mux.start(std::move(command), m_impl->out, std::move(on_row));
  if (tag) m_impl->kick_writer();
  return tag;
}

asio::awaitable<Result<Reply>> AsyncSession::wait(std::string tag, Deadline deadline) {
  std::shared_ptr<Impl> impl = m_impl;  // the session may be moved or closed while we wait
  if (!impl) co_return fail(Errc::usage, "session was moved from");
  if (impl->waiters.count(tag) != 0) co_return fail(Errc::usage, "tag {} is already awaited", tag);
  if (impl->rest) co_return co_await wait_rest(impl, std::move(tag), deadline);
  asio::steady_timer timer(impl->executor, deadline);
  for (;;) {
    if (impl->mux.is_finished(tag) || !impl->mux.is_pending(tag)) co_return impl->mux.take(tag);
    std::error_code ec;
    {
      const Impl::Waiting waiting(*impl, tag, timer);
      co_await timer.async_wait(redirect_error(use_awaitable, ec));
    }
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

asio::awaitable<Result<Reply>> AsyncSession::wait_rest(std::shared_ptr<Impl> impl, std::string tag,
                                                       Deadline deadline) {
  auto it = impl->rest_calls.find(tag);
  if (it == impl->rest_calls.end()) {
    if (impl->mux.error()) co_return fail(*impl->mux.error());
    co_return fail(Errc::usage, "no command with tag {} is pending", tag);
  }
  asio::steady_timer timer(impl->executor, deadline);
  while (!it->second.reply) {
    std::error_code ec;
    {
      const Impl::Waiting waiting(*impl, tag, timer);
      co_await timer.async_wait(redirect_error(use_awaitable, ec));
    }
    it = impl->rest_calls.find(tag);
    if (it == impl->rest_calls.end()) co_return fail(Errc::cancelled, "{}: closed", impl->peer);
    if (it->second.reply) break;
    const std::string what = it->second.what;
    if (impl->mux.error()) {
      impl->rest_calls.erase(it);
      co_return fail(*impl->mux.error());
    }
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) {
      impl->rest_calls.erase(tag);
      co_return fail(Errc::cancelled, "{}: {} was cancelled", impl->peer, what);
    }
    if (!ec || Clock::now() >= deadline) {
      impl->rest_calls.erase(tag);
      co_return fail(Errc::timeout, "{}: {} timed out", impl->peer, what);
    }
  }
  Result<Reply> out = std::move(*it->second.reply);
  impl->rest_calls.erase(it);
  co_return out;
}

asio::awaitable<Result<Reply>> AsyncSession::call(Command command, Deadline deadline) {
  if (m_impl && m_impl->rest) {
    auto tag = m_impl->send_rest(std::move(command), deadline, {});
    if (!tag) co_return fail(std::move(tag.error()));
    co_return co_await wait(std::move(*tag), deadline);
  }
  auto tag = send(std::move(command));
  if (!tag) co_return fail(std::move(tag.error()));
  co_return co_await wait(std::move(*tag), deadline);
}

asio::awaitable<std::vector<Result<Reply>>> AsyncSession::call_all(std::vector<Command> commands,
                                                                   Deadline deadline) {
  std::vector<Result<std::string>> tags;
  tags.reserve(commands.size());
  for (Command& command : commands) {
    tags.push_back(m_impl && m_impl->rest ? m_impl->send_rest(std::move(command), deadline, {})
                                          : send(std::move(command)));
  }
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
  if (impl->rest) {
    // An HTTP request cannot be stopped half-way on the router: drop its answer.
    if (impl->rest_calls.erase(tag) == 0)
      co_return fail(Errc::usage, "no command with tag {} is pending", tag);
    Reply reply;
    reply.interrupted = true;
    co_return reply;
  }
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
  // This copy of the password is overwritten however the login ends.
  struct WipeOnExit {
    std::string& text;
    ~WipeOnExit() { wipe(text); }
  } wipe_password{password};
  auto refused = [](const Error& error) {
    if (error.category() == Errc::remote)
      return Error(Errc::auth, "login failed: " + error.message());
    return Error(error).with_context("login failed");
  };
  if (m_impl && m_impl->rest) {
    // REST has no login: every request carries the credentials. Check them with a cheap read.
    m_impl->rest->set_credentials(user, password);
    // (Built outside the co_await: GCC 12 rejects a braced list inside one.)
    Command probe("/system/identity/print");
    probe.proplist(std::vector<std::string>{"name"});
    auto identity = co_await call(std::move(probe), deadline);
    if (!identity) {
      if (identity.error().category() == Errc::auth)
        co_return fail(Errc::auth, "login failed: {}", identity.error().message());
      co_return fail(identity.error());
    }
    co_return Status{};
  }
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
