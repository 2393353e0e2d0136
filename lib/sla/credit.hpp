// Service credits (sla.md "Service-credit models" and rule 10).
//
// Every model gives the credit as an exact fraction of the monthly fee (integers throughout):
//   (a) availability bands:  band value (percent) / 100
//   (b) availability bands:  band value (days) / calendar days of the month
//   (c) downtime bands:      band value (percent) / 100
//   (d) per started hour:    min(ceil(downtime_s / 3600), days in month) / days in month
// then capped at cap_pct / 100. credit_amount = fee x fraction, rounded to cents, halves away from
// zero; credit_pct = 100 x fraction (as a double, for display).
#pragma once

#include "sla/policy.hpp"

#include <cstdint>
#include <optional>

namespace ill::sla {

struct Credit {
  double pct = 0;  // percent of the monthly fee
  std::int64_t amount_cents = 0;
  double days = 0;  // days of rental, for models b and d (0 otherwise)
};

// True when availability 100 x (1 - downtime_s / scheduled_s) >= pct, compared exactly.
// `scheduled_s` must be positive.
bool availability_at_least(std::int64_t scheduled_s, std::int64_t downtime_s, double pct);

// fee_cents x numerator / denominator rounded to a whole cent, halves away from zero.
std::int64_t round_cents(std::int64_t fee_cents, std::int64_t numerator, std::int64_t denominator);

// The credit under `policy` for a month with these figures; `scheduled_s` must be positive.
Credit compute_credit(const Policy& policy, std::int64_t scheduled_s, std::int64_t downtime_s,
                      int days_in_month);

}  // namespace ill::sla
