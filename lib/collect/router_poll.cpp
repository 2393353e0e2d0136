#include "collect/router_poll.hpp"

#include "routeros/display_text.hpp"
#include "routeros/query.hpp"
#include "routeros/value_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace ill::collect {
namespace {

using routeros::Command;
using routeros::Reply;
using routeros::Sentence;

const std::vector<std::string> k_interface_fields = {
    "name",      "type",      "comment",  "running",  "disabled", "rx-byte", "tx-byte",
    "rx-packet", "tx-packet", "rx-error", "tx-error", "rx-drop",  "tx-drop", "link-downs"};

// Values and interface names come from the router: printable and cut short before they reach an
// error (and so logs, last_error and /metrics), like every other router text.
constexpr std::size_t k_value_bytes = 64;

Status field_error(std::string_view field, std::string_view value, const Error& why) {
  return fail(Errc::protocol, "field '{}' = '{}': {}", field,
              routeros::router_text(value, k_value_bytes), routeros::router_text(why.message()));
}

std::string interface_context(std::string_view name) {
  return "interface " + routeros::router_text(name, k_value_bytes);
}

Result<std::uint64_t> u64_field(const Sentence& row, std::string_view field) {
  auto value = row.attribute(field);
  if (!value || value->empty()) return std::uint64_t{0};
  auto parsed = routeros::parse_u64(*value);
  if (!parsed) return fail(field_error(field, *value, parsed.error()).error());
  return *parsed;
}

Result<bool> bool_field(const Sentence& row, std::string_view field) {
  auto value = row.attribute(field);
  if (!value) return false;
  auto parsed = routeros::parse_bool(*value);
  if (!parsed) return fail(field_error(field, *value, parsed.error()).error());
  return *parsed;
}

std::string text_field(const Sentence& row, std::string_view field) {
  auto value = row.attribute(field);
  return value ? std::string(*value) : std::string();
}

// Plain decimals as RouterOS prints them ("3", "12.5"); nullopt when absent.
Result<std::optional<double>> number_field(const Sentence& row, std::string_view field) {
  auto value = row.attribute(field);
  if (!value || value->empty()) return std::optional<double>();
  double out = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || end != value->data() + value->size()) {
    return fail(Errc::protocol, "field '{}' = '{}': not a number", field,
                routeros::router_text(*value, k_value_bytes));
  }
  return std::optional<double>(out);
}

// Durations such as 12ms (v6) or 1ms500us (v7), in milliseconds.
Result<std::optional<double>> millis_field(const Sentence& row, std::string_view field) {
  auto value = row.attribute(field);
  if (!value || value->empty()) return std::optional<double>();
  auto parsed = routeros::parse_duration(*value);
  if (!parsed) return fail(field_error(field, *value, parsed.error()).error());
  return std::optional<double>(static_cast<double>(parsed->count()) / 1000.0);
}

std::string join(const std::vector<std::string>& names, std::string_view separator) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += separator;
    out += n;
  }
  return out;
}

}  // namespace

Command resource_command() {
  Command c("/system/resource/print");
  c.proplist({"uptime", "version", "cpu-load", "free-memory", "total-memory", "board-name", "cpu",
              "architecture-name"});
  return c;
}

Command identity_command() { return Command("/system/identity/print"); }

Command interface_command(const std::vector<std::string>& names) {
  Command c("/interface/print");
  c.proplist(k_interface_fields);
  if (!names.empty()) c.where(routeros::Query::in("name", names));
  return c;
}

Command monitor_command(const std::vector<std::string>& names) {
  Command c("/interface/monitor-traffic");
  c.attr("interface", join(names, ","));
  c.flag("once");
  return c;
}

Command ping_command(const std::string& address, unsigned count,
                     std::chrono::milliseconds interval) {
  Command c("/ping");
  c.attr("address", address);
  c.attr("count", std::to_string(count));
  // RouterOS reads a bare number as seconds; milliseconds need their unit.
  c.attr("interval", fmt::format("{}ms", interval.count()));
  return c;
}

Result<RouterInfo> parse_resource(const Reply& reply) {
  if (reply.rows.empty()) return fail(Errc::protocol, "/system/resource/print returned no row");
  const Sentence& row = reply.rows.front();
  RouterInfo info;
  info.version = text_field(row, "version");
  info.board = text_field(row, "board-name");
  info.cpu = text_field(row, "cpu");
  info.architecture = text_field(row, "architecture-name");
  if (auto uptime = row.attribute("uptime"); uptime && !uptime->empty()) {
    auto parsed = routeros::parse_duration(*uptime);
    if (!parsed) return fail(field_error("uptime", *uptime, parsed.error()).error());
    info.uptime = std::chrono::duration_cast<std::chrono::seconds>(*parsed);
  }
  auto cpu = number_field(row, "cpu-load");
  if (!cpu) return fail(cpu.error());
  info.cpu_load_pct = *cpu;
  if (row.has_attribute("free-memory")) {
    auto v = u64_field(row, "free-memory");
    if (!v) return fail(v.error());
    info.free_memory = *v;
  }
  if (row.has_attribute("total-memory")) {
    auto v = u64_field(row, "total-memory");
    if (!v) return fail(v.error());
    info.total_memory = *v;
  }
  return info;
}

std::string parse_identity(const Reply& reply) {
  return reply.rows.empty() ? std::string() : text_field(reply.rows.front(), "name");
}

