#include "collect/observe.hpp"

namespace ill::collect {
namespace {

using std::chrono::seconds;

}  // namespace

PollIndex::PollIndex(const RouterPoll& poll) {
  m_interfaces.reserve(poll.interfaces.size());
  for (const InterfaceStats& s : poll.interfaces) m_interfaces.emplace(s.name, &s);  // first wins
  m_pings.reserve(poll.pings.size());
  for (const PingSummary& p : poll.pings) m_pings.emplace(p.address, &p);
}

const InterfaceStats* PollIndex::interface(std::string_view name) const {
  auto it = m_interfaces.find(name);
  return it == m_interfaces.end() ? nullptr : it->second;
}

const PingSummary* PollIndex::ping(const std::optional<std::string>& target) const {
  if (!target || target->empty()) return nullptr;
  auto it = m_pings.find(*target);
  return it == m_pings.end() ? nullptr : it->second;
}

sla::Observation LinkObservation::observation() const {
  return {sample.t,      sample.state,          sample.rx_bps,
          sample.tx_bps, sample.latency_avg_ms, sample.loss_pct};
}

LinkObservation observe_link(const RouterPoll& poll, const PollIndex& index,
                             const store::Link& link, const std::optional<CounterReading>& previous,
                             seconds interval) {
  LinkObservation out;
  store::Sample& sample = out.sample;
  const auto since_epoch = poll.at.time_since_epoch();
  sample.link_id = link.id;
  sample.t = std::chrono::sys_seconds(std::chrono::floor<seconds>(since_epoch));
  sample.ms = static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::milliseconds>(since_epoch - sample.t.time_since_epoch())
          .count());
  sample.state = sla::State::unknown;
  out.counters = previous;

  const InterfaceStats* iface = index.interface(link.interface);
  const PingSummary* ping = index.ping(link.probe_target);
  if (!iface) {
    out.interface_missing = true;
  } else {
    const bool running = iface->running && !iface->disabled;
    const bool probe_lost = ping && ping->sent > 0 && ping->received == 0;
    sample.state = !running || probe_lost ? sla::State::down : sla::State::up;
    sample.running = running;
    sample.rx_bytes = iface->rx_bytes;
    sample.tx_bytes = iface->tx_bytes;
    sample.rx_errors = iface->rx_errors;
    sample.tx_errors = iface->tx_errors;
    const CounterReading now{poll.at, iface->rx_bytes, iface->tx_bytes,
                             poll.router.uptime.value_or(seconds(0))};
    if (previous && poll.at - previous->at <= 2 * interval + seconds(1)) {
      if (auto rate = rate_between(*previous, now)) {
        sample.rx_bps = store::whole_bps(rate->rx_bps);
        sample.tx_bps = store::whole_bps(rate->tx_bps);
      }
    }
    out.counters = now;
  }
  if (ping) {
    sample.loss_pct = ping->loss_pct;
    sample.latency_min_ms = ping->min_ms;
    sample.latency_avg_ms = ping->avg_ms;
    sample.latency_max_ms = ping->max_ms;
  }
  return out;
}

}  // namespace ill::collect
