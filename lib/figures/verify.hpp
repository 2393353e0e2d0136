// Defending a figure (`illctl sla verify`): a link's stored month recomputed from the raw
// record and compared, figure by figure, with the stored sla_reports row and with the reports
// the history says were printed from it. What an ISP runs when a client disputes a credit.
//
// Three versions of each figure are compared:
//   stored     the sla_reports row (what `sla show` prints and the reports printed);
//   current    the same calculation run again now, from link_state and the rollups, under the
//              row's own policy and measured end;
//   raw        the same period and policy, but latency, loss and traffic from the raw samples
//              table instead of the rollups (the timeline, maintenance and annotations are raw
//              already).
// Decisions:
// - A figure differs when two versions are not equal: numbers within 1e-9 of each other
//   (relative to their size, at least 1) are equal; everything else (text, booleans, arrays
//   such as the outages) must be identical.
// - The cause of a difference, in this order: stored != current is `stale` (the data changed
//   after the row was computed: a later history import, an annotation, a maintenance window;
//   `sla calculate` refreshes it); current != raw with fewer raw samples than the rollups
//   counted is `retention` (the raw samples have expired, so that figure cannot be recomputed
//   from them: reported as unverifiable, not as a difference); a remaining current != raw that is
//   under 1e-6 relative is `rounding` (the order of floating-point additions; invisible at any
//   printed precision, reported and not counted as a difference); anything else is `rollups`
//   (the rollups disagree with the raw samples: corruption or a bug, always a difference).
// - The reports: for the newest document of each format in the history for the link's client
//   and month (whole-client scope), one printed before the row was last computed
//   (document.computed_at < row.computed_at) is a `report` difference; a JSON document's figures
//   for the link are also compared with the row, figure by figure.
// - No stored row is itself a difference (`no-row`): there is nothing the client was given.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::figures {

enum class DifferenceCause { no_row, stale, retention, rounding, rollups, report };
std::string_view to_string(DifferenceCause cause);

struct FigureDifference {
  std::string figure;  // the key in the figures JSON ("availability_pct", "outages")
  DifferenceCause cause = DifferenceCause::stale;
  nlohmann::json stored;      // the row's value (or the report's, for `report`)
  nlohmann::json recomputed;  // current's (stale, report) or raw's value
  std::string explanation;    // one sentence naming what to do
};

struct VerifyResult {
  std::string link;
  std::string month;
  std::optional<std::chrono::sys_seconds> computed_at;  // the stored row's
  std::uint64_t raw_samples = 0;                        // raw samples in the period
  std::vector<FigureDifference> differences;
  std::vector<std::int64_t> documents_checked;  // report history ids
  // True when nothing but `rounding` and `retention` was found.
  bool holds() const;
};

// Verifies the stored month (`month`: "YYYY-MM", "last", "this") of `link`; `now` resolves
// "last" and "this". Reads only; changes nothing.
Result<VerifyResult> verify_month(store::Database& db, const store::Link& link,
                                  std::string_view month, std::chrono::sys_seconds now);

// The figures of a stored row that the same calculation, run now under the row's own policy and
// measured end, no longer gives (the `stale` cause above): empty while the row is current. What
// `illctl sla show` flags. Reads only.
Result<std::vector<std::string>> stale_figures(store::Database& db, const store::Link& link,
                                               const store::SlaReport& row,
                                               std::chrono::sys_seconds now);

}  // namespace ill::figures
