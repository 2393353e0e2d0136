// One poll of one router over the daemon's asynchronous session: the same commands and the same
// reading of the replies as `illctl poll` (router_poll.hpp), sent together with tags and awaited
// against one deadline.
#pragma once

#include "collect/router_poll.hpp"
#include "core/result.hpp"
#include "routeros/async_session.hpp"

#include <asio/awaitable.hpp>

namespace ill::collect {

// Interfaces the router lacks are listed in RouterPoll::missing_interfaces rather than failing
// the poll, so one renamed interface does not blind the daemon to the router's other links.
asio::awaitable<Result<RouterPoll>> poll_router_async(routeros::AsyncSession& session,
                                                      const PollPlan& plan,
                                                      routeros::Deadline deadline);

}  // namespace ill::collect
