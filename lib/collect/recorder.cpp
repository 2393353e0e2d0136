#include "collect/recorder.hpp"

#include "core/format.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

namespace ill::collect {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

std::int64_t unix_s(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<seconds>(t.time_since_epoch()).count();
}

// The milliseconds of `at` past its whole second (unix_s), 0..999.
std::int32_t millis_past_second(std::chrono::system_clock::time_point at) {
  const auto since = at.time_since_epoch();
  return static_cast<std::int32_t>(std::chrono::floor<std::chrono::milliseconds>(since).count() -
                                   std::chrono::floor<seconds>(since).count() * 1000);
}

store::StateInterval to_store(std::int64_t link_id, const sla::Interval& i) {
  return {link_id, i.from, i.to, i.state};
}

metrics::LinkState live_state(sla::State state) {
  switch (state) {
  case sla::State::up: return metrics::LinkState::up;
  case sla::State::down: return metrics::LinkState::down;
  case sla::State::unknown: break;
  }
  return metrics::LinkState::unknown;
}

const InterfaceStats* find_interface(const RouterPoll& poll, const std::string& name) {
  auto it = std::find_if(poll.interfaces.begin(), poll.interfaces.end(),
                         [&](const InterfaceStats& s) { return s.name == name; });
  return it == poll.interfaces.end() ? nullptr : &*it;
}

const PingSummary* find_ping(const RouterPoll& poll, const std::optional<std::string>& target) {
  if (!target || target->empty()) return nullptr;
  auto it = std::find_if(poll.pings.begin(), poll.pings.end(),
                         [&](const PingSummary& p) { return p.address == *target; });
  return it == poll.pings.end() ? nullptr : &*it;
}

}  // namespace

Recorder::Recorder(store::Database& db, BatchHook in_transaction)
    : m_db(db), m_in_transaction(std::move(in_transaction)) {}

Result<Recorder::LinkTrack*> Recorder::track(const store::Link& link, seconds interval) {
  auto it = m_links.find(link.id);
  if (it != m_links.end() && it->second.interval == interval) return &it->second;

  // First sight of the link since start (or its interval changed): resume from the store.
  LinkTrack t;
  t.interval = interval;
  t.timeline = sla::TimelineBuilder(interval);
  auto last = store::LinkStateRepository(m_db).last(link.id);
  if (!last) return fail(last.error());
  if (*last) {
    const sla::Interval i = (*last)->interval();
    // The last interval ends with the tentative coverage of the last observation.
    t.timeline = sla::TimelineBuilder(interval, i, std::max(i.from, i.to - interval));
  }
  auto sample = store::SampleRepository(m_db).latest(link.id);
  if (!sample) return fail(sample.error());
  if (*sample) {
    t.last_sample_t = unix_seconds((*sample)->t);
    if ((*sample)->rx_bytes && (*sample)->tx_bytes) {
      CounterReading r;
      r.at = (*sample)->at();  // to the millisecond, as the live readings are
      r.rx_bytes = *(*sample)->rx_bytes;
      r.tx_bytes = *(*sample)->tx_bytes;
      auto health = store::RouterHealthRepository(m_db).latest(link.router_id);
      if (!health) return fail(health.error());
      if (*health && (*health)->t == (*sample)->t && (*health)->uptime_s)
        r.router_uptime = seconds(*(*health)->uptime_s);
      t.counters = r;
    }
  }
  auto [slot, inserted] = m_links.insert_or_assign(link.id, std::move(t));
  return &slot->second;
}

Status Recorder::push_observation(const store::Link& link, LinkTrack& track,
                                  const sla::Observation& observation, BatchCounts& counts) {
  auto update = track.timeline.push(observation);
  if (!update) return fail(std::move(update.error()).with_context("link " + link.name));
  if (update->empty()) return {};
  std::optional<sla::TimeRange> last_end;
  if (update->changed_last) {
    last_end = sla::TimeRange{update->changed_last->from, update->changed_last->to};
    ++counts.intervals;
  }
  std::vector<store::StateInterval> appended;
  for (const auto& i : update->appended()) appended.push_back(to_store(link.id, i));
  counts.intervals += appended.size();
  return store::LinkStateRepository(m_db).apply(link.id, last_end, appended);
}

