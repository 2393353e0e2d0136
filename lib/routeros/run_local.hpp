// Runs one coroutine to its end on a private io_context in the calling thread: how `illctl` and
// tests drive the daemon's AsyncSession, so there is one RouterOS client, not a blocking twin.
//
//   auto poll = routeros::run_local([&](asio::any_io_executor ex) -> asio::awaitable<R> {
//     auto session = co_await AsyncSession::open(ex, endpoint, user, password, deadline);
//     ...
//   });
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>
#include <optional>
#include <utility>

namespace ill::routeros {

// `body(executor)` returns asio::awaitable<T>; run_local returns its T. An exception thrown by
// the coroutine is rethrown here. Every deadline lives inside the coroutine, so this returns.
template <typename Body>
auto run_local(Body&& body) {
  using Awaitable = decltype(body(std::declval<asio::any_io_executor>()));
  using T = typename Awaitable::value_type;
  asio::io_context io;
  std::optional<T> out;
  std::exception_ptr failure;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { out.emplace(co_await body(io.get_executor())); },
      [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

}  // namespace ill::routeros
