#include "figures/effective_policy.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdio>

namespace ill::figures {

namespace {

using nlohmann::json;

template <typename E, std::size_t N>
Result<E> parse_enum(std::string_view text, const std::array<E, N>& values, std::string_view what) {
  for (auto v : values)
    if (sla::to_string(v) == text) return v;
  return fail(Errc::invalid_input, "{} '{}' is not valid", what, text);
}

Result<sla::ExcludedTime> parse_excluded_time(std::string_view text) {
  return parse_enum(text, std::array{sla::ExcludedTime::available, sla::ExcludedTime::removed},
                    "excluded_time");
}

Result<sla::UnknownPolicy> parse_unknown(std::string_view text) {
  return parse_enum(text,
                    std::array{sla::UnknownPolicy::not_down, sla::UnknownPolicy::down,
                               sla::UnknownPolicy::excluded},
                    "unknown");
}

Result<sla::PercentileMethod> parse_percentile(std::string_view text) {
  return parse_enum(
      text, std::array{sla::PercentileMethod::nearest_rank, sla::PercentileMethod::interpolated},
      "percentile");
}

Result<std::chrono::minutes> parse_clock(const json& j) {
  if (!j.is_string()) return fail(Errc::invalid_input, "business hours: times are \"HH:MM\"");
  const auto s = j.get<std::string>();
  unsigned h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || std::sscanf(s.c_str(), "%2u:%2u", &h, &m) != 2 || m > 59 ||
      h > 24 || (h == 24 && m != 0))
    return fail(Errc::invalid_input, "business hours: '{}' is not HH:MM", s);
  return std::chrono::minutes{h * 60 + m};
}

std::string clock_text(std::chrono::minutes m) {
  return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

// {"model", "bands", "cap_pct"}, every key optional, over `credit`. Throws json exceptions.
Status read_credit(const json& j, sla::CreditPolicy& credit) {
  if (j.contains("model")) {
    auto v =
        parse_enum(j.at("model").get<std::string>(),
                   std::array{sla::CreditModel::none, sla::CreditModel::availability_pct_of_fee,
                              sla::CreditModel::availability_days_of_rental,
                              sla::CreditModel::outage_length_pct_of_fee,
                              sla::CreditModel::days_per_started_hour},
                   "credit model");
    if (!v) return fail(v.error());
    credit.model = *v;
    if (*v == sla::CreditModel::availability_days_of_rental)
      credit.bands = sla::default_availability_days_bands();
    else if (*v == sla::CreditModel::outage_length_pct_of_fee)
      credit.bands = sla::default_outage_length_bands();
  }
  if (j.contains("bands")) {
    credit.bands.clear();
    for (const auto& b : j.at("bands"))
      credit.bands.push_back({b.at("at_least").get<double>(), b.at("value").get<double>()});
  }
  if (j.contains("cap_pct")) credit.cap_pct = j.at("cap_pct").get<double>();
  return {};
}

// {"weekdays", "start", "end"}, every key optional. Throws json exceptions.
Result<sla::BusinessHours> read_business_hours(const json& j) {
  sla::BusinessHours hours;
  if (j.contains("weekdays")) {
    hours.weekdays.fill(false);
    for (const auto& d : j.at("weekdays")) {
      const auto day = d.get<int>();
      if (day < 0 || day > 6)
        return fail(Errc::invalid_input, "business hours: weekdays are 0 (Sunday)..6");
      hours.weekdays[static_cast<std::size_t>(day)] = true;
    }
  }
  if (j.contains("start")) {
    auto v = parse_clock(j.at("start"));
    if (!v) return fail(v.error());
    hours.start = *v;
  }
  if (j.contains("end")) {
    auto v = parse_clock(j.at("end"));
    if (!v) return fail(v.error());
    hours.end = *v;
  }
  return hours;
}

Status read_causes(std::string_view list, sla::Policy& p) {
  p.cause_counts.fill(false);
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      auto cause = parse_cause(item);
      if (!cause) return fail(cause.error());
      p.cause_counts[static_cast<std::size_t>(*cause)] = true;
    }
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return {};
}

}  // namespace

