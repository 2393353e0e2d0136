#include "report/figure_text.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace ill::report {

std::optional<double> number_at(const nlohmann::json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string availability_text(std::optional<double> pct) {
  return pct ? fmt::format("{:.4f} %", *pct) : std::string(k_none);
}

std::string latency_text(std::optional<double> ms) {
  return ms ? fmt::format("{:.1f} ms", *ms) : std::string(k_none);
}

std::string loss_text(std::optional<double> pct) {
  return pct ? fmt::format("{:.2f} %", *pct) : std::string(k_none);
}

std::string bps_text(std::optional<double> bps) {
  if (!bps) return std::string(k_none);
  if (*bps >= 1e9) return fmt::format("{:.2f} Gb/s", *bps / 1e9);
  if (*bps >= 1e6) return fmt::format("{:.2f} Mb/s", *bps / 1e6);
  if (*bps >= 1e3) return fmt::format("{:.2f} kb/s", *bps / 1e3);
  return fmt::format("{:.0f} b/s", *bps);
}

std::string duration_text(std::optional<double> seconds) {
  if (!seconds) return std::string(k_none);
  const auto s = static_cast<std::int64_t>(std::llround(*seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60);
}

std::string money_text(std::optional<double> amount, std::string_view currency) {
  if (!amount) return std::string(k_none);
  return fmt::format("{:.2f} {}", *amount, currency);
}

std::string shortest(double value) {
  std::string s = fmt::format("{:.6f}", value);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string committed_text(const nlohmann::json& policy, std::string_view key) {
  const auto it = policy.find("commitments");
  if (it == policy.end()) return std::string(k_none);
  const auto v = number_at(*it, key);
  return v ? shortest(*v) : std::string(k_none);
}

std::string breach_list(const nlohmann::json& figures, std::string_view separator) {
  std::string out;
  const auto it = figures.find("breach");
  if (it == figures.end() || !it->is_object()) return out;
  for (const char* what : {"availability", "latency", "loss"})
    if (it->value(what, false)) {
      if (!out.empty()) out += separator;
      out += what;
    }
  return out;
}

std::string local_time_text(const date::time_zone* zone, std::chrono::sys_seconds t, bool seconds) {
  const auto zoned = date::make_zoned(zone, t);
  return seconds ? date::format("%Y-%m-%d %H:%M:%S %Z", zoned)
                 : date::format("%Y-%m-%d %H:%M %Z", zoned);
}

std::string local_date_text(const date::time_zone* zone, std::int64_t unix_seconds) {
  static constexpr std::array<const char*, 12> k_months = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const auto t = std::chrono::sys_seconds(std::chrono::seconds(unix_seconds));
  const auto local = date::floor<date::days>(zone->to_local(t));
  const date::year_month_day ymd(local);
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     k_months[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

}  // namespace ill::report
