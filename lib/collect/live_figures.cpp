#include "collect/live_figures.hpp"

#include <memory>
#include <vector>

namespace ill::collect {
namespace {

metrics::LinkState live_state(sla::State state) {
  switch (state) {
  case sla::State::up: return metrics::LinkState::up;
  case sla::State::down: return metrics::LinkState::down;
  case sla::State::unknown: break;
  }
  return metrics::LinkState::unknown;
}

std::int64_t unix_s(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

void clear_poll_figures(metrics::RouterFigures& r) {
  r.cpu_load_pct.reset();
  r.free_memory_bytes.reset();
  r.total_memory_bytes.reset();
  r.uptime_s.reset();
}

void set_poll_figures(metrics::RouterFigures& r, const RouterPoll& poll) {
  if (!poll.router.identity.empty()) r.identity = poll.router.identity;
  r.version = poll.router.version;
  r.board = poll.router.board;
  r.cpu = poll.router.cpu;
  r.architecture = poll.router.architecture;
  r.cpu_load_pct = poll.router.cpu_load_pct;
  r.free_memory_bytes = poll.router.free_memory;
  r.total_memory_bytes = poll.router.total_memory;
  r.uptime_s = poll.router.uptime
                   ? std::optional<double>(static_cast<double>(poll.router.uptime->count()))
                   : std::nullopt;
  r.last_poll = unix_s(poll.at);
}

}  // namespace

void LiveFigures::set_inventory(const Inventory& inventory) {
  // The links by id, as m_links orders them, and their labels in that order.
  std::map<std::int64_t, metrics::LinkNames> names;
  for (const auto& target : inventory.routers) {
    for (const store::Link& link : target->links) {
      names.emplace(link.id, metrics::LinkNames{link.name, link.client_name, target->router.name,
                                                target->router.host, link.interface});
    }
  }
  std::vector<metrics::LinkNames> in_order;
  in_order.reserve(names.size());
  for (auto& [id, n] : names) in_order.push_back(std::move(n));
  auto labels = std::make_shared<const metrics::LinkLabelTable>(in_order);

  std::map<std::int64_t, metrics::RouterFigures> routers;
  std::map<std::int64_t, metrics::LinkFigures> links;
  std::lock_guard lock(m_mutex);
  for (const auto& target : inventory.routers) {
    const store::Router& router = target->router;
    metrics::RouterFigures figures;
    if (auto it = m_routers.find(router.id); it != m_routers.end()) figures = std::move(it->second);
    figures.name = router.name;
    figures.address = router.host;
    if (figures.status.empty()) figures.status = std::string(store::to_string(router.status));
    routers.emplace(router.id, std::move(figures));
  }
  for (const auto& [id, unused] : names) {
    metrics::LinkFigures l;
    if (auto it = m_links.find(id); it != m_links.end()) l = std::move(it->second);
    links.emplace_hint(links.end(), id, std::move(l));
  }
  m_routers = std::move(routers);
  m_links = std::move(links);
  m_labels = std::move(labels);
}

void LiveFigures::update(const PollResult& result, std::span<const LinkUpdate> links) {
  const store::Router& router = result.target->router;
  std::lock_guard lock(m_mutex);
  auto found = m_routers.find(router.id);
  if (found == m_routers.end()) return;  // removed from the inventory while being polled
  metrics::RouterFigures& r = found->second;
  r.status = std::string(store::to_string(result.status));
  r.up = result.poll.has_value();
  r.poll_duration_s = std::chrono::duration<double>(result.duration).count();
  ++r.polls_total;
  if (!result.poll) {
    ++r.poll_errors_total;
    clear_poll_figures(r);
    for (const store::Link& link : result.target->links) {
      auto live = m_links.find(link.id);
      if (live == m_links.end()) continue;
      metrics::LinkFigures& l = live->second;
      if (l.state != metrics::LinkState::unknown) {
        l.state = metrics::LinkState::unknown;
        l.state_since = unix_s(result.at);
      }
      l.rx_bps.reset();
      l.tx_bps.reset();
      l.latency_ms.reset();
      l.loss_pct.reset();
    }
    return;
  }
  set_poll_figures(r, *result.poll);
  for (const LinkUpdate& u : links) {
    auto live = m_links.find(u.link_id);
    if (live == m_links.end()) continue;
    metrics::LinkFigures& l = live->second;
    if (u.last) {
      l.state = live_state(u.last->state);
      l.state_since = u.last->from.time_since_epoch().count();
    }
    if (u.rx_bytes) l.rx_bytes = u.rx_bytes;
    if (u.tx_bytes) l.tx_bytes = u.tx_bytes;
    l.latency_ms = u.latency_ms;
    l.loss_pct = u.loss_pct;
    l.rx_bps = u.rx_bps;
    l.tx_bps = u.tx_bps;
  }
}

std::map<std::string, std::size_t> LiveFigures::router_status_counts() const {
  std::map<std::string, std::size_t> out;
  std::lock_guard lock(m_mutex);
  for (const auto& [id, r] : m_routers) ++out[r.status];
  return out;
}

metrics::FleetSnapshot LiveFigures::snapshot() const {
  metrics::FleetSnapshot out;
  std::lock_guard lock(m_mutex);
  out.routers.reserve(m_routers.size());
  for (const auto& [id, r] : m_routers) out.routers.push_back(r);
  out.links.reserve(m_links.size());
  for (const auto& [id, l] : m_links) out.links.push_back(l);
  out.link_labels = m_labels;
  return out;
}

}  // namespace ill::collect
