#include "figures/month_inputs.hpp"

#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "store/daemon_status_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/sample_repository.hpp"

#include <algorithm>

namespace ill::figures {

namespace {

using std::chrono::sys_seconds;

constexpr std::int64_t k_hour_s = 3600;
constexpr std::int64_t k_slot_s = sla::k_slot_s;
// illd's longest poll interval (config: poll.interval_s), and how long a poll result may wait
// for the writer.
constexpr std::int64_t k_longest_interval_s = 300;
constexpr std::int64_t k_write_delay_s = 60;

sys_seconds at(std::int64_t t) { return sys_seconds{std::chrono::seconds{t}}; }

std::int64_t floor_to(std::int64_t t, std::int64_t period) {
  std::int64_t r = t % period;
  return r < 0 ? t - r - period : t - r;
}

enum class Cover { none, part, all };

// Sorted, disjoint ranges in Unix seconds, touching ones merged: how much of a span they cover.
class Coverage {
public:
  explicit Coverage(std::span<const sla::TimeRange> ranges) {
    for (const sla::TimeRange& r : ranges) {
      if (r.empty()) continue;
      const std::int64_t from = unix_seconds(r.from);
      const std::int64_t to = unix_seconds(r.to);
      if (!m_ranges.empty() && m_ranges.back().second >= from)
        m_ranges.back().second = std::max(m_ranges.back().second, to);
      else
        m_ranges.emplace_back(from, to);
    }
  }

  Cover cover(std::int64_t from, std::int64_t to) const {
    // The first range that ends after `from`.
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), from,
                               [](std::int64_t t, const auto& r) { return t < r.second; });
    if (it == m_ranges.end() || it->first >= to) return Cover::none;
    return it->first <= from && to <= it->second ? Cover::all : Cover::part;
  }

  bool contains(std::int64_t t) const { return cover(t, t + 1) == Cover::all; }

private:
  std::vector<std::pair<std::int64_t, std::int64_t>> m_ranges;
};

void add_rates(sla::SampleSummary& out, std::int64_t rx_n, double rx_sum, std::int64_t tx_n,
               double tx_sum) {
  if (rx_n > 0) out.in_rates.push_back(rx_sum / static_cast<double>(rx_n));
  if (tx_n > 0) out.out_rates.push_back(tx_sum / static_cast<double>(tx_n));
}

Status add_up_figures(sla::SampleSummary& out, const store::SlaRollupRow& row) {
  out.latency_n += static_cast<std::uint64_t>(row.up_latency_n);
  out.latency_sum += row.up_latency_sum;
  out.loss_n += static_cast<std::uint64_t>(row.up_loss_n);
  out.loss_sum += row.up_loss_sum;
  return store::append_histogram(row.up_latency_hist, out.latencies);
}

// Adds the samples of one slot (any of them, in time order): traffic over `measured` when
// `traffic`, latency and loss over `schedule` when `latency`.
void add_slot(std::span<const store::Sample> rows, bool traffic, bool latency,
              const Coverage& measured, const Coverage& schedule, MonthInputs& out) {
  std::int64_t rx_n = 0;
  std::int64_t tx_n = 0;
  double rx_sum = 0;
  double tx_sum = 0;
  for (const store::Sample& s : rows) {
    const std::int64_t t = unix_seconds(s.t);
    if (traffic && measured.contains(t)) {
      if (s.rx_bps) {
        ++rx_n;
        rx_sum += *s.rx_bps;
      }
      if (s.tx_bps) {
        ++tx_n;
        tx_sum += *s.tx_bps;
      }
    }
    if (latency && s.state == sla::State::up && schedule.contains(t)) {
      if (s.latency_avg_ms) {
        ++out.samples.latency_n;
        out.samples.latency_sum += *s.latency_avg_ms;
        out.samples.latencies.push_back({sla::latency_bucket(*s.latency_avg_ms), 1});
      }
      if (s.loss_pct) {
        ++out.samples.loss_n;
        out.samples.loss_sum += *s.loss_pct;
      }
    }
  }
  if (traffic) add_rates(out.samples, rx_n, rx_sum, tx_n, tx_sum);
}

// The samples of the slots that an edge cuts: traffic over `measured`, latency and loss over
// `schedule`.
Status read_cut_slots(store::Database& db, std::int64_t link_id,
                      const std::vector<std::int64_t>& traffic_slots,
                      const std::vector<std::int64_t>& latency_slots, const Coverage& measured,
                      const Coverage& schedule, MonthInputs& out) {
  std::vector<std::int64_t> slots = traffic_slots;
  slots.insert(slots.end(), latency_slots.begin(), latency_slots.end());
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  store::SampleRepository samples(db);
  for (const std::int64_t slot : slots) {
    auto rows = samples.range(link_id, {at(slot), at(slot + k_slot_s)});
    if (!rows) return fail(rows.error());
    out.rows.samples += rows->size();
    add_slot(*rows, std::binary_search(traffic_slots.begin(), traffic_slots.end(), slot),
             std::binary_search(latency_slots.begin(), latency_slots.end(), slot), measured,
             schedule, out);
  }
  return {};
}

