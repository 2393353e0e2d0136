// One poll of one router: which commands it sends and what their replies mean. The same plan and
// the same parsing serve `illctl poll` and illd (both over routeros::AsyncSession, see
// async_poll.hpp), so what a sysadmin sees by hand is what the daemon stores.
#pragma once

#include "core/result.hpp"
#include "routeros/command.hpp"
#include "routeros/deadline.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/reply.hpp"

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

}  // namespace ill::collect
