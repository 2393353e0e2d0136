// A link's recorded history as one thing: its samples, their rollups and its availability
// timeline, written together so that they never disagree. illd's recorder (one live sample at a
// time, the timeline built incrementally) and `illctl history import` (a span of past samples,
// the timeline rebuilt over it) both write through here; neither touches those tables itself.
//
// Decisions:
// - A live sample is stored on its own; once its 5-minute slot has closed, the slot is settled:
//   its rollup row rebuilt from the slot's stored samples and its day row moved by the
//   difference. Each rollup page is then written once a slot rather than once a sample (most of
//   illd's writing was rollup pages), and settling is idempotent, so a slot left open by a crash
//   is settled again after the restart with nothing counted twice. A span of past samples
//   instead rebuilds the rollups of the days it touches from every sample stored there, so
//   importing a file twice leaves them as once.
// - A rebuilt span's timeline comes from sla::build_timeline over every sample stored in it (the
//   imported ones and any the daemon already had); a stored interval that straddles an edge of
//   the span keeps its part outside it.
// - Nothing here opens a transaction: the caller's batch (illd's writer, the import) is the unit.
#pragma once

#include "core/result.hpp"
#include "sla/timeline.hpp"
#include "store/sample_repository.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ill::store {

class Database;

class LinkHistory {
public:
  explicit LinkHistory(Database& db) : m_db(db) {}

  // A live sample, stored; its rollups wait for settle_slot.
  Status put_sample(const Sample& sample);
  // The link's rollups of the 5-minute slot that starts at `slot` brought in line with its stored
  // samples (RollupRepository::settle).
  Status settle_slot(std::int64_t link_id, std::chrono::sys_seconds slot);
  // What sla::TimelineBuilder::push gave for the link, written to its stored timeline.
  Status apply(std::int64_t link_id, const sla::TimelineUpdate& update);
  // Past samples of one link, all inside `span`: stored (a sample at a stored second replaces
  // it), the rollups of the hours the span touches rebuilt, and the timeline over the span
  // rebuilt for a poll interval of `interval`. Returns the intervals rebuilt inside the span.
  Result<std::size_t> put_span(std::int64_t link_id, std::span<const Sample> samples,
                               sla::TimeRange span, std::chrono::seconds interval);

private:
  Result<std::size_t> rebuild_timeline(std::int64_t link_id, sla::TimeRange span,
                                       std::chrono::seconds interval);

  Database& m_db;
};

}  // namespace ill::store