Result<std::vector<InterfaceStats>> parse_interfaces(const Reply& reply) {
  std::vector<InterfaceStats> out;
  out.reserve(reply.rows.size());
  for (const Sentence& row : reply.rows) {
    InterfaceStats s;
    s.name = text_field(row, "name");
    s.type = text_field(row, "type");
    s.comment = text_field(row, "comment");
    auto running = bool_field(row, "running");
    auto disabled = bool_field(row, "disabled");
    if (!running) return fail(std::move(running.error()).with_context(interface_context(s.name)));
    if (!disabled) return fail(std::move(disabled.error()).with_context(interface_context(s.name)));
    s.running = *running;
    s.disabled = *disabled;
    struct Counter {
      std::string_view field;
      std::uint64_t InterfaceStats::*member;
    };
    static constexpr Counter k_counters[] = {
        {"rx-byte", &InterfaceStats::rx_bytes},     {"tx-byte", &InterfaceStats::tx_bytes},
        {"rx-packet", &InterfaceStats::rx_packets}, {"tx-packet", &InterfaceStats::tx_packets},
        {"rx-error", &InterfaceStats::rx_errors},   {"tx-error", &InterfaceStats::tx_errors},
        {"rx-drop", &InterfaceStats::rx_drops},     {"tx-drop", &InterfaceStats::tx_drops},
        {"link-downs", &InterfaceStats::link_downs}};
    for (const auto& counter : k_counters) {
      auto v = u64_field(row, counter.field);
      if (!v) return fail(std::move(v.error()).with_context(interface_context(s.name)));
      s.*counter.member = *v;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Status apply_monitor(const Reply& reply, std::vector<InterfaceStats>& interfaces) {
  for (const Sentence& row : reply.rows) {
    std::string name = text_field(row, "name");
    auto it = std::find_if(interfaces.begin(), interfaces.end(),
                           [&](const auto& s) { return s.name == name; });
    if (it == interfaces.end()) continue;
    auto rx = number_field(row, "rx-bits-per-second");
    auto tx = number_field(row, "tx-bits-per-second");
    if (!rx) return fail(std::move(rx.error()).with_context(interface_context(name)));
    if (!tx) return fail(std::move(tx.error()).with_context(interface_context(name)));
    it->rx_bps = *rx;
    it->tx_bps = *tx;
  }
  return {};
}

Result<PingSummary> parse_ping(const std::string& address, const Reply& reply) {
  PingSummary out;
  out.address = address;
  // Count probes from the rows themselves (one per probe; a lost one has no time) rather than
  // trusting the cumulative fields, which a cancelled ping may not have brought up to date.
  std::optional<double> min, max;
  double sum = 0;
  for (const Sentence& row : reply.rows) {
    if (!row.has_attribute("seq") && !row.has_attribute("sent")) continue;
    ++out.sent;
    auto time = millis_field(row, "time");
    if (!time) return fail(time.error());
    if (*time && !row.has_attribute("status")) {
      ++out.received;
      sum += **time;
      min = min ? std::min(*min, **time) : **time;
      max = max ? std::max(*max, **time) : **time;
    }
  }
  if (out.sent > 0) {
    out.loss_pct =
        100.0 * static_cast<double>(out.sent - out.received) / static_cast<double>(out.sent);
  }
  if (out.received > 0) {
    out.min_ms = min;
    out.max_ms = max;
    out.avg_ms = sum / out.received;
  }
  return out;
}

std::vector<Command> poll_commands(const PollPlan& plan) {
  std::vector<Command> out;
  out.reserve(3 + plan.ping_targets.size());
  out.push_back(resource_command());
  if (plan.identity) out.push_back(identity_command());
  out.push_back(interface_command(plan.interfaces));
  for (const auto& target : plan.ping_targets)
    out.push_back(ping_command(target, plan.ping_count, plan.ping_interval));
  return out;
}

Result<RouterPoll> read_poll(const PollPlan& plan, std::vector<Result<Reply>>& replies) {
  const std::size_t expected = 2 + (plan.identity ? 1 : 0) + plan.ping_targets.size();
  if (replies.size() != expected) {
    return fail(Errc::internal, "a poll expects {} replies, got {}", expected, replies.size());
  }
  RouterPoll poll;
  std::size_t next = 0;
  auto& resource = replies[next++];
  if (!resource) return fail(std::move(resource.error()).with_context("/system/resource/print"));
  auto info = parse_resource(*resource);
  if (!info) return fail(std::move(info.error()).with_context("/system/resource/print"));
  poll.router = std::move(*info);
  if (plan.identity) {
    auto& identity = replies[next++];
    if (!identity) return fail(std::move(identity.error()).with_context("/system/identity/print"));
    poll.router.identity = parse_identity(*identity);
  }

  auto& interfaces = replies[next++];
  if (!interfaces) return fail(std::move(interfaces.error()).with_context("/interface/print"));
  auto stats = parse_interfaces(*interfaces);
  if (!stats) return fail(std::move(stats.error()).with_context("/interface/print"));
  poll.interfaces = std::move(*stats);
  for (const auto& wanted : plan.interfaces) {
    if (std::none_of(poll.interfaces.begin(), poll.interfaces.end(),
                     [&](const auto& s) { return s.name == wanted; })) {
      poll.missing_interfaces.push_back(wanted);
    }
  }

  for (const auto& target : plan.ping_targets) {
    auto& reply = replies[next++];
    if (!reply) return fail(std::move(reply.error()).with_context("/ping " + target));
    auto summary = parse_ping(target, *reply);
    if (!summary) return fail(std::move(summary.error()).with_context("/ping " + target));
    poll.pings.push_back(std::move(*summary));
  }
  return poll;
}

}  // namespace ill::collect
