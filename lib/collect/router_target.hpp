// From a router and its links in the store to what a poll needs: where to connect, and what to
// ask. Used by illd for every session and by `illctl poll ROUTER`.
#pragma once

#include "collect/router_poll.hpp"
#include "core/result.hpp"
#include "routeros/endpoint.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/secret_box.hpp"

#include <vector>

namespace ill::collect {

routeros::Endpoint endpoint_of(const store::Router& router);

// The router's stored password, opened: the one place illd, `illctl poll` and `illctl router
// test` do it. No stored password is an empty secret (a router may accept an empty one); a
// sealed password the key cannot open is Errc::config naming the router and the likely cause.
Result<store::Secret> router_password(const store::Router& router, const store::SecretBox& box);

// The link interfaces (by query, so one print covers them) and their probe targets, once each.
PollPlan plan_for(const std::vector<store::Link>& links, unsigned ping_count,
                  std::chrono::milliseconds ping_interval);

}  // namespace ill::collect
