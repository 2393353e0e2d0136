// An asynchronous RouterOS API session on standalone Asio with C++20 coroutines, for the daemon:
// one logged-in connection, tagged commands in flight together, a deadline on every operation,
// and no thread of its own. A session is a socket, a decoder, a read buffer (over plain TCP, one
// shared by the thread's sessions: see ByteStream::reads_when_ready) and a map of
// pending commands, so one io_context thread can hold thousands.
//
//   auto session = co_await AsyncSession::open(executor, endpoint, user, password,
//                                              deadline_in(10s));
//   if (!session) ...;
//   // Each poll: three commands on the wire at once, all awaited against one deadline.
//   std::vector<Command> poll{Command("/interface/print").proplist(...),
//                             Command("/system/resource/print"),
//                             Command("/ping").attr("address", probe).attr("count", "3")};
//   auto replies = co_await session->call_all(std::move(poll), deadline_in(5s));
//   for (auto& reply : replies) if (!reply) ...;  // one Result per command, in order
//
// (GCC 12 rejects a braced list of class objects inside a co_await expression with "array used
// as initializer"; build the vector in a variable first, as above.)
//
// Threading: a session's operations must run on one thread, or on a strand passed as the
// executor. `illctl` runs the same session on a local io_context (see run_local.hpp).
//
// The same session speaks RouterOS 7's REST API over HTTPS when the endpoint says Via::rest:
// each command becomes one request (rest_mapping.hpp) and its JSON the same Reply, so callers
// do not change. /cancel has no REST equivalent: cancel() drops the answer.
//
// Errors: Errc::unreachable (resolve, connect, TLS), Errc::timeout (a deadline passed; the
// session stays usable), Errc::connection (closed, !fatal), Errc::remote (!trap), Errc::auth
// (login refused), Errc::protocol (garbage), Errc::cancelled (the session was closed or an
// awaiting coroutine cancelled through Asio's cancellation slots).
#pragma once

#include "core/result.hpp"
#include "routeros/byte_stream.hpp"
#include "routeros/command.hpp"
#include "routeros/deadline.hpp"
#include "routeros/decoder.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/multiplexer.hpp"
#include "routeros/reply.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ill::routeros {

struct AsyncSessionOptions {
  DecoderLimits limits;
  // Bytes read per system call: the session's own buffer over TLS and SSH, the thread's shared
  // one over plain TCP; the only read buffer besides the pending replies.
  std::size_t read_buffer_bytes = 8 * 1024;
  // REST: the largest answer accepted for one command, and the time a command sent with send()
  // (no deadline of its own) may take.
  std::size_t max_reply_bytes = 64 * 1024 * 1024;
  std::chrono::seconds rest_timeout{60};
};

class AsyncSession {
public:
  // Connects over TCP or TLS before the deadline and starts reading. Does not log in.
  static asio::awaitable<Result<AsyncSession>> connect(asio::any_io_executor executor,
                                                       Endpoint endpoint, Deadline deadline,
                                                       AsyncSessionOptions options = {});
  // A session over a stream already connected (an SSH channel, a fake in tests); starts reading.
  static AsyncSession over(asio::any_io_executor executor, std::unique_ptr<ByteStream> stream,
                           std::string peer, AsyncSessionOptions options = {});
  // connect() then login(), all before the one deadline.
  static asio::awaitable<Result<AsyncSession>> open(asio::any_io_executor executor,
                                                    Endpoint endpoint, std::string user,
                                                    std::string password, Deadline deadline,
                                                    AsyncSessionOptions options = {});

  AsyncSession(AsyncSession&&) noexcept;
  AsyncSession& operator=(AsyncSession&&) noexcept;
  // Closes the connection; operations still waiting end with Errc::cancelled.
  ~AsyncSession();

  // Plain login, or the MD5 challenge when the router answers with =ret= (before 6.43).
  asio::awaitable<Status> login(std::string user, std::string password, Deadline deadline);

  // Sends the command and awaits its reply (rows until !done; !trap is Errc::remote).
  asio::awaitable<Result<Reply>> call(Command command, Deadline deadline);
  // Sends every command at once (each tagged) and awaits all; one Result per command, in order.
  asio::awaitable<std::vector<Result<Reply>>> call_all(std::vector<Command> commands,
                                                       Deadline deadline);

  // Queues the command for writing and returns its tag at once. With `on_row`, rows are handed
  // over as they arrive; returning Flow::stop from it cancels the command.
  Result<std::string> send(Command command, RowHandler on_row = {});
  // Awaits the end of a sent command. On a timeout the command is abandoned and cancelled on
  // the router; the session stays usable.
  asio::awaitable<Result<Reply>> wait(std::string tag, Deadline deadline);
  // Sends /cancel for `tag` and awaits both the /cancel and the command (its reply, interrupted).
  asio::awaitable<Result<Reply>> cancel(std::string tag, Deadline deadline);

  bool is_open() const;
  // Closes the connection now; pending operations end with Errc::cancelled.
  void close();
  std::string peer() const;
  // Commands sent and not yet finished or taken.
  std::size_t pending_count() const;

  struct Impl;

private:
  static asio::awaitable<Result<Reply>> wait_rest(std::shared_ptr<Impl> impl, std::string tag,
                                                  Deadline deadline);
  explicit AsyncSession(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> m_impl;
};

}  // namespace ill::routeros
