#include "collect/async_poll.hpp"

#include <fmt/format.h>

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

asio::awaitable<Result<RouterPoll>> poll_router_now(routeros::AsyncSession& session,
                                                    const PollPlan& plan,
                                                    routeros::Deadline deadline) {
  auto started = std::chrono::steady_clock::now();
  auto poll = co_await poll_router_async(session, plan, deadline);
  if (!poll) co_return poll;
  if (!poll->missing_interfaces.empty()) {
    co_return fail(Errc::not_found, "no interface named {} on the router",
                   fmt::join(poll->missing_interfaces, ", "));
  }
  if (plan.monitor_traffic && !poll->interfaces.empty()) {
    std::vector<std::string> names;
    for (const auto& s : poll->interfaces) {
      if (!s.disabled) names.push_back(s.name);
    }
    if (!names.empty()) {
      auto monitor = co_await session.call(monitor_command(names), deadline);
      if (!monitor)
        co_return fail(std::move(monitor.error()).with_context("/interface/monitor-traffic"));
      if (auto ok = apply_monitor(*monitor, poll->interfaces); !ok)
        co_return fail(std::move(ok.error()).with_context("/interface/monitor-traffic"));
    }
  }
  poll->duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  co_return poll;
}

asio::awaitable<Result<routeros::AsyncSession>> open_router_session(asio::any_io_executor executor,
                                                                    routeros::Endpoint endpoint,
                                                                    std::string user,
                                                                    std::string password,
                                                                    routeros::Deadline deadline) {
  const std::string where = fmt::format("router {}:{}", endpoint.host, endpoint.effective_port());
  auto session =
      co_await routeros::AsyncSession::connect(std::move(executor), std::move(endpoint), deadline);
  if (!session) co_return fail(std::move(session.error()).with_context(where));
  auto login = co_await session->login(user, std::move(password), deadline);
  if (!login) co_return fail(std::move(login.error()).with_context(where + ": login as " + user));
  co_return session;
}

}  // namespace ill::collect
