#include "collect/router_target.hpp"

#include <algorithm>

namespace ill::collect {

routeros::Endpoint endpoint_of(const store::Router& router) {
  routeros::Endpoint e;
  e.host = router.host;
  e.port = static_cast<std::uint16_t>(router.port);
  e.tls = router.transport == store::Transport::api_ssl ? routeros::Tls::on : routeros::Tls::off;
  switch (router.transport) {
  case store::Transport::api:
  case store::Transport::api_ssl: e.via = routeros::Via::api; break;
  case store::Transport::rest: e.via = routeros::Via::rest; break;
  case store::Transport::ssh: e.via = routeros::Via::ssh; break;
  }
  switch (router.tls_verify) {
  case store::TlsVerify::full: e.tls_options.verify = routeros::TlsVerify::full; break;
  case store::TlsVerify::none: e.tls_options.verify = routeros::TlsVerify::none; break;
  case store::TlsVerify::adh: e.tls_options.verify = routeros::TlsVerify::adh; break;
  }
  if (router.ca_file) e.tls_options.ca_file = *router.ca_file;
  return e;
}

Result<store::Secret> router_password(const store::Router& router, const store::SecretBox& box) {
  if (!router.sealed_secret) return store::Secret("");
  auto secret = box.open(*router.sealed_secret);
  if (!secret) {
    return fail(std::move(secret.error())
                    .with_context("the stored password of router " + router.name +
                                  " (was the key file replaced?)"));
  }
  return std::move(*secret);
}

PollPlan plan_for(const std::vector<store::Link>& links, unsigned ping_count,
                  std::chrono::milliseconds ping_interval) {
  PollPlan plan;
  plan.ping_count = ping_count;
  plan.ping_interval = ping_interval;
  auto add_once = [](std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
  };
  for (const auto& link : links) {
    add_once(plan.interfaces, link.interface);
    if (link.probe_target && !link.probe_target->empty())
      add_once(plan.ping_targets, *link.probe_target);
  }
  return plan;
}

}  // namespace ill::collect
