#include "figures/month_inputs.hpp"

#include "core/format.hpp"
#include "figures/effective_policy.hpp"
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
constexpr std::int64_t k_unsettled_s = 2 * k_slot_s;

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
    const bool traffic = std::binary_search(traffic_slots.begin(), traffic_slots.end(), slot);
    const bool latency = std::binary_search(latency_slots.begin(), latency_slots.end(), slot);
    std::int64_t rx_n = 0;
    std::int64_t tx_n = 0;
    double rx_sum = 0;
    double tx_sum = 0;
    for (const store::Sample& s : *rows) {
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
                    std::optional<sys_seconds> now, MonthInputs& out) {
  if (window.measured.empty()) return {};
  const sla::TimeRange measured_range[] = {window.measured};
  const Coverage measured(measured_range);
  const Coverage schedule(window.scheduled);
  // illd settles a 5-minute slot's rollups up to one poll interval (300 s at most) after the slot
  // ends (collect/recorder.hpp): the slots that end within k_unsettled_s of `now` are read raw,
  // the rest from the rollups.
  std::vector<std::int64_t> tail;
  sla::SampleWindow settled = window;
  if (now) {
    const std::int64_t edge = floor_to(unix_seconds(*now) - k_unsettled_s, k_slot_s);
    const std::int64_t measured_to = unix_seconds(window.measured.to);
    for (std::int64_t slot = std::max(edge, floor_to(unix_seconds(window.measured.from), k_slot_s));
         slot < measured_to; slot += k_slot_s)
      tail.push_back(slot);
    if (!tail.empty()) settled = before(window, at(edge));
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
  // The tail's slots come after every slot cut above, so both lists stay sorted.
  traffic_slots.insert(traffic_slots.end(), tail.begin(), tail.end());
  latency_slots.insert(latency_slots.end(), tail.begin(), tail.end());
  if (traffic_slots.empty() && latency_slots.empty()) return {};
  return read_cut_slots(db, link_id, traffic_slots, latency_slots, measured, schedule, out);
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

Status read_month_inputs(store::Database& db, const store::Link& link, const sla::Period& period,
                         const sla::Policy& policy, std::optional<std::chrono::sys_seconds> now,
                         MonthInputs& out) {
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

  return read_samples(db, link.id, sla::sample_window(period, policy, now), now, out);
}

}  // namespace ill::figures
