#include "store/link_history.hpp"

#include "core/format.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"

#include <algorithm>
#include <vector>

namespace ill::store {

Status LinkHistory::put_sample(const Sample& sample) { return SampleRepository(m_db).put(sample); }

Status LinkHistory::settle_slot(std::int64_t link_id, std::chrono::sys_seconds slot) {
  return RollupRepository(m_db).settle(link_id, slot);
}

Status LinkHistory::apply(std::int64_t link_id, const sla::TimelineUpdate& update) {
  if (update.empty()) return {};
  std::optional<sla::TimeRange> last_end;
  if (update.changed_last)
    last_end = sla::TimeRange{update.changed_last->from, update.changed_last->to};
  std::vector<StateInterval> appended;
  appended.reserve(update.appended_count);
  for (const auto& i : update.appended()) appended.push_back({link_id, i.from, i.to, i.state});
  return LinkStateRepository(m_db).apply(link_id, last_end, appended);
}

Result<std::size_t> LinkHistory::put_span(std::int64_t link_id, std::span<const Sample> samples,
                                          sla::TimeRange span, std::chrono::seconds interval) {
  SampleRepository stored(m_db);
  for (const Sample& sample : samples) {
    if (sample.link_id != link_id || sample.t < span.from || sample.t >= span.to)
      return fail(Errc::internal, "a sample of link {} at {} is outside the span written",
                  sample.link_id, rfc3339(sample.t));
    if (auto put = stored.put(sample); !put) return fail(put.error());
  }
  if (auto rebuilt = RollupRepository(m_db).rebuild(link_id, span); !rebuilt)
    return fail(rebuilt.error());
  return rebuild_timeline(link_id, span, interval);
}

Result<std::size_t> LinkHistory::rebuild_timeline(std::int64_t link_id, sla::TimeRange span,
                                                  std::chrono::seconds interval) {
  auto stored = SampleRepository(m_db).range(link_id, span);
  if (!stored) return fail(stored.error());
  std::vector<sla::Observation> observations;
  observations.reserve(stored->size());
  for (const auto& s : *stored) {
    sla::Observation ob;
    ob.t = s.t;
    ob.state = s.state;
    observations.push_back(ob);
  }
  auto timeline = sla::build_timeline(observations, interval);
  if (!timeline) return fail(timeline.error());

  LinkStateRepository states(m_db);
  auto existing = states.range(link_id, span);
  if (!existing) return fail(existing.error());
  std::vector<sla::Interval> merged;
  sla::TimeRange replaced = span;
  if (!existing->empty() && existing->front().from < span.from) {
    const auto& head = existing->front();
    replaced.from = head.from;
    sla::append_merged(merged, {head.from, span.from, head.state});
  }
  for (const auto& i : *timeline) sla::append_merged(merged, i);
  if (!existing->empty() && existing->back().to > span.to) {
    const auto& tail = existing->back();
    replaced.to = std::max(replaced.to, tail.from + std::chrono::seconds{1});
    sla::append_merged(merged, {span.to, tail.to, tail.state});
  }
  std::vector<StateInterval> intervals;
  intervals.reserve(merged.size());
  for (const auto& i : merged) intervals.push_back({link_id, i.from, i.to, i.state});
  if (auto written = states.replace(link_id, replaced, intervals); !written)
    return fail(written.error());
  return timeline->size();
}

}  // namespace ill::store
