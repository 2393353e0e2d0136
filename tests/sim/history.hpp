// History mode: what a poller would have seen of each link, row by row, written as the CSV that
// `illctl history import` reads. Uses the same model as the live server, without waiting.
#pragma once

#include "core/result.hpp"
#include "sim/config.hpp"
#include "sim/model.hpp"

#include <optional>
#include <string>

namespace ill::sim {

enum class LinkState { up, down, unknown };

struct HistoryRow {
  TimeMs time = 0;
  LinkState state = LinkState::unknown;
  std::optional<double> rx_bps, tx_bps, latency_ms, loss_pct;
};

inline constexpr std::string_view k_history_header = "time,state,rx_bps,tx_bps,latency_ms,loss_pct";

// One observation of `link` at `t`. `model` must be the link's router.
HistoryRow history_row(const RouterModel& model, const LinkConfig& link, TimeMs t);
// "2026-10-01T00:00:00Z,up,95000000,12000000,12.403,0" (no newline).
void append_history_row(std::string& out, const HistoryRow& row);

struct HistorySummary {
  std::size_t files = 0;
  std::size_t rows = 0;
};

// Writes DIR/<link>.csv for every link in `config`, rows at from, from+interval, ... < to.
Result<HistorySummary> write_history(const SimConfig& config, TimeMs from, TimeMs to,
                                     DurationMs interval, const std::string& out_dir);

}  // namespace ill::sim
