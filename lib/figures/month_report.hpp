// A link's month of SLA figures from the store (`illctl sla calculate`, `outage list`), and the
// same for a fleet, stored in sla_reports.
//
// Decisions:
// - `last` and `this` (or "last month", "this month") are resolved in each link's client's zone,
//   so at one instant two links may be given different months.
// - A month still running is measured up to `now` (month to date).
// - The stored figures are the JSON printed (figures_json plus computed_at), so `sla show`
//   prints exactly what `sla calculate` printed when it stored the row; the stored policy is
//   policy_json() of the effective policy.
// - A fleet is calculated by worker threads, each with its own read-only connection (one read
//   transaction each, so each sees one snapshot of the store); the calling thread gathers the
//   results in link order and stores them in one transaction at the end: all of them or, on the
//   first error, none, and the write lock is held only while they are written.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "figures/month_inputs.hpp"
#include "sla/month_figures.hpp"
#include "sla/period.hpp"
#include "sla/policy.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::figures {

// "YYYY-MM" of a calendar month.
std::string month_text(date::year_month month);
// The month of `month` ("YYYY-MM", "last", "this", "last month", "this month") for a link whose
// client is in `zone`, and its period (from the activation date when that falls inside it).
struct LinkMonth {
  std::string month;
  sla::Period period;
};
Result<LinkMonth> link_month(const store::Link& link, const date::time_zone* zone,
                             std::string_view month, std::chrono::sys_seconds now);
// The zone of a link's client.
Result<const date::time_zone*> zone_of(store::Database& db, const store::Link& link);

struct MonthReport {
  std::string month;
  sla::Period period;
  sla::Policy policy;
  sla::MonthFigures figures;
  std::string text;  // figures_text(), compact: what sla_reports.figures keeps
  nlohmann::json json() const { return nlohmann::json::parse(text); }
  ReadCounts rows;
};

// The figures of one link and month under its effective policy; nothing is stored.
Result<MonthReport> compute_month(store::Database& db, const store::Link& link,
                                  std::string_view month, std::chrono::sys_seconds now,
                                  const config::SlaSettings& defaults);
// The same under a given policy, measured up to `measured_to` (a stored row's), computed at
// `now`.
Result<MonthReport> compute_month(store::Database& db, const store::Link& link,
                                  std::string_view month, const sla::Policy& policy,
                                  std::chrono::sys_seconds measured_to,
                                  std::chrono::sys_seconds now);

struct FleetOptions {
  unsigned threads = 0;  // 0: one per core; 1: this thread only
  // Called on the calling thread after each link's figures: (done, total).
  std::function<void(std::size_t, std::size_t)> progress;
  // When at least 0: each report's JSON indented by two spaces a level from this level, for
  // printing (FleetReport::pretty).
  int pretty_depth = -1;
};
// One link's month as the fleet calculation gives it back: no JSON tree, which would cost more
// than the calculation (10,000 of them).
struct FleetReport {
  std::string link;
  std::string month;
  bool month_to_date = false;
  sla::MonthFigures figures;
  std::string text;    // the stored JSON (moved into sla_reports; empty here afterwards)
  std::string pretty;  // see FleetOptions::pretty_depth
};
struct FleetResult {
  std::vector<FleetReport> reports;  // in the order of `links`
  ReadCounts rows;
};
// Computes and stores (replacing) the month of every link.
Result<FleetResult> calculate_and_store(store::Database& db, const std::vector<store::Link>& links,
                                        std::string_view month, std::chrono::sys_seconds now,
                                        const config::SlaSettings& defaults,
                                        const FleetOptions& options = {});

}  // namespace ill::figures
