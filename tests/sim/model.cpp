#include "sim/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace ill::sim {

namespace {

constexpr TimeMs k_forever = std::numeric_limits<TimeMs>::max() / 4;

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return splitmix(a ^ splitmix(b)); }

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  return splitmix(h);
}

double unit_interval(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

RouterModel::RouterModel(RouterConfig config, std::uint64_t seed, TimeMs start)
    : m_config(std::move(config)),
      m_seed(seed),
      m_router_hash(mix(seed, hash_text(m_config.name))),
      m_initial_boot(start - m_config.uptime) {
  std::uint64_t router_hash = m_router_hash;
  for (const auto& i : m_config.interfaces) {
    InterfaceState s;
    s.rx_bps = i.rx_bps;
    s.tx_bps = i.tx_bps;
    double period_s = static_cast<double>(i.variation_period) / 1000.0;
    s.rx_phase = unit_interval(mix(router_hash, hash_text(i.name + "/rx"))) * period_s;
    s.tx_phase = unit_interval(mix(router_hash, hash_text(i.name + "/tx"))) * period_s;
    m_interfaces.push_back(s);
  }
}

// ---------------------------------------------------------------------------------------------
// Run-time changes

bool RouterModel::set_link_down(std::string_view interface, TimeMs t) {
  auto index = interface_index(interface);
  if (!index) return false;
  auto& forced = m_interfaces[*index].forced_down;
  if (!forced.empty() && forced.back().to > t) return true;  // already held down
  forced.push_back({t, k_forever});
  return true;
}

bool RouterModel::set_link_up(std::string_view interface, TimeMs t) {
  auto index = interface_index(interface);
  if (!index) return false;
  auto& forced = m_interfaces[*index].forced_down;
  if (!forced.empty() && forced.back().to > t) forced.back().to = std::max(t, forced.back().from);
  return true;
}

void RouterModel::add_unreachable(TimeMs from, TimeMs to) { m_unreachable.push_back({from, to}); }

void RouterModel::clear_unreachable(TimeMs t) {
  for (auto& i : m_unreachable)
    if (i.to > t) i.to = std::max(i.from, t);
}

void RouterModel::reboot(TimeMs t, DurationMs duration) {
  m_reboots.push_back({t, t + std::max<DurationMs>(duration, 0)});
}

void RouterModel::set_ping_override(const std::string& address, PingParams params) {
  m_ping_overrides[address] = params;
}

void RouterModel::set_rates(std::string_view interface, std::optional<double> rx,
                            std::optional<double> tx) {
  // Counters integrate the configured rate from boot; a new rate applies to the whole
  // integral, so counters can jump. Good enough for tests of the live rate.
  auto index = interface_index(interface);
  if (!index) return;
  if (rx) m_interfaces[*index].rx_bps = *rx;
  if (tx) m_interfaces[*index].tx_bps = *tx;
}

// ---------------------------------------------------------------------------------------------
// Router state

bool RouterModel::rebooting(TimeMs t) const {
  for (const auto& r : m_reboots)
    if (t >= r.from && t < r.to) return true;
  return m_config.reboots.active(t);
}

bool RouterModel::reachable(TimeMs t) const {
  if (rebooting(t)) return false;
  for (const auto& u : m_unreachable)
    if (t >= u.from && t < u.to) return false;
  return !m_config.unreachable.active(t);
}

TimeMs RouterModel::reachable_again(TimeMs t) const {
  // Windows may chain; step to the end of whichever covers t until none does.
  for (int guard = 0; guard < 1000 && !reachable(t); ++guard) {
    TimeMs next = t + 1;
    for (const auto& r : m_reboots)
      if (t >= r.from && t < r.to) next = std::max(next, r.to);
    for (const auto& u : m_unreachable)
      if (t >= u.from && t < u.to) next = std::max(next, u.to);
    Interval i;
    if (m_config.reboots.active_interval(t, i)) next = std::max(next, i.to);
    if (m_config.unreachable.active_interval(t, i)) next = std::max(next, i.to);
    t = next;
  }
  return t;
}

TimeMs RouterModel::boot_time(TimeMs t) const {
  TimeMs boot = m_initial_boot;
  for (const auto& r : m_reboots)
    if (r.to <= t && r.to > boot) boot = r.to;
  TimeMs end;
  if (m_config.reboots.last_end(t, end) && end > boot) boot = end;
  return boot;
}

int RouterModel::cpu_load(TimeMs t) const {
  double u = unit_interval(
      mix(mix(m_seed, hash_text(m_config.name)), static_cast<std::uint64_t>(t / 1000)));
  double load = m_config.cpu_load + (2 * u - 1) * m_config.cpu_load_jitter;
  return static_cast<int>(std::clamp(std::lround(load), 0L, 100L));
}

std::uint64_t RouterModel::free_memory(TimeMs t) const {
  // Wobbles by up to 1 MiB so repeated prints differ a little, like a real router.
  double u = unit_interval(mix(hash_text(m_config.name), static_cast<std::uint64_t>(t / 10000)));
  std::uint64_t wobble = static_cast<std::uint64_t>(u * 1048576.0);
  return m_config.free_memory > wobble ? m_config.free_memory - wobble : m_config.free_memory;
}

// ---------------------------------------------------------------------------------------------
// Interfaces

std::optional<std::size_t> RouterModel::interface_index(std::string_view name) const {
  for (std::size_t i = 0; i < m_config.interfaces.size(); ++i)
    if (m_config.interfaces[i].name == name) return i;
  return std::nullopt;
}

bool RouterModel::running(std::size_t index, TimeMs t) const {
  const auto& c = m_config.interfaces[index];
  if (c.disabled || rebooting(t) || c.down.active(t)) return false;
  for (const auto& f : m_interfaces[index].forced_down)
    if (t >= f.from && t < f.to) return false;
  return true;
}

namespace {

double rate_at(double mean, double variation, double period_s, double phase_s, double t_s) {
  if (variation <= 0) return mean;
  double w = 2 * std::numbers::pi / period_s;
  return mean * (1 + variation * std::sin(w * (t_s - phase_s)));
}

}  // namespace

double RouterModel::rx_rate(std::size_t index, TimeMs t) const {
  if (!running(index, t)) return 0;
  const auto& c = m_config.interfaces[index];
  const auto& s = m_interfaces[index];
  return rate_at(s.rx_bps, c.variation, static_cast<double>(c.variation_period) / 1000.0,
                 s.rx_phase, static_cast<double>(t) / 1000.0);
}

double RouterModel::tx_rate(std::size_t index, TimeMs t) const {
  if (!running(index, t)) return 0;
  const auto& c = m_config.interfaces[index];
  const auto& s = m_interfaces[index];
  return rate_at(s.tx_bps, c.variation, static_cast<double>(c.variation_period) / 1000.0,
                 s.tx_phase, static_cast<double>(t) / 1000.0);
}

std::vector<Interval> RouterModel::down_intervals(std::size_t index, TimeMs a, TimeMs b) const {
  const auto& c = m_config.interfaces[index];
  if (c.disabled) return {{a, b}};
  auto out = c.down.intervals(a, b);
  for (const auto& f : m_interfaces[index].forced_down) {
    TimeMs from = std::max(a, f.from), to = std::min(b, f.to);
    if (from < to) out.push_back({from, to});
  }
  merge_intervals(out);
  return out;
}

double RouterModel::integral_bits(std::size_t index, bool rx,
                                  const std::vector<Interval>& up) const {
  const auto& c = m_config.interfaces[index];
  const auto& s = m_interfaces[index];
  long double mean = rx ? s.rx_bps : s.tx_bps;
  long double phase = rx ? s.rx_phase : s.tx_phase;
  long double period = static_cast<long double>(c.variation_period) / 1000.0L;
  long double w = 2 * std::numbers::pi_v<long double> / period;
  long double total = 0;
  for (const auto& i : up) {
    long double a = static_cast<long double>(i.from) / 1000.0L;
    long double b = static_cast<long double>(i.to) / 1000.0L;
    total += mean * (b - a);
    if (c.variation > 0)
      total += mean * c.variation / w * (std::cos(w * (a - phase)) - std::cos(w * (b - phase)));
  }
  return static_cast<double>(total);
}

InterfaceStats RouterModel::stats(std::size_t index, TimeMs t) const {
  InterfaceStats st;
  const auto& c = m_config.interfaces[index];
  st.running = running(index, t);
  TimeMs boot = boot_time(t);
  if (t <= boot) return st;
  // One ms past t, so a link that went down at exactly t already counts as a link-down.
  auto down = down_intervals(index, boot, t + 1);
  std::vector<Interval> up;
  TimeMs cursor = boot;
  for (const auto& d : down) {
    if (d.from > cursor) up.push_back({cursor, std::min(d.from, t)});
    cursor = std::max(cursor, std::min(d.to, t));
    if (d.from > boot) {
      ++st.link_downs;
      st.last_link_down = d.from;
    }
    if (d.to < t) st.last_link_up = d.to;
  }
  if (cursor < t) up.push_back({cursor, t});
  if (!st.last_link_up && !c.disabled && (down.empty() || down.front().from > boot))
    st.last_link_up = boot;
  auto bytes = [](double bits) { return static_cast<std::uint64_t>(std::max(0.0, bits / 8.0)); };
  st.rx_byte = bytes(integral_bits(index, true, up));
  st.tx_byte = bytes(integral_bits(index, false, up));
  st.rx_packet = static_cast<std::uint64_t>(static_cast<double>(st.rx_byte) / c.packet_size);
  st.tx_packet = static_cast<std::uint64_t>(static_cast<double>(st.tx_byte) / c.packet_size);
  st.rx_error = static_cast<std::uint64_t>(static_cast<double>(st.rx_packet) * c.error_ratio);
  st.tx_error = static_cast<std::uint64_t>(static_cast<double>(st.tx_packet) * c.error_ratio);
  st.rx_drop = static_cast<std::uint64_t>(static_cast<double>(st.rx_packet) * c.drop_ratio);
  st.tx_drop = static_cast<std::uint64_t>(static_cast<double>(st.tx_packet) * c.drop_ratio);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Ping

const PingTargetConfig* RouterModel::ping_target(std::string_view address) const {
  for (const auto& p : m_config.pings)
    if (p.address == address) return &p;
  return nullptr;
}

PingParams RouterModel::ping_params(std::string_view address, TimeMs t) const {
  const auto* target = ping_target(address);
  if (!target) return {};
  PingParams p{target->latency_ms, target->jitter_ms, target->loss_pct};
  for (const auto& w : target->windows) {
    if (!w.window.active(t)) continue;
    if (w.latency_ms) p.latency_ms = *w.latency_ms;
    if (w.jitter_ms) p.jitter_ms = *w.jitter_ms;
    if (w.loss_pct) p.loss_pct = *w.loss_pct;
  }
  if (auto it = m_ping_overrides.find(address); it != m_ping_overrides.end()) p = it->second;
  if (!target->via.empty()) {
    auto index = interface_index(target->via);
    if (index && !running(*index, t)) p.loss_pct = 100;
  }
  return p;
}

Probe RouterModel::probe(std::string_view address, TimeMs t, std::uint64_t seq) const {
  PingParams p = ping_params(address, t);
  std::uint64_t h =
      mix(mix(m_router_hash, hash_text(address)), mix(static_cast<std::uint64_t>(t), seq));
  if (p.loss_pct >= 100 || unit_interval(h) * 100.0 < p.loss_pct) return {};
  double jitter = (2 * unit_interval(splitmix(h)) - 1) * p.jitter_ms;
  double rtt_ms = std::max(0.01, p.latency_ms + jitter);
  return {true, static_cast<std::int64_t>(std::llround(rtt_ms * 1000))};
}

}  // namespace ill::sim
