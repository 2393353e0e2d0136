#include "sla/policy.hpp"

#include <algorithm>
#include <cmath>

namespace ill::sla {

std::string_view to_string(Cause cause) {
  switch (cause) {
  case Cause::provider: return "provider";
  case Cause::customer: return "customer";
  case Cause::planned: return "planned";
  case Cause::power: return "power";
  case Cause::monitoring: return "monitoring";
  }
  return "invalid";
}

std::string_view to_string(ExcludedTime value) {
  switch (value) {
  case ExcludedTime::available: return "available";
  case ExcludedTime::removed: return "removed";
  }
  return "invalid";
}

std::string_view to_string(UnknownPolicy value) {
  switch (value) {
  case UnknownPolicy::not_down: return "not_down";
  case UnknownPolicy::down: return "down";
  case UnknownPolicy::excluded: return "excluded";
  }
  return "invalid";
}

std::string_view to_string(PercentileMethod value) {
  switch (value) {
  case PercentileMethod::nearest_rank: return "nearest_rank";
  case PercentileMethod::interpolated: return "interpolated";
  }
  return "invalid";
}

std::string_view to_string(CreditModel value) {
  switch (value) {
  case CreditModel::none: return "none";
  case CreditModel::availability_pct_of_fee: return "availability_pct_of_fee";
  case CreditModel::availability_days_of_rental: return "availability_days_of_rental";
  case CreditModel::outage_length_pct_of_fee: return "outage_length_pct_of_fee";
  case CreditModel::days_per_started_hour: return "days_per_started_hour";
  }
  return "invalid";
}

std::vector<Band> default_availability_pct_bands() {
  return {{99.99, 0}, {99.5, 5}, {99.0, 10}, {0, 20}};
}

std::vector<Band> default_availability_days_bands() {
  return {{99.5, 0}, {99.0, 1}, {98.5, 2}, {97.5, 3}, {0, 4}};
}

std::vector<Band> default_outage_length_bands() {
  return {{0, 0}, {5 * 60, 5}, {3600, 15}, {3 * 3600, 35}, {6 * 3600, 50}};
}

std::int64_t to_micro_pct(double pct) { return std::llround(pct * 1e6); }

namespace {

bool is_pct(double value) { return std::isfinite(value) && value >= 0 && value <= 100; }

}  // namespace

Status validate(const Policy& policy) {
  if (policy.merge_gap_s < 0) {
    return fail(Errc::config, "merge_gap_s must not be negative, got {}", policy.merge_gap_s);
  }
  if (policy.min_outage_s < 0) {
    return fail(Errc::config, "min_outage_s must not be negative, got {}", policy.min_outage_s);
  }
  if (!is_pct(policy.commitments.uptime_pct)) {
    return fail(Errc::config, "committed uptime must be 0-100 %, got {}",
                policy.commitments.uptime_pct);
  }
  if (!is_pct(policy.commitments.loss_pct)) {
    return fail(Errc::config, "committed loss must be 0-100 %, got {}",
                policy.commitments.loss_pct);
  }
  if (!std::isfinite(policy.commitments.latency_ms) || policy.commitments.latency_ms < 0) {
    return fail(Errc::config, "committed latency must be >= 0 ms, got {}",
                policy.commitments.latency_ms);
  }
  if (policy.monthly_fee_cents < 0) {
    return fail(Errc::config, "monthly fee must not be negative");
  }
  if (!std::isfinite(policy.credit.cap_pct) || policy.credit.cap_pct < 0) {
    return fail(Errc::config, "credit cap must be >= 0 %, got {}", policy.credit.cap_pct);
  }
  const auto& bands = policy.credit.bands;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    if (!std::isfinite(bands[i].at_least) || !std::isfinite(bands[i].value) ||
        bands[i].at_least < 0 || bands[i].value < 0) {
      return fail(Errc::config, "credit band {} must have finite, non-negative bounds and values",
                  i + 1);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (bands[i].at_least == bands[j].at_least) {
        return fail(Errc::config, "credit bands {} and {} share the lower bound {}", j + 1, i + 1,
                    bands[i].at_least);
      }
    }
  }
  if (policy.business_hours) {
    const auto& hours = *policy.business_hours;
    if (hours.start < std::chrono::minutes{0} || hours.end > std::chrono::minutes{24 * 60} ||
        hours.end <= hours.start) {
      return fail(Errc::config, "business hours must satisfy 00:00 <= start < end <= 24:00");
    }
  }
  return {};
}

}  // namespace ill::sla
