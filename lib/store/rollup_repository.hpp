// 5-minute, 1-hour and 1-day rollups of samples, kept as sums and counts so they grow as samples
// arrive: long graphs read hours; the SLA figures read the day rows (which keep only
// what they need, with the day's 288 5-minute slots) and, where a month or business hours cut a
// day, the hour and 5-minute rows (figures/month_inputs.hpp).
//
// A day's 5-minute data is stored once (schema version 8): while the day is open, as rows of
// rollups_5m whose traffic the day row's `slots` blob also counts; once it has closed,
// pack_before() moves the rest of the rows into the day row's `detail` blob and the rows go.
// range() and visit_sla() of the 5-minute period read both, so callers see 5-minute rows either
// way. A day's hours are not stored while it has 5-minute data: they are summed when read, from
// the rows or the packed slots; rollups_1h keeps only the hours of data that is expiring (hours
// are kept for good) and rows put whole. Schema 8 stores from before this also have hour rows
// for open days: they are left out while the day's 5-minute rows are there, and go when it is
// packed. Blob formats: rollup_codec.hpp, day_codec.hpp.
#pragma once

#include "core/result.hpp"
#include "sla/interval.hpp"
#include "sla/sample_summary.hpp"
#include "store/day_codec.hpp"
#include "store/rollup_codec.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace ill::store {

class Database;
struct Sample;

// A day's 5-minute rows are packed once the day ended this long ago (illd's writer and history
// import call pack_before with now minus this): late enough that no poll still writes to it.
inline constexpr std::chrono::seconds k_pack_after{3600};

enum class RollupPeriod { five_minutes, one_hour, one_day };
// 300, 3600 or 86400 seconds.
std::chrono::seconds length_of(RollupPeriod period);

// A day row has only samples, the up_* figures and slots; the other fields stay 0.
struct Rollup {
  std::int64_t link_id = 0;
  std::chrono::sys_seconds t;  // slot start, a multiple of the period
  std::int64_t samples = 0;
  std::int64_t up_samples = 0;
  std::int64_t down_samples = 0;
  std::int64_t rx_n = 0;
  double rx_sum = 0;
  std::optional<double> rx_max;
  std::int64_t tx_n = 0;
  double tx_sum = 0;
  std::optional<double> tx_max;
  // Latency and loss of every sample that carries them.
  std::int64_t latency_n = 0;
  double latency_sum = 0;
  std::optional<double> latency_max;
  std::int64_t loss_n = 0;
  double loss_sum = 0;
  // Of `up` samples only (sla.md rule 7), the latencies also counted per 0.1 ms.
  std::int64_t up_latency_n = 0;
  double up_latency_sum = 0;
  std::int64_t up_loss_n = 0;
  double up_loss_sum = 0;
  std::vector<sla::LatencyCount> up_latencies;  // sorted by bucket
  // Day rows: the sums of the day's 288 5-minute slots (empty for the other periods).
  std::vector<SlotSums> slots;

  std::optional<double> rx_bps_avg() const {
    return rx_n ? std::optional(rx_sum / rx_n) : std::nullopt;
  }
  std::optional<double> tx_bps_avg() const {
    return tx_n ? std::optional(tx_sum / tx_n) : std::nullopt;
  }
  bool operator==(const Rollup&) const = default;
};

// One rollup row as the SLA figures read it. The blobs point into SQLite's memory: valid only
// during the visit.
struct SlaRollupRow {
  std::chrono::sys_seconds t;
  std::int64_t up_latency_n = 0;
  double up_latency_sum = 0;
  std::int64_t up_loss_n = 0;
  double up_loss_sum = 0;
  std::span<const unsigned char> up_latency_hist;
  // Day rows: the slots blob.
  std::span<const unsigned char> slots;
};

class RollupRepository {
public:
  explicit RollupRepository(Database& db) : m_db(db) {}

