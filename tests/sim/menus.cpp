#include "sim/menus.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ill::sim {

namespace {

std::string id_of(std::size_t index) { return fmt::format("*{:X}", index + 1); }
std::string boolean(bool b) { return b ? "true" : "false"; }
std::string num(std::uint64_t v) { return std::to_string(v); }

std::string mac_for(const RouterModel& model, std::size_t index) {
  const auto& c = model.config().interfaces[index];
  if (!c.mac_address.empty()) return c.mac_address;
  std::uint64_t h = hash_text(model.name());
  return fmt::format("48:A9:8A:{:02X}:{:02X}:{:02X}", (h >> 8) & 0xFF, h & 0xFF,
                     (index + 1) & 0xFF);
}

}  // namespace

Row identity_row(const RouterModel& model) { return {{"name", model.config().identity}}; }

Row resource_row(const RouterModel& model, TimeMs t) {
  const auto& c = model.config();
  auto style = c.version.date_style();
  bool v7 = c.version.major >= 7;
  TimeMs build = 1730800000000;  // 2024-11-05, a plausible build time
  Row r = {
      {"uptime", format_routeros_duration(model.uptime(t))},
      {"version", c.version.text + " (stable)"},
      {"build-time", format_routeros_date(build, style)},
      {"factory-software", v7 ? "7.1" : "6.44.6"},
      {"free-memory", num(model.free_memory(t))},
      {"total-memory", num(c.total_memory)},
      {"cpu", c.cpu},
      {"cpu-count", num(static_cast<std::uint64_t>(c.cpu_count))},
      {"cpu-frequency", num(static_cast<std::uint64_t>(c.cpu_frequency))},
      {"cpu-load", num(static_cast<std::uint64_t>(model.cpu_load(t)))},
      {"free-hdd-space", "93847552"},
      {"total-hdd-space", "134217728"},
      {"write-sect-since-reboot", num(static_cast<std::uint64_t>(model.uptime(t) / 60000))},
      {"write-sect-total", "812345"},
      {"bad-blocks", "0"},
      {"architecture-name", c.architecture},
      {"board-name", c.board_name},
      {"platform", "MikroTik"},
  };
  return r;
}

