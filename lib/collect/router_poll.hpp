// One poll of one router: which commands it sends and what their replies mean. The same plan and
// the same parsing serve `illctl poll` (blocking client) and illd (asynchronous client), so what
// a sysadmin sees by hand is what the daemon stores.
#pragma once

#include "core/result.hpp"
#include "routeros/client.hpp"
#include "routeros/command.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/reply.hpp"
#include "routeros/transport.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::collect {

struct RouterInfo {
  std::string identity;
  std::string version;  // "7.16.2 (stable)"
  std::string board;
  std::string cpu;           // "ARM64"
  std::string architecture;  // "arm64"
  std::optional<std::chrono::seconds> uptime;
  std::optional<double> cpu_load_pct;
  std::optional<std::uint64_t> free_memory;
  std::optional<std::uint64_t> total_memory;
};

struct InterfaceStats {
  std::string name;
  std::string type;
  std::string comment;  // raw bytes as the router stores them
  bool running = false;
  bool disabled = false;
  std::uint64_t rx_bytes = 0, tx_bytes = 0;
  std::uint64_t rx_packets = 0, tx_packets = 0;
  std::uint64_t rx_errors = 0, tx_errors = 0;
  std::uint64_t rx_drops = 0, tx_drops = 0;
  std::uint64_t link_downs = 0;
  std::optional<double> rx_bps, tx_bps;  // from /interface/monitor-traffic, when asked
};

struct PingSummary {
  std::string address;
  unsigned sent = 0;
  unsigned received = 0;
  double loss_pct = 100;
  std::optional<double> min_ms, avg_ms, max_ms;  // none when nothing came back
};

struct RouterPoll {
  std::chrono::system_clock::time_point at;  // when the poll started
  std::chrono::milliseconds duration{0};
  RouterInfo router;
  std::vector<InterfaceStats> interfaces;
  std::vector<PingSummary> pings;  // in the order of PollPlan::ping_targets
  // Interfaces the plan asked for that the router does not have.
  std::vector<std::string> missing_interfaces;
};

struct PollPlan {
  std::vector<std::string> interfaces;  // empty: every interface
  bool monitor_traffic = true;          // current rates from /interface/monitor-traffic =once=
  bool identity = true;                 // /system/identity/print (the daemon asks once per session)
  std::vector<std::string> ping_targets;
  unsigned ping_count = 3;
  std::chrono::milliseconds ping_interval{1000};
};

// The commands of a poll.
routeros::Command resource_command();
routeros::Command identity_command();
routeros::Command interface_command(const std::vector<std::string>& names);
routeros::Command monitor_command(const std::vector<std::string>& names);
routeros::Command ping_command(const std::string& address, unsigned count,
                               std::chrono::milliseconds interval);

// What the replies mean. Malformed values are Errc::protocol naming the field.
Result<RouterInfo> parse_resource(const routeros::Reply& reply);
std::string parse_identity(const routeros::Reply& reply);
Result<std::vector<InterfaceStats>> parse_interfaces(const routeros::Reply& reply);
Status apply_monitor(const routeros::Reply& reply, std::vector<InterfaceStats>& interfaces);
Result<PingSummary> parse_ping(const std::string& address, const routeros::Reply& reply);

// The commands of one poll, sent together: /system/resource/print, the identity when the plan
// asks for it, one /interface/print for the plan's interfaces, then one /ping per target.
std::vector<routeros::Command> poll_commands(const PollPlan& plan);
// What the replies to poll_commands(plan), in the same order, say. The first failed or
// malformed reply fails the poll, named by its command. Interfaces the router lacks are listed
// in `missing_interfaces`; `at` and `duration` are left for the caller.
Result<RouterPoll> read_poll(const PollPlan& plan, std::vector<Result<routeros::Reply>>& replies);

// The whole poll over a logged-in blocking client: the commands go out together, tagged, and
// are read back as they complete. Interfaces named in the plan but missing on the router are an
// Errc::not_found error naming them.
Result<RouterPoll> poll_router(routeros::Client& client, const PollPlan& plan,
                               routeros::Deadline deadline);

}  // namespace ill::collect

namespace ill::collect {

// Connects and logs in, with the router's address in every error ("router 127.0.0.1:8728: ...").
// Connection failures are Errc::unreachable or Errc::timeout, a refused login Errc::auth.
Result<routeros::Client> connect_and_login(const routeros::Endpoint& endpoint,
                                           std::string_view user, std::string_view password,
                                           routeros::Deadline deadline);

}  // namespace ill::collect