  // Adds one new sample to its 5-minute, 1-hour and 1-day rows. Call it once per new sample (in
  // the same transaction as SampleRepository::put); a replaced sample is not subtracted.
  Status add(const Sample& sample);
  // Brings the rollups of one 5-minute slot of a link in line with its stored samples: the slot's
  // row is rebuilt from them and its day row moved by the difference, so settling a slot twice,
  // or one that history import rebuilt meanwhile, changes nothing. illd's writer settles each
  // slot once it has closed instead of adding every sample (see collect/recorder.hpp). A slot of
  // a packed day rebuilds that whole day (rebuild()), which the next pack pass packs again.
  Status settle(std::int64_t link_id, std::chrono::sys_seconds slot);
  // Rebuilds from the stored samples every rollup row of the link in the whole UTC days that
  // `range` touches, so that the rollups agree with the samples however often they were
  // replaced (history import). Rows there without samples go.
  Status rebuild(std::int64_t link_id, sla::TimeRange range);
  // Writes whole rows, replacing any of the same link and slot: for tools that build rollups in
  // bulk (the SLA benchmark's store).
  Status put(RollupPeriod period, const Rollup& rollup);
  // Slots of a link with range.from <= t < range.to, by time. Histograms::skip leaves every row's
  // up_latencies empty (graphs, which need no percentile, read a month of packed days faster).
  Result<std::vector<Rollup>> range(RollupPeriod period, std::int64_t link_id, sla::TimeRange range,
                                    Histograms histograms = Histograms::keep);
  // The same, as the SLA figures read them: without copies, stopping at the first error `visit`
  // returns.
  Status visit_sla(RollupPeriod period, std::int64_t link_id, sla::TimeRange range,
                   const std::function<Status(const SlaRollupRow&)>& visit);
  // Deletes the rows of `period` older than `before` (5-minute rows: older than the hour
  // `before` falls in); returns how many went. The hours of what goes are kept as hour rows.
  Result<std::int64_t> expire_before(RollupPeriod period, std::chrono::sys_seconds before);
  // Packs the 5-minute rows of every UTC day that ended at or before `before` into their day
  // row's detail (day_codec.hpp) and deletes them, at most `max_days` link-days a call (the
  // writer packs a bounded number per pass); returns how many it packed. A day without a day
  // row keeps its rows. Reads see the same 5-minute slots before and after.
  Result<std::int64_t> pack_before(
      std::chrono::sys_seconds before,
      std::int64_t max_days = std::numeric_limits<std::int64_t>::max());

private:
  // A packed day, decoded (the last one read is kept: the SLA figures read a cut day's hours and
  // then the 5-minute slots of its cut hours).
  struct PackedDay {
    std::int64_t link_id = -1;
    std::int64_t day = 0;
    bool packed = false;
    Histograms histograms = Histograms::keep;  // skip: every detail's up_latencies left empty
    std::vector<SlotSums> traffic;
    std::vector<SlotDetail> detail;
  };

  // The day, or nullptr when it is not packed.
  Result<const PackedDay*> packed_day(std::int64_t link_id, std::int64_t day,
                                      Histograms histograms = Histograms::keep);
  Result<std::vector<Rollup>> five_minute_range(std::int64_t link_id, std::int64_t from,
                                                std::int64_t to,
                                                Histograms histograms = Histograms::keep);
  Result<std::vector<Rollup>> hour_range(std::int64_t link_id, std::int64_t from, std::int64_t to,
                                         Histograms histograms = Histograms::keep);
  // Writes the link's hour rows of its packed days before `before`, which are about to expire
  // while hours are kept.
  Status keep_hours_before(std::int64_t link_id, std::int64_t before);
  // Writes the link's hour rows of its 5-minute rows before `before` (a whole hour) of days not
  // packed, which are about to expire.
  Status keep_open_hours_before(std::int64_t link_id, std::int64_t before);
  // Writes as hour rows the hours of each span [from, from + span_s) in `spans`, as read.
  Status keep_hours(std::int64_t link_id, const std::vector<std::int64_t>& spans,
                    std::int64_t span_s);

  Database& m_db;
  PackedDay m_day;
};

}  // namespace ill::store
