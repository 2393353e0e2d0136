#include "collect/async_poll.hpp"

namespace ill::collect {

asio::awaitable<Result<RouterPoll>> poll_router_async(routeros::AsyncSession& session,
                                                      const PollPlan& plan,
                                                      routeros::Deadline deadline) {
  auto at = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();
  std::vector<routeros::Command> commands = poll_commands(plan);
  std::vector<Result<routeros::Reply>> replies =
      co_await session.call_all(std::move(commands), deadline);
  auto poll = read_poll(plan, replies);
  if (!poll) co_return poll;
  poll->at = at;
  poll->duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  co_return poll;
}

}  // namespace ill::collect