Result<sla::Cause> parse_cause(std::string_view text) {
  for (std::size_t i = 0; i < sla::k_cause_count; ++i)
    if (sla::to_string(static_cast<sla::Cause>(i)) == text) return static_cast<sla::Cause>(i);
  return fail(Errc::invalid_input,
              "cause '{}' is not one of provider, customer, planned, power, monitoring", text);
}

Result<sla::Policy> effective_policy(const store::Link& link, const config::SlaSettings& defaults) {
  sla::Policy p;
  p.commitments = {link.committed_uptime_pct, link.committed_latency_ms, link.committed_loss_pct};
  p.monthly_fee_cents = std::llround(link.monthly_fee * 100);
  p.currency = link.currency;
  store::SlaPolicyOverrides s = link.sla;
  if (!s.excluded_time) s.excluded_time = defaults.excluded_time;
  if (!s.unknown) s.unknown = defaults.unknown;
  if (!s.merge_gap_s) s.merge_gap_s = defaults.merge_gap_s;
  if (!s.min_outage_s) s.min_outage_s = defaults.min_outage_s;
  if (!s.percentile) s.percentile = defaults.percentile;
  if (!s.counted_causes) s.counted_causes = defaults.counted_causes;
  auto bad = [&](const Error& e) {
    return fail(Errc::invalid_input, "link {}: SLA policy: {}", link.name, e.message());
  };
  auto excluded = parse_excluded_time(*s.excluded_time);
  if (!excluded) return bad(excluded.error());
  p.excluded_time = *excluded;
  auto unknown = parse_unknown(*s.unknown);
  if (!unknown) return bad(unknown.error());
  p.unknown = *unknown;
  p.merge_gap_s = *s.merge_gap_s;
  p.min_outage_s = *s.min_outage_s;
  auto method = parse_percentile(*s.percentile);
  if (!method) return bad(method.error());
  p.percentile = *method;
  if (auto st = read_causes(*s.counted_causes, p); !st) return bad(st.error());
  try {
    if (s.credit && !s.credit->empty()) {
      if (auto st = read_credit(json::parse(*s.credit), p.credit); !st) return bad(st.error());
    }
    if (s.business_hours && !s.business_hours->empty()) {
      auto hours = read_business_hours(json::parse(*s.business_hours));
      if (!hours) return bad(hours.error());
      p.business_hours = *hours;
    }
  } catch (const json::exception& e) {
    return bad(Error(Errc::invalid_input, e.what()));
  }
  if (auto valid = sla::validate(p); !valid) return bad(valid.error());
  return p;
}

Result<ExplainedPolicy> explain_policy(const store::Link& link,
                                       const config::LoadedConfig& config) {
  auto policy = effective_policy(link, config.values.sla);
  if (!policy) return fail(policy.error());
  const auto& s = link.sla;
  // A link's own setting, else the config's [sla] key when the file, environment or a flag set
  // it, else the built-in default.
  auto from = [&config](bool overridden, const char* key = nullptr) -> std::string {
    if (overridden) return "link override";
    if (key != nullptr) {
      auto it = config.origins.find(std::string("sla.") + key);
      if (it != config.origins.end() && it->second.origin != config::Origin::default_value)
        return std::string(config::to_string(it->second.origin)) + " " + it->second.where;
    }
    return "default";
  };
  ExplainedPolicy out{*policy, {}};
  out.sources = {{"excluded_time", from(s.excluded_time.has_value(), "excluded_time")},
                 {"unknown", from(s.unknown.has_value(), "unknown")},
                 {"merge_gap_s", from(s.merge_gap_s.has_value(), "merge_gap_s")},
                 {"min_outage_s", from(s.min_outage_s.has_value(), "min_outage_s")},
                 {"percentile", from(s.percentile.has_value(), "percentile")},
                 {"business_hours", from(s.business_hours && !s.business_hours->empty())},
                 {"counted_causes", from(s.counted_causes.has_value(), "counted_causes")},
                 {"commitments", "link"},
                 {"monthly_fee", "link"},
                 {"currency", "link"},
                 {"credit", from(s.credit && !s.credit->empty())}};
  return out;
}

