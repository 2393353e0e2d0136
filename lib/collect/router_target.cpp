#include "collect/router_target.hpp"

#include "inventory/validation.hpp"

#include <algorithm>

namespace ill::collect {

routeros::Endpoint endpoint_of(const store::Router& router, const SshSecrets& ssh) {
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
  if (e.via == routeros::Via::ssh) {
    auto& o = e.ssh;
    o.user = router.ssh_user.value_or(router.username);
    o.key_file = router.ssh_key_file.value_or("");
    o.password = ssh.password;
    o.passphrase = ssh.passphrase;
    o.known_hosts = ssh.known_hosts;
    std::optional<inventory::JumpHost> jump;
    if (router.ssh_jump_host) jump = inventory::parse_jump_host(*router.ssh_jump_host);
    if (jump) {
      o.host = jump->host;
      o.port = static_cast<std::uint16_t>(jump->port);
      if (!jump->user.empty()) o.user = jump->user;
      o.target_host = router.host;
    } else {
      o.host = router.host;
      o.port = static_cast<std::uint16_t>(router.ssh_port.value_or(22));
      o.target_host = "127.0.0.1";
    }
  }
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

Result<store::Secret> router_ssh_passphrase(const store::Router& router,
                                            const store::SecretBox& box) {
  if (!router.sealed_ssh_passphrase) return store::Secret("");
  auto secret = box.open(*router.sealed_ssh_passphrase);
  if (!secret) {
    return fail(std::move(secret.error())
                    .with_context("the stored SSH key passphrase of router " + router.name +
                                  " (was the key file replaced?)"));
  }
  return std::move(*secret);
}

Result<RouterAccess> router_access(const store::Router& router, const store::SecretBox* box,
                                   const std::string& known_hosts) {
  RouterAccess out;
  if ((router.sealed_secret || router.sealed_ssh_passphrase) && !box)
    return fail(Errc::internal, "router {}: no secret box to open its secrets", router.name);
  if (router.sealed_secret) {
    auto password = router_password(router, *box);
    if (!password) return fail(std::move(password.error()));
    out.password = std::move(*password);
  }
  SshSecrets ssh{std::string(out.password.reveal()), {}, known_hosts};
  if (router.sealed_ssh_passphrase) {
    auto passphrase = router_ssh_passphrase(router, *box);
    if (!passphrase) return fail(std::move(passphrase.error()));
    ssh.passphrase = std::string(passphrase->reveal());
  }
  out.endpoint = endpoint_of(router, ssh);
  return out;
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
