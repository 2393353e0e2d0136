// Shared bits of the ill-sim integration tests.
#pragma once

#include "routeros/sentence.hpp"

#include <string>
#include <vector>

namespace ill::test {

inline std::string attr(const routeros::Sentence& s, std::string_view name) {
  auto v = s.attribute(name);
  return v ? std::string(*v) : std::string("<absent>");
}

inline std::string tag_of(const routeros::Sentence& s) {
  auto t = s.tag();
  return t ? std::string(*t) : std::string();
}

// "!re:t1 !done:t2 ..." for asserting on order.
inline std::string shape(const std::vector<routeros::Sentence>& sentences) {
  std::string out;
  for (const auto& s : sentences) {
    if (!out.empty()) out += ' ';
    out += std::string(s.first());
    if (auto t = s.tag()) out += ":" + std::string(*t);
  }
  return out;
}

inline std::vector<routeros::Sentence> rows(const std::vector<routeros::Sentence>& sentences) {
  std::vector<routeros::Sentence> out;
  for (const auto& s : sentences)
    if (s.reply_kind() == routeros::ReplyKind::re) out.push_back(s);
  return out;
}

// Two routers: gw1 (7.16.2) and gw2 (7.18.2), the same interfaces; a clock fixed at start.
inline const char* k_basic_config = R"(
[sim]
start = "2026-10-01T00:00:00Z"

[[router]]
name = "gw1"
version = "7.16.2"
password = "secret"
uptime = "1h"
  [[router.interface]]
  name = "ether1"
  rx_rate = 8000
  tx_rate = 16000
  comment = "uplink"
  [[router.interface]]
  name = "ether2"
  rx_rate = "10M"
  tx_rate = "2M"
    [[router.interface.down]]
    from = "2026-10-01T01:00:00Z"
    to = "2026-10-01T02:00:00Z"
  [[router.interface]]
  name = "vlan10"
  type = "vlan"
  mtu = 1496
  [[router.ping]]
  address = "10.0.0.1"
  latency_ms = 2.5
  [[router.ping]]
  address = "10.0.0.99"
  loss_pct = 100
  [[router.users]]
  name = "viewer"
  password = "v"
  group = "api-ro"
  [[router.groups]]
  name = "api-ro"
  policy = ["read", "api", "!test", "!write"]

[[router]]
name = "gw2"
version = "7.18.2"
password = "secret"
  [[router.interface]]
  name = "ether1"

[[router]]
name = "old"
version = "6.49.10"
password = "secret"
  [[router.ping]]
  address = "10.0.0.1"
  latency_ms = 2.5

[[router]]
name = "legacy"
version = "6.40.5"
password = "test"
)";

}  // namespace ill::test
