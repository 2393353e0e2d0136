// One poll of one router over routeros::AsyncSession: the same commands and the same reading of
// the replies for illd and `illctl poll` (router_poll.hpp), sent together with tags and awaited
// against one deadline. illctl runs these on a local io_context (routeros/run_local.hpp).
#pragma once

#include "collect/router_poll.hpp"
#include "core/result.hpp"
#include "routeros/async_session.hpp"

#include <asio/awaitable.hpp>

#include <string>

namespace ill::collect {

// Interfaces the router lacks are listed in RouterPoll::missing_interfaces rather than failing
// the poll, so one renamed interface does not blind the daemon to the router's other links.
asio::awaitable<Result<RouterPoll>> poll_router_async(routeros::AsyncSession& session,
                                                      const PollPlan& plan,
                                                      routeros::Deadline deadline);

// The poll a person asks for (`illctl poll`): as above, but interfaces named in the plan and
// missing on the router are Errc::not_found naming them, and current rates come from one
// /interface/monitor-traffic =once= when the plan asks for them.
asio::awaitable<Result<RouterPoll>> poll_router_now(routeros::AsyncSession& session,
                                                    const PollPlan& plan,
                                                    routeros::Deadline deadline);

// Connects and logs in, with the router's address in every error ("router 127.0.0.1:8728: ...").
// Connection failures are Errc::unreachable or Errc::timeout, a refused login Errc::auth.
asio::awaitable<Result<routeros::AsyncSession>> open_router_session(asio::any_io_executor executor,
                                                                    routeros::Endpoint endpoint,
                                                                    std::string user,
                                                                    std::string password,
                                                                    routeros::Deadline deadline);

}  // namespace ill::collect
