// A link's SLA contract: every choice carriers make differently, with sla.md's defaults.
//
// Decisions where sla.md is silent:
// - Percentages (commitments, band bounds, credit values, the cap) are given as doubles and used
//   exactly to 1e-6 of a percent: each is rounded once to an integer count of micro-percent, and
//   every comparison with availability is done in integers, never on a rounded double.
// - Business hours: when set, only the local hours [start, end) of the listed weekdays, in the
//   period's zone, are scheduled. Time outside them is outside everything: not scheduled, not
//   downtime, not unknown, not excluded. It bounds outages like the period's edges do, so an
//   outage running overnight is two outages, and an off-hours gap never merges two outages.
//   Latency and loss use only observations inside business hours; 95th-percentile traffic, a
//   billing figure, always uses the whole period. A day's start and end are local times on that
//   date (a DST change inside the hours makes that day an hour shorter or longer); end must be
//   after start (no overnight schedules), and 24:00 is allowed as an end.
// - Causes: by default only `provider` counts against the SLA; `customer`, `planned`, `power`
//   (site power, which sla.md lists among customer-side faults; annotate a provider POP's power
//   failure as `provider`) and `monitoring` do not.
// - excluded_time = removed takes out of scheduled_s the maintenance windows (rule 3) and also the
//   down time of outages whose cause does not count (`excused_s`): sla.md's "excluded time" covers
//   both planned work and customer-side faults. Under `available` both stay in the schedule.
// - Credit bands: a table of {at_least, value}; the band that applies is the one with the greatest
//   `at_least` that the figure reaches (lower bound inclusive, rule 10); no band reached: 0.
//   Models a and b compare availability in percent, model c compares downtime_s in seconds.
//   Model b's value is days of rental; a and c give percent of the fee. Model d ignores the bands.
// - Money is in minor units (cents: 1/100 of the currency unit).
#pragma once

#include "core/result.hpp"
#include "sla/outage.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::sla {

enum class ExcludedTime { available, removed };
enum class UnknownPolicy { not_down, down, excluded };
enum class PercentileMethod { nearest_rank, interpolated };
enum class CreditModel {
  none,
  availability_pct_of_fee,      // (a) availability bands -> % of the fee
  availability_days_of_rental,  // (b) availability bands -> days of rental
  outage_length_pct_of_fee,     // (c) bands of cumulative downtime (seconds) -> % of the fee
  days_per_started_hour,        // (d) one day of rental per started hour of downtime
};

std::string_view to_string(ExcludedTime value);
std::string_view to_string(UnknownPolicy value);
std::string_view to_string(PercentileMethod value);
std::string_view to_string(CreditModel value);

struct Band {
  double at_least = 0;  // lower bound, inclusive: availability % (a, b) or downtime seconds (c)
  double value = 0;     // % of the fee (a, c) or days of rental (b)
};

struct BusinessHours {
  // Indexed by date::weekday::c_encoding(): 0 = Sunday ... 6 = Saturday.
  std::array<bool, 7> weekdays{false, true, true, true, true, true, false};
  std::chrono::minutes start{9 * 60};
  std::chrono::minutes end{18 * 60};
};

struct Commitments {
  double uptime_pct = 99.50;
  double latency_ms = 50;
  double loss_pct = 1.00;
};

// sla.md model 1's example: below 99.99 %: 5 %; below 99.5 %: 10 %; below 99.0 %: 20 %.
std::vector<Band> default_availability_pct_bands();
// sla.md model 2's example: 99.0-99.5 %: 1 day; 98.5-99.0: 2; 97.5-98.5: 3; below 97.5: 4.
std::vector<Band> default_availability_days_bands();
// sla.md model 3's example: 5-60 min: 5 %; 1-3 h: 15 %; 3-6 h: 35 %; 6 h or more: 50 %.
std::vector<Band> default_outage_length_bands();

struct CreditPolicy {
  CreditModel model = CreditModel::availability_pct_of_fee;
  std::vector<Band> bands = default_availability_pct_bands();
  double cap_pct = 100;
};

struct Policy {
  ExcludedTime excluded_time = ExcludedTime::available;
  UnknownPolicy unknown = UnknownPolicy::not_down;
  std::int64_t merge_gap_s = 0;
  std::int64_t min_outage_s = 0;
  PercentileMethod percentile = PercentileMethod::nearest_rank;
  std::optional<BusinessHours> business_hours;
  // Indexed by Cause: whether an outage of that cause counts against the SLA.
  std::array<bool, k_cause_count> cause_counts{true, false, false, false, false};
  Commitments commitments;
  std::int64_t monthly_fee_cents = 0;
  std::string currency = "INR";
  CreditPolicy credit;

  bool counts(Cause cause) const { return cause_counts[static_cast<std::size_t>(cause)]; }
};

// Checks that the policy makes sense (non-negative gaps, percentages in range, bands with
// distinct bounds, business hours with end after start).
Status validate(const Policy& policy);

// A percentage as an exact integer count of 1e-6 percent.
std::int64_t to_micro_pct(double pct);

}  // namespace ill::sla
