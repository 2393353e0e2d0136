// A link's past polls from another monitoring tool (`illctl history import`): samples from a CSV
// file, and the availability timeline rebuilt from them.
//
// Decisions:
// - Columns are found by the header's names (any order); `time` and `state` are required, the
//   others (rx_bps, tx_bps, latency_ms, loss_pct) optional, and any other name is an error.
// - `time` must carry its offset (RFC 3339 with Z or +HH:MM): a CSV from another tool with bare
//   local times would otherwise be read silently as UTC.
// - Rows may come in any order; they are sorted by time. Two rows with the same time are an
//   error (which one is right cannot be known).
// - A row later than now plus k_history_future_skew is an error: a typo in a year would
//   otherwise put the link's timeline ahead of the daemon, which then never records over it.
// - Every bad cell of every row is reported with its line and column, and then nothing is
//   written (the inventory importer's ImportError and rule).
// - The timeline is rebuilt over [first row, last row + interval) from every sample of the link
//   stored in that span after the import (the imported ones and any the daemon already had), with
//   sla::build_timeline; the link_state rows of that span are replaced. A stored interval that
//   straddles an edge of the span keeps its part outside it.
// - The rollups of the whole hours the span touches are rebuilt from the samples stored there
//   (store::RollupRepository::rebuild), so importing a file twice leaves them as once; the days
//   that have closed are then packed into their day rows, as illd would pack them.
// - Rates are rounded to the whole bit per second, as the collector stores them.
// - All of it is one transaction.
#pragma once

#include "core/result.hpp"
#include "inventory/importer.hpp"
#include "store/sample_repository.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ill::store {
class Database;
}  // namespace ill::store

namespace ill::inventory {

// How far ahead of this machine's clock a row may be (the source's clock may run a little fast).
inline constexpr std::chrono::seconds k_history_future_skew{300};

inline constexpr std::array<std::string_view, 6> k_history_columns{
    "time", "state", "rx_bps", "tx_bps", "latency_ms", "loss_pct"};

struct HistoryRow {
  std::size_t line = 0;
  store::Sample sample;
};

struct HistoryRows {
  std::vector<HistoryRow> rows;     // the good rows, sorted by time
  std::vector<ImportError> errors;  // sorted by line; line 0 is about the file as a whole
};

// Parses a history CSV for `link_id`; `now` bounds the rows' times. Touches no store.
HistoryRows parse_history(std::string_view csv, std::int64_t link_id, std::chrono::sys_seconds now);

struct HistoryImport {
  std::size_t samples = 0;                // rows imported (or that would be, on a dry run)
  std::chrono::sys_seconds from{}, to{};  // the span rebuilt: [first row, last row + interval)
  std::size_t intervals = 0;              // timeline intervals rebuilt from the span's samples
  bool committed = false;
  std::vector<ImportError> errors;  // when any, nothing was written
};

// Parses `csv` and, unless `dry_run` or a row is bad, writes the samples, rebuilds the span's
// rollups and timeline, in one transaction. A failing Result means the database failed.
Result<HistoryImport> import_history(store::Database& db, std::int64_t link_id,
                                     std::string_view csv, std::chrono::seconds interval,
                                     bool dry_run, std::chrono::sys_seconds now);

}  // namespace ill::inventory