// The samples of the slots in [from, to) (slot boundaries), read as one range: after a crash it
// may be days of slots, most of them empty.
Status read_unsettled(store::Database& db, std::int64_t link_id, std::int64_t from, std::int64_t to,
                      const Coverage& measured, const Coverage& schedule, MonthInputs& out) {
  auto rows = store::SampleRepository(db).range(link_id, {at(from), at(to)});
  if (!rows) return fail(rows.error());
  out.rows.samples += rows->size();
  const std::span<const store::Sample> all(*rows);
  std::size_t first = 0;
  while (first < all.size()) {
    const std::int64_t slot = floor_to(unix_seconds(all[first].t), k_slot_s);
    std::size_t end = first + 1;
    while (end < all.size() && unix_seconds(all[end].t) < slot + k_slot_s) ++end;
    add_slot(all.subspan(first, end - first), true, true, measured, schedule, out);
    first = end;
  }
  return {};
}

// Latency and loss of the rows of `period` in [from, to) that `schedule` covers; the pieces it
// cuts go to `cut` (the start of each).
Status read_latency(store::RollupRepository& rollups, store::RollupPeriod period,
                    std::int64_t link_id, std::int64_t from, std::int64_t to,
                    const Coverage& schedule, std::vector<std::int64_t>& cut, MonthInputs& out) {
  const std::int64_t length = store::length_of(period).count();
  return rollups.visit_sla(period, link_id, {at(from), at(to)},
                           [&](const store::SlaRollupRow& row) -> Status {
                             if (period == store::RollupPeriod::one_hour)
                               ++out.rows.hour_rollups;
                             else
                               ++out.rows.slot_rollups;
                             const std::int64_t t = unix_seconds(row.t);
                             const Cover c = schedule.cover(t, t + length);
                             if (c == Cover::all) return add_up_figures(out.samples, row);
                             if (c == Cover::part) cut.push_back(t);
                             return {};
                           });
}

// The part of `window` before `edge`.
sla::SampleWindow before(const sla::SampleWindow& window, sys_seconds edge) {
  sla::SampleWindow out = window;
  auto clip = [edge](sla::TimeRange& r) {
    r.to = std::min(r.to, edge);
    r.from = std::min(r.from, r.to);
  };
  clip(out.measured);
  for (sla::TimeRange& r : out.scheduled) clip(r);
  return out;
}

