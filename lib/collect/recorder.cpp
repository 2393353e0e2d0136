#include "collect/recorder.hpp"

#include "collect/observe.hpp"
#include "core/format.hpp"
#include "store/link_history.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ill::collect {

using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

// The 5-minute rollup slot that holds t.
sys_seconds slot_of(sys_seconds t) {
  const seconds length = store::length_of(store::RollupPeriod::five_minutes);
  const seconds since = t.time_since_epoch();
  return sys_seconds(since - ((since % length) + length) % length);
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
    t.last_sample_t = (*sample)->t;
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
  LinkTrack& resumed = slot->second;
  // The last sample's slot is settled again after a restart: it may be short of samples.
  if (resumed.last_sample_t) open_slot(link.id, resumed, slot_of(*resumed.last_sample_t));
  return &resumed;
}

Status Recorder::push_observation(const store::Link& link, LinkTrack& track,
                                  const sla::Observation& observation, BatchCounts& counts) {
  auto update = track.timeline.push(observation);
  if (!update) return fail(std::move(update.error()).with_context("link " + link.name));
  if (update->empty()) return {};
  counts.intervals += (update->changed_last ? 1 : 0) + update->appended_count;
  return store::LinkHistory(m_db).apply(link.id, *update);
}

Status Recorder::record_poll(const PollResult& result, BatchCounts& counts) {
  const RouterPoll& poll = *result.poll;
  const store::Router& router = result.target->router;
  const PollIndex index(poll);
  store::LinkHistory history(m_db);
  Pending pending{&result, m_pending_links.size(), 0};

  for (const store::Link& link : result.target->links) {
    auto track = this->track(link, result.interval);
    if (!track) return fail(track.error());
    LinkTrack& lt = **track;
    const LinkObservation seen = observe_link(poll, index, link, lt.counters, lt.interval);
    const store::Sample& sample = seen.sample;

    LiveFigures::LinkUpdate live;
    live.link_id = link.id;
    live.rx_bytes = sample.rx_bytes;
    live.tx_bytes = sample.tx_bytes;
    live.latency_ms = sample.latency_avg_ms;
    live.loss_pct = sample.loss_pct;
    // A second poll within the same second: the first one's sample stands.
    if (!lt.last_sample_t || sample.t > *lt.last_sample_t) {
      if (seen.interface_missing && !lt.warned_missing)
        spdlog::warn("link {}: router {} has no interface {}; the link is unknown until it does",
                     link.name, router.name, link.interface);
      lt.warned_missing = seen.interface_missing;
      lt.counters = seen.counters;
      const sys_seconds slot = slot_of(sample.t);
      if (lt.open_slot && *lt.open_slot != slot) {
        if (auto st = history.settle_slot(link.id, *lt.open_slot); !st) return st;
      }
      if (auto st = history.put_sample(sample); !st) return st;
      if (lt.open_slot != slot) open_slot(link.id, lt, slot);
      lt.last_sample_t = sample.t;
      ++counts.samples;
      if (auto st = push_observation(link, lt, seen.observation(), counts); !st) return st;
      live.rx_bps = sample.rx_bps;
      live.tx_bps = sample.tx_bps;
    }
    live.last = lt.timeline.last();
    m_pending_links.push_back(live);
    ++pending.count;
  }
  m_pending.push_back(pending);

  store::RouterHealth health;
  health.router_id = router.id;
  health.t = std::chrono::floor<seconds>(poll.at);
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
  const sys_seconds t = std::chrono::floor<seconds>(result.at);
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
  m_pending.push_back({&result, 0, 0});
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
                                                  std::chrono::floor<seconds>(result.at), error);
}

Result<BatchCounts> Recorder::record(std::span<const PollResult> batch) {
  BatchCounts counts;
  m_pending.clear();
  m_pending_links.clear();
  // The in-memory timelines and counters run ahead of what a failed batch rolls back: they are
  // dropped and resumed from the store.
  auto roll_back = [this] {
    forget_tracks();
    m_pending.clear();
    m_pending_links.clear();
  };
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  for (const PollResult& result : batch) {
    Status st = record_one(result, counts);
    if (!st) {
      roll_back();
      return fail(std::move(st.error())
                      .with_context("recording a poll of router " + result.target->router.name));
    }
    m_latest = std::max(m_latest, std::chrono::floor<seconds>(result.at));
    ++counts.results;
  }
  if (auto st = settle_closed_slots(m_latest); !st) {
    roll_back();
    return fail(std::move(st.error()).with_context("settling closed rollup slots"));
  }
  if (m_in_transaction) {
    if (auto st = m_in_transaction(m_db, batch); !st) {
      roll_back();
      return fail(std::move(st.error()).with_context("after recording a batch"));
    }
  }
  if (auto st = tx->commit(); !st) {
    roll_back();
    return fail(st.error());
  }
  for (const Pending& p : m_pending)
    m_live.update(*p.result, std::span(m_pending_links).subspan(p.first, p.count));
  m_pending.clear();
  m_pending_links.clear();
  return counts;
}

void Recorder::forget_tracks() {
  m_links.clear();
  m_settle_due = {};
}

void Recorder::open_slot(std::int64_t link_id, LinkTrack& track, sys_seconds slot) {
  track.open_slot = slot;
  const seconds length = store::length_of(store::RollupPeriod::five_minutes);
  m_settle_due.push({slot + length + track.interval, link_id, slot});
}

Status Recorder::settle_closed_slots(sys_seconds now) {
  store::LinkHistory history(m_db);
  while (!m_settle_due.empty() && m_settle_due.top().due <= now) {
    const SettleDue due = m_settle_due.top();
    m_settle_due.pop();
    auto it = m_links.find(due.link_id);
    if (it == m_links.end() || it->second.open_slot != due.slot) continue;  // settled already
    if (auto st = history.settle_slot(due.link_id, due.slot); !st)
      return fail(std::move(st.error()).with_context(fmt::format("link {}", due.link_id)));
    it->second.open_slot.reset();
  }
  return {};
}

Status Recorder::settle_open_slots() {
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  store::LinkHistory history(m_db);
  std::size_t settled = 0;
  for (auto& [link_id, lt] : m_links) {
    if (!lt.open_slot) continue;
    if (auto st = history.settle_slot(link_id, *lt.open_slot); !st) {
      forget_tracks();  // open slots included
      return fail(std::move(st.error()).with_context(fmt::format("link {}", link_id)));
    }
    ++settled;
  }
  if (auto st = tx->commit(); !st) {
    forget_tracks();
    return st;
  }
  for (auto& [link_id, lt] : m_links) lt.open_slot.reset();
  m_settle_due = {};
  spdlog::debug("settled the rollups of {} open 5-minute slots", settled);
  return {};
}

}  // namespace ill::collect
