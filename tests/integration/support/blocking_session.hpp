// Tests only: routeros::AsyncSession driven step by step from a test's thread, so a test can
// send, wait and cancel one call at a time against a scripted server. Each call runs the
// session's private io_context until that call's coroutine ends (every call has a deadline).
#pragma once

#include "routeros/async_session.hpp"

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace ill::test {

class BlockingSession {
public:
  static Result<BlockingSession> connect(const routeros::Endpoint& endpoint,
                                         routeros::Deadline deadline) {
    BlockingSession out;
    auto session =
        out.drive(routeros::AsyncSession::connect(out.m_io->get_executor(), endpoint, deadline));
    if (!session) return fail(std::move(session.error()));
    out.m_session.emplace(std::move(*session));
    return out;
  }
  // Over any stream (a fake in tests), on this object's io_context.
  template <typename MakeStream>
  static BlockingSession over(MakeStream make_stream) {
    BlockingSession out;
    out.m_session.emplace(routeros::AsyncSession::over(
        out.m_io->get_executor(), make_stream(out.m_io->get_executor()), "fake"));
    return out;
  }

  BlockingSession(BlockingSession&&) noexcept = default;
  BlockingSession& operator=(BlockingSession&&) noexcept = default;
  ~BlockingSession() {
    if (m_io) close();
  }

  Status login(std::string user, std::string password, routeros::Deadline deadline) {
    return drive(m_session->login(std::move(user), std::move(password), deadline));
  }
  Result<routeros::Reply> call(routeros::Command command, routeros::Deadline deadline) {
    return drive(m_session->call(std::move(command), deadline));
  }
  Result<std::string> send(routeros::Command command, routeros::Deadline,
                           routeros::RowHandler on_row = {}) {
    auto tag = m_session->send(std::move(command), std::move(on_row));
    m_io->restart();
    m_io->poll();  // let the writer start
    return tag;
  }
  Result<routeros::Reply> wait(std::string_view tag, routeros::Deadline deadline) {
    return drive(m_session->wait(std::string(tag), deadline));
  }
  Result<routeros::Reply> stream(routeros::Command command, routeros::RowHandler on_row,
                                 routeros::Deadline deadline) {
    auto tag = send(std::move(command), deadline, std::move(on_row));
    if (!tag) return fail(std::move(tag.error()));
    return wait(*tag, deadline);
  }
  Result<routeros::Reply> cancel(std::string_view tag, routeros::Deadline deadline) {
    return drive(m_session->cancel(std::string(tag), deadline));
  }
  bool is_open() const { return m_session && m_session->is_open(); }
  void close() {
    if (m_session) m_session->close();
    m_io->restart();
    m_io->poll();  // let the reader and writer see the end
  }
  std::string peer() const { return m_session ? m_session->peer() : std::string(); }

private:
  BlockingSession() : m_io(std::make_unique<asio::io_context>()) {}

  template <typename T>
  T drive(asio::awaitable<T> work) {
    std::optional<T> out;
    std::exception_ptr failure;
    bool done = false;
    m_io->restart();
    asio::co_spawn(
        *m_io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(work)); },
        [&](std::exception_ptr e) {
          failure = e;
          done = true;
        });
    // Until the completion handler ran, not only the work: it writes to this frame, and left
    // queued it would write there after drive() returned (into whatever runs the io_context
    // next, e.g. close()'s poll()).
    while (!done) m_io->run_one();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }

  std::unique_ptr<asio::io_context> m_io;
  std::optional<routeros::AsyncSession> m_session;
};

}  // namespace ill::test