std::vector<Row> interface_rows(const RouterModel& model, TimeMs t) {
  std::vector<Row> rows;
  const auto& c = model.config();
  auto style = c.version.date_style();
  for (std::size_t i = 0; i < c.interfaces.size(); ++i) {
    const auto& ic = c.interfaces[i];
    InterfaceStats s = model.stats(i, t);
    Row r;
    r.reserve(32);
    r.emplace_back(".id", id_of(i));
    r.emplace_back("name", ic.name);
    r.emplace_back("default-name", ic.name);
    r.emplace_back("type", ic.type);
    r.emplace_back("mtu", num(static_cast<std::uint64_t>(ic.mtu)));
    r.emplace_back("actual-mtu", num(static_cast<std::uint64_t>(ic.mtu)));
    r.emplace_back("l2mtu", "1598");
    r.emplace_back("max-l2mtu", "9796");
    r.emplace_back("mac-address", mac_for(model, i));
    if (s.last_link_down)
      r.emplace_back("last-link-down-time", format_routeros_date(*s.last_link_down, style));
    if (s.last_link_up)
      r.emplace_back("last-link-up-time", format_routeros_date(*s.last_link_up, style));
    r.emplace_back("link-downs", num(s.link_downs));
    r.emplace_back("rx-byte", num(s.rx_byte));
    r.emplace_back("tx-byte", num(s.tx_byte));
    r.emplace_back("rx-packet", num(s.rx_packet));
    r.emplace_back("tx-packet", num(s.tx_packet));
    r.emplace_back("rx-drop", num(s.rx_drop));
    r.emplace_back("tx-drop", num(s.tx_drop));
    r.emplace_back("tx-queue-drop", "0");
    r.emplace_back("rx-error", num(s.rx_error));
    r.emplace_back("tx-error", num(s.tx_error));
    r.emplace_back("fp-rx-byte", num(s.rx_byte));
    r.emplace_back("fp-tx-byte", "0");
    r.emplace_back("fp-rx-packet", num(s.rx_packet));
    r.emplace_back("fp-tx-packet", "0");
    r.emplace_back("running", boolean(s.running));
    r.emplace_back("slave", "false");
    r.emplace_back("disabled", boolean(ic.disabled));
    r.emplace_back("dynamic", "false");
    if (!ic.comment.empty()) r.emplace_back("comment", ic.comment);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::optional<Row> monitor_traffic_row(const RouterModel& model, std::string_view name, TimeMs t) {
  auto index = model.interface_index(name);
  if (!index) return std::nullopt;
  const auto& ic = model.config().interfaces[*index];
  double rx = model.rx_rate(*index, t), tx = model.tx_rate(*index, t);
  auto pps = [&](double bps) { return static_cast<std::uint64_t>(bps / 8.0 / ic.packet_size); };
  auto bits = [](double bps) { return static_cast<std::uint64_t>(std::llround(bps)); };
  auto per = [&](double bps, double ratio) {
    return static_cast<std::uint64_t>(std::llround(bps / 8.0 / ic.packet_size * ratio));
  };
  return Row{
      {"name", ic.name},
      {"rx-packets-per-second", num(pps(rx))},
      {"rx-bits-per-second", num(bits(rx))},
      {"fp-rx-packets-per-second", num(pps(rx))},
      {"fp-rx-bits-per-second", num(bits(rx))},
      {"rx-drops-per-second", num(per(rx, ic.drop_ratio))},
      {"rx-errors-per-second", num(per(rx, ic.error_ratio))},
      {"tx-packets-per-second", num(pps(tx))},
      {"tx-bits-per-second", num(bits(tx))},
      {"fp-tx-packets-per-second", "0"},
      {"fp-tx-bits-per-second", "0"},
      {"tx-drops-per-second", num(per(tx, ic.drop_ratio))},
      {"tx-queue-drops-per-second", "0"},
      {"tx-errors-per-second", num(per(tx, ic.error_ratio))},
  };
}

std::vector<Row> netwatch_rows(const RouterModel& model, TimeMs t) {
  std::vector<Row> rows;
  const auto& c = model.config();
  bool v7 = c.version.major >= 7;
  for (std::size_t i = 0; i < c.netwatch.size(); ++i) {
    const auto& n = c.netwatch[i];
    PingParams p = model.ping_params(n.host, t);
    bool up = p.loss_pct < 100;
    Row r;
    r.emplace_back(".id", id_of(i));
    r.emplace_back("host", n.host);
    if (v7) r.emplace_back("type", "simple");
    r.emplace_back("interval", format_routeros_duration(n.interval));
    r.emplace_back("timeout", format_routeros_duration(n.timeout));
    r.emplace_back("status", up ? "up" : "down");
    r.emplace_back("since", format_routeros_date(model.boot_time(t), c.version.date_style()));
    if (v7) {
      r.emplace_back(
          "done-tests",
          num(static_cast<std::uint64_t>(model.uptime(t) / std::max<DurationMs>(n.interval, 1))));
      r.emplace_back("failed-tests", "0");
    }
    r.emplace_back("disabled", "false");
    if (!n.comment.empty()) r.emplace_back("comment", n.comment);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Row> user_rows(const RouterModel& model) {
  std::vector<Row> rows;
  const auto& users = model.config().users;
  for (std::size_t i = 0; i < users.size(); ++i) {
    Row r{{".id", id_of(i)},
          {"name", users[i].name},
          {"group", users[i].group},
          {"address", ""},
          {"last-logged-in",
           format_routeros_date(1730800000000, model.config().version.date_style())},
          {"disabled", "false"}};
    if (!users[i].comment.empty()) r.emplace_back("comment", users[i].comment);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Row> group_rows(const RouterModel& model) {
  std::vector<Row> rows;
  const auto& groups = model.config().groups;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::string policy;
    for (const auto& p : groups[i].policy) {
      if (!policy.empty()) policy += ',';
      policy += p;
    }
    rows.push_back(
        {{".id", id_of(i)}, {"name", groups[i].name}, {"policy", policy}, {"skin", "default"}});
  }
  return rows;
}

std::vector<std::string> group_policy(const RouterModel& model, std::string_view group) {
  for (const auto& g : model.config().groups)
    if (g.name == group) return g.policy;
  return {};
}

bool has_policy(const RouterModel& model, std::string_view group, std::string_view policy) {
  for (const auto& p : group_policy(model, group))
    if (p == policy) return true;
  return false;
}

}  // namespace ill::sim
