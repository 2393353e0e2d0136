// The simulated edge most daemon tests poll: pe1 with two links at steady rates (no variation,
// so a rate can be checked exactly) and probe targets that always answer (10.0.0.2 only while
// ether2 runs), and pe2 on another loopback address with one interface at 4 Mbit/s.
#pragma once

namespace ill::test {

inline constexpr const char* k_edge_sim = R"([[router]]
name = "pe1"
user = "monitor"
password = "s3cret"
  [[router.interface]]
  name = "ether1"
  rx_rate = "8M"
  tx_rate = "2M"
  variation = 0
  [[router.interface]]
  name = "ether2"
  rx_rate = "1M"
  tx_rate = "1M"
  variation = 0
  [[router.ping]]
  address = "10.0.0.1"
  latency_ms = 3
  jitter_ms = 0
  loss_pct = 0
  [[router.ping]]
  address = "10.0.0.2"
  latency_ms = 5
  jitter_ms = 0
  loss_pct = 0
  via = "ether2"
[[router]]
name = "pe2"
address = "127.0.0.2"
user = "monitor"
password = "s3cret"
  [[router.interface]]
  name = "ether1"
  rx_rate = "4M"
  variation = 0
)";

// Both routers in the inventory: acme-1 and acme-2 on pe1 (with probe targets), acme-3 on pe2.
inline constexpr const char* k_edge_inventory = R"([routers]
name,host,port,user
pe1,127.0.0.1,{port:pe1},monitor
pe2,127.0.0.2,{port:pe2},monitor
[clients]
name
acme
[links]
name,client,router,interface,committed_mbps,probe_target
acme-1,acme,pe1,ether1,10,10.0.0.1
acme-2,acme,pe1,ether2,10,10.0.0.2
acme-3,acme,pe2,ether1,10,
)";

}  // namespace ill::test
