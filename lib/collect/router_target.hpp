// From a router and its links in the store to what a poll needs: where to connect, and what to
// ask. Used by illd for every session and by `illctl poll ROUTER`.
#pragma once

#include "collect/router_poll.hpp"
#include "routeros/endpoint.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <vector>

namespace ill::collect {

routeros::Endpoint endpoint_of(const store::Router& router);

// The link interfaces (by query, so one print covers them) and their probe targets, once each.
PollPlan plan_for(const std::vector<store::Link>& links, unsigned ping_count,
                  std::chrono::milliseconds ping_interval);

}  // namespace ill::collect