json policy_json(const sla::Policy& p) {
  auto causes = json::array();
  for (std::size_t i = 0; i < sla::k_cause_count; ++i)
    if (p.cause_counts[i]) causes.push_back(sla::to_string(static_cast<sla::Cause>(i)));
  auto bands = json::array();
  for (const auto& b : p.credit.bands)
    bands.push_back({{"at_least", b.at_least}, {"value", b.value}});
  json hours = nullptr;
  if (p.business_hours) {
    auto days = json::array();
    for (std::size_t d = 0; d < 7; ++d)
      if (p.business_hours->weekdays[d]) days.push_back(d);
    hours = {{"weekdays", days},
             {"start", clock_text(p.business_hours->start)},
             {"end", clock_text(p.business_hours->end)}};
  }
  return {{"excluded_time", sla::to_string(p.excluded_time)},
          {"unknown", sla::to_string(p.unknown)},
          {"merge_gap_s", p.merge_gap_s},
          {"min_outage_s", p.min_outage_s},
          {"percentile", sla::to_string(p.percentile)},
          {"business_hours", hours},
          {"counted_causes", causes},
          {"commitments",
           {{"uptime_pct", p.commitments.uptime_pct},
            {"latency_ms", p.commitments.latency_ms},
            {"loss_pct", p.commitments.loss_pct}}},
          {"monthly_fee", static_cast<double>(p.monthly_fee_cents) / 100.0},
          {"currency", p.currency},
          {"credit",
           {{"model", sla::to_string(p.credit.model)},
            {"bands", bands},
            {"cap_pct", p.credit.cap_pct}}}};
}

Result<sla::Policy> policy_from_json(const json& j) {
  auto bad = [](const Error& e) {
    return fail(Errc::invalid_input, "stored SLA policy: {}", e.message());
  };
  sla::Policy p;
  try {
    auto excluded = parse_excluded_time(j.at("excluded_time").get<std::string>());
    if (!excluded) return bad(excluded.error());
    p.excluded_time = *excluded;
    auto unknown = parse_unknown(j.at("unknown").get<std::string>());
    if (!unknown) return bad(unknown.error());
    p.unknown = *unknown;
    p.merge_gap_s = j.at("merge_gap_s").get<std::int64_t>();
    p.min_outage_s = j.at("min_outage_s").get<std::int64_t>();
    auto method = parse_percentile(j.at("percentile").get<std::string>());
    if (!method) return bad(method.error());
    p.percentile = *method;
    if (!j.at("business_hours").is_null()) {
      auto hours = read_business_hours(j.at("business_hours"));
      if (!hours) return bad(hours.error());
      p.business_hours = *hours;
    }
    p.cause_counts.fill(false);
    for (const auto& name : j.at("counted_causes")) {
      auto cause = parse_cause(name.get<std::string>());
      if (!cause) return bad(cause.error());
      p.cause_counts[static_cast<std::size_t>(*cause)] = true;
    }
    const auto& c = j.at("commitments");
    p.commitments = {c.at("uptime_pct").get<double>(), c.at("latency_ms").get<double>(),
                     c.at("loss_pct").get<double>()};
    p.monthly_fee_cents = std::llround(j.at("monthly_fee").get<double>() * 100);
    p.currency = j.at("currency").get<std::string>();
    if (auto st = read_credit(j.at("credit"), p.credit); !st) return bad(st.error());
  } catch (const json::exception& e) {
    return bad(Error(Errc::invalid_input, e.what()));
  }
  if (auto valid = sla::validate(p); !valid) return bad(valid.error());
  return p;
}

}  // namespace ill::figures
