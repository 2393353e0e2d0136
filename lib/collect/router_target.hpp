// From a router and its links in the store to what a poll needs: where to connect, and what to
// ask. Used by illd for every session and by `illctl poll ROUTER`.
#pragma once

#include "collect/router_poll.hpp"
#include "core/result.hpp"
#include "core/wipe.hpp"
#include "routeros/endpoint.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/secret_box.hpp"

#include <vector>

namespace ill::collect {

// Where and how to connect. For an ssh router the SSH leg is filled in from its settings, the
// secrets (the password also serves password authentication; the passphrase opens the key) and
// the known_hosts file: the SSH server is the jump host when there is one (the channel then
// leads to the router's host and port), else the router (the channel leads to 127.0.0.1:port).
struct SshSecrets {
  ~SshSecrets() {  // overwritten when they go (core/wipe.hpp)
    wipe(password);
    wipe(passphrase);
  }
  std::string password;
  std::string passphrase;
  std::string known_hosts;
};
routeros::Endpoint endpoint_of(const store::Router& router, const SshSecrets& ssh = {});

// The router's stored password, opened: the one place illd, `illctl poll` and `illctl router
// test` do it. No stored password is an empty secret (a router may accept an empty one); a
// sealed password the key cannot open is Errc::config naming the router and the likely cause.
Result<store::Secret> router_password(const store::Router& router, const store::SecretBox& box);

// The passphrase of the router's SSH key, opened; empty when none is stored.
Result<store::Secret> router_ssh_passphrase(const store::Router& router,
                                            const store::SecretBox& box);

// What `illctl poll`, `router test` and `router trust` need to reach a router: its endpoint with
// the SSH leg complete, and its password for the API login. `box` may be null when the router
// has no sealed secret.
struct RouterAccess {
  routeros::Endpoint endpoint;
  store::Secret password;
};
Result<RouterAccess> router_access(const store::Router& router, const store::SecretBox* box,
                                   const std::string& known_hosts);

// The link interfaces (by query, so one print covers them) and their probe targets, once each.
PollPlan plan_for(const std::vector<store::Link>& links, unsigned ping_count,
                  std::chrono::milliseconds ping_interval);

}  // namespace ill::collect
