#include "figures/report_json.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cstdio>

namespace ill::figures {

namespace {

using nlohmann::json;

std::int64_t unix_of(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

std::string rfc3339(std::int64_t unix_seconds) {
  const date::sys_seconds t{std::chrono::seconds{unix_seconds}};
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

Result<std::int64_t> parse_rfc3339(std::string_view text) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  const std::string copy(text);
  if (copy.size() != 20 ||
      std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z' || h > 23 || mi > 59 || s > 60)
    return fail(Errc::invalid_input, "'{}' is not a UTC time like 2026-01-31T18:30:00Z", text);
  const date::year_month_day day{date::year{y} / mo / d};
  if (!day.ok()) return fail(Errc::invalid_input, "'{}' is not a date", text);
  const auto t = date::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                 std::chrono::seconds{s};
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}

json figures_json(const store::Link& link, const std::string& month, const sla::Period& period,
                  const sla::MonthFigures& f) {
  auto outages = json::array();
  for (const auto& o : f.outages)
    outages.push_back({{"start", rfc3339(unix_of(o.start))},
                       {"end", rfc3339(unix_of(o.end))},
                       {"duration_s", o.duration_s},
                       {"down_s", o.down_s},
                       {"cause", sla::to_string(o.cause)},
                       {"annotated", o.annotated},
                       {"note", o.note},
                       {"is_downtime", o.is_downtime},
                       {"counted", o.counted}});
  json breach = {{"availability", f.breach.availability},
                 {"latency", f.breach.latency},
                 {"loss", f.breach.loss},
                 {"details", f.breach.details}};
  json credit_amount = nullptr;
  if (f.credit_cents) credit_amount = static_cast<double>(*f.credit_cents) / 100.0;
  // Downtime the commitment still allows this month, and where the month's pace so far leads.
  json budget = nullptr;
  if (f.budget) {
    budget = {{"as_of", rfc3339(unix_of(f.budget->as_of))},
              {"allowed_s", f.budget->allowed_s},
              {"left_s", f.budget->left_s},
              {"forecast_downtime_s", f.budget->forecast_downtime_s},
              {"forecast_left_s", f.budget->forecast_left_s},
              {"forecast_breach", f.budget->forecast_breach}};
  }
  return {{"link", link.name},
          {"client", link.client_name},
          {"month", month},
          {"timezone", period.zone->name()},
          {"from", rfc3339(unix_of(period.from))},
          {"to", rfc3339(unix_of(period.to))},
          {"measured_to", rfc3339(unix_of(f.measured.to))},
          {"month_to_date", f.measured.to < period.to},
          {"period_s", f.period_s},
          {"scheduled_s", f.scheduled_s},
          {"downtime_s", f.downtime_s},
          {"unknown_s", f.unknown_s},
          {"excluded_s", f.excluded_s},
          {"excused_s", f.excused_s},
          {"up_s", f.up_s},
          {"availability_pct", opt(f.availability_pct)},
          {"null_reason", f.null_reason.empty() ? json(nullptr) : json(f.null_reason)},
          {"outages", outages},
          {"outage_count", f.outage_count},
          {"mttr_s", opt(f.mttr_s)},
          {"longest_outage_s", opt(f.longest_outage_s)},
          {"latency_avg_ms", opt(f.latency_avg_ms)},
          {"latency_p95_ms", opt(f.latency_p95_ms)},
          {"latency_n", f.latency_n},
          {"loss_avg_pct", opt(f.loss_avg_pct)},
          {"loss_n", f.loss_n},
          {"p95_in_bps", opt(f.traffic.in_bps)},
          {"p95_out_bps", opt(f.traffic.out_bps)},
          {"p95_bps", opt(f.traffic.bps)},
          {"p95_in_slots", f.traffic.in_slots},
          {"p95_out_slots", f.traffic.out_slots},
          {"p95_method", sla::to_string(f.traffic.method)},
          {"breach", breach},
          {"credit_pct", opt(f.credit_pct)},
          {"credit_amount", credit_amount},
          {"error_budget", budget},
          {"credit_days", opt(f.credit_days)},
          {"currency", f.currency}};
}

}  // namespace ill::figures
