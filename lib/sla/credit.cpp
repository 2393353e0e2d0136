#include "sla/credit.hpp"

#include <cmath>

namespace ill::sla {

namespace {

__extension__ using Wide = __int128;

constexpr std::int64_t k_micro_per_pct = 1'000'000;
constexpr std::int64_t k_micro_hundred = 100 * k_micro_per_pct;

// The band that applies to a figure: the greatest lower bound reached, or none.
template <typename Reaches>
std::optional<Band> find_band(const std::vector<Band>& bands, Reaches reaches) {
  std::optional<Band> best;
  for (const Band& band : bands) {
    if (reaches(band.at_least) && (!best || band.at_least > best->at_least)) {
      best = band;
    }
  }
  return best;
}

}  // namespace

bool availability_at_least(std::int64_t scheduled_s, std::int64_t downtime_s, double pct) {
  // 100 (1 - d/s) >= p  <=>  (s - d) x 100e6 >= p_micro x s, with s > 0.
  const Wide lhs = static_cast<Wide>(scheduled_s - downtime_s) * k_micro_hundred;
  const Wide rhs = static_cast<Wide>(to_micro_pct(pct)) * scheduled_s;
  return lhs >= rhs;
}

std::int64_t round_cents(std::int64_t fee_cents, std::int64_t numerator, std::int64_t denominator) {
  Wide product = static_cast<Wide>(fee_cents) * numerator;
  Wide den = denominator;
  if (den < 0) {
    den = -den;
    product = -product;
  }
  const bool negative = product < 0;
  const Wide magnitude = negative ? -product : product;
  const Wide rounded = (2 * magnitude + den) / (2 * den);
  return static_cast<std::int64_t>(negative ? -rounded : rounded);
}

Credit compute_credit(const Policy& policy, std::int64_t scheduled_s, std::int64_t downtime_s,
                      int days_in_month) {
  const auto& credit = policy.credit;
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;
  bool in_days = false;
  switch (credit.model) {
  case CreditModel::none: break;
  case CreditModel::availability_pct_of_fee:
    if (auto band = find_band(credit.bands, [&](double bound) {
          return availability_at_least(scheduled_s, downtime_s, bound);
        })) {
      numerator = to_micro_pct(band->value);
      denominator = k_micro_hundred;
    }
    break;
  case CreditModel::availability_days_of_rental:
    in_days = true;
    if (auto band = find_band(credit.bands, [&](double bound) {
          return availability_at_least(scheduled_s, downtime_s, bound);
        })) {
      numerator = std::llround(band->value * 1e6);
      denominator = static_cast<std::int64_t>(days_in_month) * 1'000'000;
    }
    break;
  case CreditModel::outage_length_pct_of_fee:
    if (auto band = find_band(
            credit.bands, [&](double bound) { return static_cast<double>(downtime_s) >= bound; })) {
      numerator = to_micro_pct(band->value);
      denominator = k_micro_hundred;
    }
    break;
  case CreditModel::days_per_started_hour: {
    in_days = true;
    const std::int64_t hours = (downtime_s + 3599) / 3600;
    numerator = std::min<std::int64_t>(hours, days_in_month);
    denominator = days_in_month;
    break;
  }
  }
  // Cap: fraction <= cap_micro / 100e6.
  const std::int64_t cap = to_micro_pct(credit.cap_pct);
  if (static_cast<Wide>(numerator) * k_micro_hundred > static_cast<Wide>(cap) * denominator) {
    numerator = cap;
    denominator = k_micro_hundred;
  }
  Credit result;
  result.pct = 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
  result.amount_cents = round_cents(policy.monthly_fee_cents, numerator, denominator);
  if (in_days) {
    result.days = static_cast<double>(numerator) * days_in_month / static_cast<double>(denominator);
  }
  return result;
}

}  // namespace ill::sla
