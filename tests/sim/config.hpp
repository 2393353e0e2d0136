// ill-sim's configuration: the routers it serves and the links history mode writes, read from a
// TOML file (format in tests/sim/README.md) into typed structs. Every problem is reported as
// `FILE:LINE: KEY: problem`.
#pragma once

#include "core/result.hpp"
#include "sim/schedule.hpp"
#include "sim/sim_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::sim {

struct RouterOsVersion {
  int major = 7, minor = 16, patch = 2;
  std::string text = "7.16.2";

  static Result<RouterOsVersion> parse(std::string_view text);
  bool at_least(int ma, int mi, int pa = 0) const;
  // Reply styles the version implies.
  bool sends_empty() const { return at_least(7, 18); }  // !empty instead of zero rows
  DateStyle date_style() const { return at_least(7, 10) ? DateStyle::iso : DateStyle::legacy; }
  PingTimeStyle ping_style() const {
    return major >= 7 ? PingTimeStyle::v7_us : PingTimeStyle::v6_ms;
  }
};

enum class Transport { api, api_ssl };
enum class TlsMode { certificate, anonymous };
enum class LoginStyle { modern, legacy };
enum class UnreachableMode { stall, refuse };
enum class Fault { none, garbage, stall, huge_length, close_after_login, fatal, control_byte };

std::string_view to_string(Transport transport);
std::string_view to_string(Fault fault);
std::optional<Fault> parse_fault(std::string_view text);

struct InterfaceConfig {
  std::string name;
  std::string type = "ether";
  std::string comment;
  std::string mac_address;  // derived from router and index when empty
  double rx_bps = 0;        // mean rates, bit/s, as seen by the router
  double tx_bps = 0;
  double variation = 0;  // 0..1: rate swings by this fraction (a sine wave)
  DurationMs variation_period = 10 * k_minute;
  double packet_size = 800;  // mean bytes per packet
  double error_ratio = 0;    // errors per packet
  double drop_ratio = 0;     // drops per packet
  int mtu = 1500;
  bool disabled = false;
  Schedule down;  // when the link is down (not running, counters stop)
};

struct PingWindowConfig {
  Window window;
  std::optional<double> latency_ms, jitter_ms, loss_pct;
};

struct PingTargetConfig {
  std::string address;
  double latency_ms = 1;
  double jitter_ms = 0;
  double loss_pct = 0;  // 100 = unreachable
  std::string via;      // interface: 100% loss while it is down
  std::vector<PingWindowConfig> windows;
};

struct UserConfig {
  std::string name, password, group = "full", comment;
};

struct GroupConfig {
  std::string name;
  std::vector<std::string> policy;  // e.g. {"read", "api", "test", "!write"}
};

struct NetwatchConfig {
  std::string host, comment;
  DurationMs interval = 10 * k_second;
  DurationMs timeout = 3 * k_second;
};

struct RouterConfig {
  std::string name;
  std::string identity;
  std::string address = "127.0.0.1";
  int port = 0;
  Transport transport = Transport::api;
  TlsMode tls = TlsMode::certificate;
  std::string cert_file, key_file;  // empty: a throwaway self-signed certificate
  bool tls_only_12 = false;
  // Also serve RouterOS 7's REST API over HTTPS (needs cert_file and key_file), on a port of its
  // own; `rest_fault` breaks it on purpose: none, html, redirect, truncated, huge, unauthorized.
  bool rest = false;
  std::string rest_fault = "none";
  RouterOsVersion version;
  LoginStyle login = LoginStyle::modern;
  int max_sessions = 20;
  DurationMs uptime = 3 * k_day + 4 * k_hour;  // at the simulator's start
  double cpu_load = 3, cpu_load_jitter = 2;    // percent
  std::uint64_t total_memory = 1024ull * 1024 * 1024;
  std::uint64_t free_memory = 800ull * 1024 * 1024;
  std::string board_name = "CCR2004-16G-2S+";
  std::string architecture = "arm64";
  std::string cpu = "ARM64";
  int cpu_count = 4;
  int cpu_frequency = 1700;
  UnreachableMode unreachable_mode = UnreachableMode::stall;
  Fault fault = Fault::none;
  std::string fatal_reason = "simulated failure";
  std::vector<UserConfig> users;  // users[0] is the `user`/`password` login
  std::vector<GroupConfig> groups;
  std::vector<InterfaceConfig> interfaces;
  std::vector<PingTargetConfig> pings;
  std::vector<NetwatchConfig> netwatch;
  Schedule unreachable;
  Schedule reboots;  // each occurrence is the reboot itself; the router boots at its end
  int line = 0;
};

struct LinkConfig {
  std::string name, router, interface, target;
  int probes = 5;  // pings per history row
};

struct SimConfig {
  std::string path;
  std::uint64_t seed = 1;
  std::optional<TimeMs> start;  // the virtual clock starts here instead of now
  std::vector<RouterConfig> routers;
  std::vector<LinkConfig> links;
};

Result<SimConfig> load_config(const std::string& path);
Result<SimConfig> parse_config(std::string_view text, const std::string& source_name);

// The RouterOS default groups (read, write, full) with their policies.
std::vector<GroupConfig> default_groups();

}  // namespace ill::sim