Status Recorder::record_poll(const PollResult& result, BatchCounts& counts) {
  const RouterPoll& poll = *result.poll;
  const store::Router& router = result.target->router;
  const std::int64_t t = unix_s(poll.at);
  store::SampleRepository samples(m_db);
  store::RollupRepository rollups(m_db);

  for (const store::Link& link : result.target->links) {
    auto track = this->track(link, result.interval);
    if (!track) return fail(track.error());
    LinkTrack& lt = **track;
    if (lt.last_sample_t && t <= *lt.last_sample_t) continue;  // same second: first one wins

    const InterfaceStats* iface = find_interface(poll, link.interface);
    const PingSummary* ping = find_ping(poll, link.probe_target);
    store::Sample sample;
    sample.link_id = link.id;
    sample.t = from_unix_seconds(t);
    sample.ms = millis_past_second(poll.at);
    sla::State state = sla::State::unknown;
    if (!iface) {
      if (!lt.warned_missing) {
        spdlog::warn("link {}: router {} has no interface {}; the link is unknown until it does",
                     link.name, router.name, link.interface);
        lt.warned_missing = true;
      }
    } else {
      lt.warned_missing = false;
      const bool running = iface->running && !iface->disabled;
      const bool probe_lost = ping && ping->sent > 0 && ping->received == 0;
      state = !running || probe_lost ? sla::State::down : sla::State::up;
      sample.running = running;
      sample.rx_bytes = iface->rx_bytes;
      sample.tx_bytes = iface->tx_bytes;
      sample.rx_errors = iface->rx_errors;
      sample.tx_errors = iface->tx_errors;
      CounterReading now{poll.at, iface->rx_bytes, iface->tx_bytes,
                         poll.router.uptime.value_or(seconds(0))};
      // A rate says what flowed during the interval before the sample; across a longer gap it
      // would smear hours into one figure, so only pairs the coverage rule joins give a rate.
      if (lt.counters && poll.at - lt.counters->at <= 2 * lt.interval + seconds(1)) {
        if (auto rate = rate_between(*lt.counters, now)) {
          sample.rx_bps = store::whole_bps(rate->rx_bps);
          sample.tx_bps = store::whole_bps(rate->tx_bps);
        }
      }
      lt.counters = now;
    }
    if (ping) {
      sample.loss_pct = ping->loss_pct;
      sample.latency_min_ms = ping->min_ms;
      sample.latency_avg_ms = ping->avg_ms;
      sample.latency_max_ms = ping->max_ms;
    }
    sample.state = state;
    if (auto st = samples.put(sample); !st) return st;
    if (auto st = rollups.add(sample); !st) return st;
    lt.last_sample_t = t;
    lt.rx_bps = sample.rx_bps;
    lt.tx_bps = sample.tx_bps;
    ++counts.samples;

    sla::Observation observation{sys_seconds(seconds(t)), state,
                                 sample.rx_bps,           sample.tx_bps,
                                 sample.latency_avg_ms,   sample.loss_pct};
    if (auto st = push_observation(link, lt, observation, counts); !st) return st;
  }

  store::RouterHealth health;
  health.router_id = router.id;
  health.t = sys_seconds(seconds(t));
  health.cpu_load_pct = poll.router.cpu_load_pct;
  if (poll.router.total_memory) {
    health.memory_total_bytes = static_cast<std::int64_t>(*poll.router.total_memory);
    if (poll.router.free_memory)
      health.memory_used_bytes =
          static_cast<std::int64_t>(*poll.router.total_memory -
                                    std::min(*poll.router.free_memory, *poll.router.total_memory));
  }
  if (poll.router.uptime) health.uptime_s = poll.router.uptime->count();
  health.poll_duration_ms = static_cast<double>(poll.duration.count());
  return store::RouterHealthRepository(m_db).put(health);
}

Status Recorder::record_failure(const PollResult& result, BatchCounts& counts) {
  const sys_seconds t{seconds(unix_s(result.at))};
  for (const store::Link& link : result.target->links) {
    auto track = this->track(link, result.interval);
    if (!track) return fail(track.error());
    LinkTrack& lt = **track;
    // Within two intervals of the last observation the next good poll may still cover the time.
    auto last = lt.timeline.last_observation();
    if (last && t - *last <= 2 * lt.interval) continue;
    sla::Observation observation{t, sla::State::unknown, {}, {}, {}, {}};
    if (auto st = push_observation(link, lt, observation, counts); !st) return st;
  }
  return {};
}

Status Recorder::record_one(const PollResult& result, BatchCounts& counts) {
  const store::Router& router = result.target->router;
  if (result.poll) {
    if (auto st = record_poll(result, counts); !st) return st;
  } else {
    if (auto st = record_failure(result, counts); !st) return st;
  }
  std::optional<std::string> error;
  if (result.error) error = result.error->what();
  return store::RouterRepository(m_db).set_status(router.id, result.status,
                                                  sys_seconds(seconds(unix_s(result.at))), error);
}

Result<BatchCounts> Recorder::record(std::span<const PollResult> batch) {
  BatchCounts counts;
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  for (const PollResult& result : batch) {
    Status st = record_one(result, counts);
    if (!st) {
      m_links.clear();  // the in-memory timelines ran ahead of what will be rolled back
      return fail(std::move(st.error())
                      .with_context("recording a poll of router " + result.target->router.name));
    }
    ++counts.results;
  }
  if (m_in_transaction) {
    if (auto st = m_in_transaction(m_db, batch); !st) {
      m_links.clear();
      return fail(std::move(st.error()).with_context("after recording a batch"));
    }
  }
  if (auto st = tx->commit(); !st) {
    m_links.clear();
    return fail(st.error());
  }
  for (const PollResult& result : batch) update_live(result);
  return counts;
}

