// `illctl router test`: what a router is and what its API user may do, read over the same
// session illd uses. The recommended setup is a read-only API group; anything more is reported.
#pragma once

#include "collect/router_poll.hpp"
#include "core/result.hpp"
#include "routeros/async_session.hpp"
#include "store/link_repository.hpp"

#include <asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::collect {

// Where a connection attempt stopped, for `router test` to name: "dns", "tcp", "tls",
// "ssh handshake", "ssh host key", "ssh auth", "ssh channel open", "api login", or "api" for a
// failure after login.
std::string_view failed_step(const Error& error);

// The policies a group's `policy` text grants ("read,test,!write" grants read and test).
std::vector<std::string> granted_policies(std::string_view policy_text);
// Of those, the ones that let a user change the router or read its secrets.
std::vector<std::string> more_than_read(const std::vector<std::string>& policies);

struct LinkCheck {
  std::string link;
  std::string interface;
  const InterfaceStats* found = nullptr;  // into RouterCheck::interfaces
};

struct RouterCheck {
  RouterInfo info;
  std::vector<InterfaceStats> interfaces;
  std::optional<std::string> group;                  // unknown when /user is not readable
  std::optional<std::vector<std::string>> policies;  // granted by that group
  std::optional<bool> read_only;
  std::vector<std::string> extra_rights;  // policies beyond reading
  std::vector<LinkCheck> links;
};

// Reads resource, identity, interfaces and the user's group over a logged-in session, each call
// with its own `timeout`.
asio::awaitable<Result<RouterCheck>> check_router(routeros::AsyncSession& session, std::string user,
                                                  const std::vector<store::Link>& links,
                                                  std::chrono::steady_clock::duration timeout);

}  // namespace ill::collect
