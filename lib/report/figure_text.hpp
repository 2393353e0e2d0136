// How a report prints a figure of the stored JSON: the one place that fixes the printed
// precision, so a test can compare a PDF with `illctl sla show --json` at that precision.
//
//   availability   4 decimals, "99.9512 %"      latency      1 decimal, "12.3 ms"
//   loss           2 decimals, "0.12 %"         rates        2 decimals of the unit, "45.20 Mb/s"
//   durations      whole seconds, "1h 02m 03s"  credit       2 decimals, "12.50 INR"
//   committed      as stored, shortest form ("99.5 %", "50 ms")
// A null figure prints as "–" (an en dash).
#pragma once

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ill::report {

inline constexpr std::string_view k_none = "\u2013";

std::optional<double> number_at(const nlohmann::json& object, std::string_view key);

std::string availability_text(std::optional<double> pct);
std::string latency_text(std::optional<double> ms);
std::string loss_text(std::optional<double> pct);
std::string bps_text(std::optional<double> bps);
std::string duration_text(std::optional<double> seconds);
std::string money_text(std::optional<double> amount, std::string_view currency);
std::string shortest(double value);

// A committed value of the stored policy ("99.5"), k_none when the policy has none.
std::string committed_text(const nlohmann::json& policy, std::string_view key);
// The breached commitments of the stored figures joined by `separator` ("availability, loss");
// empty when none is breached.
std::string breach_list(const nlohmann::json& figures, std::string_view separator);

// "2026-03-04 13:05 CET": an instant in a zone, to the minute (or the second, `seconds`).
std::string local_time_text(const date::time_zone* zone, std::chrono::sys_seconds t,
                            bool seconds = false);
// "1 March 2026".
std::string local_date_text(const date::time_zone* zone, std::int64_t unix_seconds);

}  // namespace ill::report