void Recorder::update_live(const PollResult& result) {
  const store::Router& router = result.target->router;
  std::lock_guard lock(m_live_mutex);
  auto found = m_routers.find(router.id);
  if (found == m_routers.end()) return;  // removed from the inventory while being polled
  metrics::RouterFigures& r = found->second;
  r.name = router.name;
  r.address = router.host;
  r.status = std::string(store::to_string(result.status));
  r.up = result.poll.has_value();
  r.poll_duration_s = std::chrono::duration<double>(result.duration).count();
  ++r.polls_total;
  if (!result.poll) {
    ++r.poll_errors_total;
    // What a failed poll cannot tell must not show as if it were current.
    r.cpu_load_pct.reset();
    r.free_memory_bytes.reset();
    r.total_memory_bytes.reset();
    r.uptime_s.reset();
  } else {
    const RouterPoll& poll = *result.poll;
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

  for (const store::Link& link : result.target->links) {
    auto live = m_live_links.find(link.id);
    if (live == m_live_links.end()) continue;
    metrics::LinkFigures& l = live->second;
    l.link = link.name;
    l.client = link.client_name;
    l.router = router.name;
    l.router_address = router.host;
    l.interface = link.interface;
    auto track = m_links.find(link.id);
    if (!result.poll) {
      // The router could not be polled: its links cannot be seen from this attempt on. The
      // timeline keeps covering the last observation for up to two intervals (DESIGN's rule),
      // but the live gauge follows the router at once, as `illctl status` does.
      if (l.state != metrics::LinkState::unknown) {
        l.state = metrics::LinkState::unknown;
        l.state_since =
            std::chrono::duration_cast<std::chrono::seconds>(result.at.time_since_epoch()).count();
      }
      l.rx_bps.reset();
      l.tx_bps.reset();
      l.latency_ms.reset();
      l.loss_pct.reset();
      continue;
    }
    if (track != m_links.end() && track->second.timeline.last()) {
      const sla::Interval& last = *track->second.timeline.last();
      l.state = live_state(last.state);
      l.state_since = last.from.time_since_epoch().count();
    }
    const InterfaceStats* iface = find_interface(*result.poll, link.interface);
    const PingSummary* ping = find_ping(*result.poll, link.probe_target);
    if (iface) {
      l.rx_bytes = iface->rx_bytes;
      l.tx_bytes = iface->tx_bytes;
    }
    l.latency_ms = ping ? ping->avg_ms : std::nullopt;
    l.loss_pct = ping ? std::optional<double>(ping->loss_pct) : std::nullopt;
    l.rx_bps.reset();
    l.tx_bps.reset();
    if (track != m_links.end() && track->second.last_sample_t == unix_s(result.poll->at)) {
      l.rx_bps = track->second.rx_bps;
      l.tx_bps = track->second.tx_bps;
    }
  }
}

void Recorder::set_inventory(const Inventory& inventory) {
  std::lock_guard lock(m_live_mutex);
  std::map<std::int64_t, metrics::RouterFigures> routers;
  std::map<std::int64_t, metrics::LinkFigures> links;
  for (const auto& r : inventory.routers) {
    metrics::RouterFigures figures;
    if (auto it = m_routers.find(r.router.id); it != m_routers.end()) figures = it->second;
    figures.name = r.router.name;
    figures.address = r.router.host;
    if (figures.status.empty()) figures.status = std::string(store::to_string(r.router.status));
    routers.emplace(r.router.id, std::move(figures));
    for (const auto& link : r.links) {
      metrics::LinkFigures l;
      if (auto it = m_live_links.find(link.id); it != m_live_links.end()) l = it->second;
      l.link = link.name;
      l.client = link.client_name;
      l.router = r.router.name;
      l.router_address = r.router.host;
      l.interface = link.interface;
      links.emplace(link.id, std::move(l));
    }
  }
  m_routers = std::move(routers);
  m_live_links = std::move(links);
}

std::map<std::string, std::size_t> Recorder::router_status_counts() const {
  std::map<std::string, std::size_t> out;
  std::lock_guard lock(m_live_mutex);
  for (const auto& [id, r] : m_routers) ++out[r.status];
  return out;
}

metrics::FleetSnapshot Recorder::snapshot() const {
  metrics::FleetSnapshot out;
  std::lock_guard lock(m_live_mutex);
  out.routers.reserve(m_routers.size());
  for (const auto& [id, r] : m_routers) out.routers.push_back(r);
  out.links.reserve(m_live_links.size());
  for (const auto& [id, l] : m_live_links) out.links.push_back(l);
  return out;
}

}  // namespace ill::collect