Status read_samples(store::Database& db, std::int64_t link_id, const sla::SampleWindow& window,
                    std::optional<sys_seconds> unsettled, MonthInputs& out) {
  if (window.measured.empty()) return {};
  const sla::TimeRange measured_range[] = {window.measured};
  const Coverage measured(measured_range);
  const Coverage schedule(window.scheduled);
  // The slots from `unsettled` on are read raw, the rest from the rollups.
  const std::int64_t measured_from = unix_seconds(window.measured.from);
  const std::int64_t measured_to = unix_seconds(window.measured.to);
  std::optional<std::int64_t> tail;
  sla::SampleWindow settled = window;
  if (unsettled) {
    const std::int64_t edge =
        std::max(floor_to(unix_seconds(*unsettled), k_slot_s), floor_to(measured_from, k_slot_s));
    if (edge < measured_to) {
      tail = edge;
      settled = before(window, at(edge));
    }
  }
  const sla::TimeRange settled_range[] = {settled.measured};
  const Coverage settled_measured(settled_range);
  const Coverage settled_schedule(settled.scheduled);
  store::RollupRepository rollups(db);
  std::vector<std::int64_t> cut_days;
  std::vector<std::int64_t> traffic_slots;
  const std::int64_t from = floor_to(unix_seconds(settled.measured.from), store::k_day_s);
  const std::int64_t to = unix_seconds(settled.measured.to);
  // Days: all of a day's slots inside the measured span, slot by slot for the days its edges cut.
  auto status = rollups.visit_sla(
      store::RollupPeriod::one_day, link_id, {at(from), at(to)},
      [&](const store::SlaRollupRow& row) -> Status {
        ++out.rows.day_rollups;
        const std::int64_t day = unix_seconds(row.t);
        if (settled_measured.cover(day, day + store::k_day_s) == Cover::all) {
          if (auto st = store::append_slot_rates(row.slots, 0, store::k_slots_per_day,
                                                 out.samples.in_rates, out.samples.out_rates);
              !st)
            return st;
        } else {
          for (std::size_t i = 0; i < store::k_slots_per_day; ++i) {
            const std::int64_t slot = day + static_cast<std::int64_t>(i) * k_slot_s;
            const Cover c = settled_measured.cover(slot, slot + k_slot_s);
            if (c == Cover::all) {
              if (auto st = store::append_slot_rates(row.slots, i, i + 1, out.samples.in_rates,
                                                     out.samples.out_rates);
                  !st)
                return st;
            } else if (c == Cover::part && !row.slots.empty()) {
              traffic_slots.push_back(slot);
            }
          }
        }
        const Cover latency = settled_schedule.cover(day, day + store::k_day_s);
        if (latency == Cover::all) return add_up_figures(out.samples, row);
        if (latency == Cover::part) cut_days.push_back(day);
        return {};
      });
  if (!status) return status;

  // Latency and loss of the days the schedule cuts: by hour, then by 5-minute slot, then raw.
  std::vector<std::int64_t> cut_hours;
  for (const std::int64_t day : cut_days) {
    status = read_latency(rollups, store::RollupPeriod::one_hour, link_id, day,
                          day + store::k_day_s, settled_schedule, cut_hours, out);
    if (!status) return status;
  }
  std::vector<std::int64_t> latency_slots;
  for (const std::int64_t hour : cut_hours) {
    status = read_latency(rollups, store::RollupPeriod::five_minutes, link_id, hour,
                          hour + k_hour_s, settled_schedule, latency_slots, out);
    if (!status) return status;
  }
  if (!traffic_slots.empty() || !latency_slots.empty()) {
    status = read_cut_slots(db, link_id, traffic_slots, latency_slots, measured, schedule, out);
    if (!status) return status;
  }
  // The unsettled slots lie after the edge, so after every slot cut above and apart from them.
  if (tail) return read_unsettled(db, link_id, *tail, measured_to, measured, schedule, out);
  return {};
}

}  // namespace

ReadCounts& ReadCounts::operator+=(const ReadCounts& other) {
  link_state += other.link_state;
  maintenance += other.maintenance;
  annotations += other.annotations;
  day_rollups += other.day_rollups;
  hour_rollups += other.hour_rollups;
  slot_rollups += other.slot_rollups;
  samples += other.samples;
  return *this;
}

void MonthInputs::clear() {
  timeline.clear();
  maintenance.clear();
  annotations.clear();
  samples.clear();
  rows = {};
}

Result<sys_seconds> unsettled_from(store::Database& db, sys_seconds now) {
  auto beat = store::DaemonStatusRepository(db).get();
  if (!beat) return fail(beat.error());
  std::int64_t last_poll = unix_seconds(now);
  std::int64_t interval = k_longest_interval_s;
  if (*beat) {
    interval = std::clamp<std::int64_t>((*beat)->interval_s, 1, k_longest_interval_s);
    if (!(*beat)->stopped) last_poll = std::min(last_poll, unix_seconds((*beat)->at));
  }
  // A slot is settled once the poll one interval after its end is written (a minute more for
  // the writer's queue), or at a clean stop.
  return at(floor_to(last_poll - k_slot_s - interval - k_write_delay_s, k_slot_s));
}

Status read_month_inputs(store::Database& db, const store::Link& link, const sla::Period& period,
                         const sla::Policy& policy, std::optional<sys_seconds> measured_to,
                         std::optional<sys_seconds> unsettled, MonthInputs& out) {
  out.clear();
  auto states = store::LinkStateRepository(db).range(link.id, {period.from, period.to});
  if (!states) return fail(states.error());
  out.rows.link_state += states->size();
  for (const auto& s : *states) {
    sla::Interval i{std::max(s.from, period.from), std::min(s.to, period.to), s.state};
    if (i.from < i.to) out.timeline.push_back(i);
  }

  auto windows = store::MaintenanceRepository(db).for_link(link.id, {period.from, period.to});
  if (!windows) return fail(windows.error());
  out.rows.maintenance += windows->size();
  for (const auto& w : *windows) out.maintenance.push_back({w.start_t, w.end_t});

  auto notes = store::OutageRepository(db).range(link.id, {period.from, period.to});
  if (!notes) return fail(notes.error());
  out.rows.annotations += notes->size();
  for (const auto& n : *notes) {
    auto cause = parse_cause(n.cause);
    if (!cause) return fail(cause.error());
    out.annotations.push_back({n.start_t, n.end_t, *cause, n.note});
  }

  return read_samples(db, link.id, sla::sample_window(period, policy, measured_to), unsettled, out);
}

}  // namespace ill::figures
