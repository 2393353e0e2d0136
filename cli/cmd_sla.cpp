// illctl sla calculate|show: each link's monthly SLA figures (sla.md "ill's exact rules"), computed
// from the store by sla::calculate and kept in sla_reports.
//
// Decisions:
// - The policy is sla::Policy's defaults, then the config's [sla] section (excluded_time, unknown,
//   merge_gap_s, min_outage_s, percentile, counted_causes), then the link's commitments (uptime,
//   latency, loss, fee, currency), then the link's per-link overrides (--sla-* of `link edit`).
// - `--month last|this` (or "last month"/"this month") is resolved in each link's client's zone.
// - Without --link, --client or --all, every link is selected (as --all).
// - Figures are month-to-date when the month is still running (sla::calculate with now).
// - The stored figures are the JSON object printed, so `sla show` prints exactly what
//   `sla calculate` printed when it stored the row.
// - Annotations are those of outages starting in the period; `credit_amount` is in the link's
//   currency's units (credit_cents / 100).
// - Policy JSON overrides: credit is {"model": "availability_pct_of_fee" |
//   "availability_days_of_rental" | "outage_length_pct_of_fee" | "days_per_started_hour" | "none",
//   "bands": [{"at_least": x, "value": y}, ...], "cap_pct": z}, every key optional; business hours
//   are {"weekdays": [1, 2, 3, 4, 5] (0 = Sunday), "start": "09:00", "end": "18:00"}.
#include "context.hpp"
#include "output.hpp"
#include "sla/calculate.hpp"
#include "sla/period.hpp"
#include "sla/policy.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/sample_repository.hpp"
#include "store/sla_report_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

namespace ill::cli {
namespace {

using nlohmann::json;

struct SlaOptions {
  std::optional<std::string> month;
  std::optional<std::string> link;
  std::optional<std::string> client;
  bool all = false;
};

std::chrono::sys_seconds at(std::int64_t t) {
  return std::chrono::sys_seconds{std::chrono::seconds{t}};
}
std::int64_t unix_of(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }

std::string month_text(date::year_month m) {
  return fmt::format("{:04}-{:02}", static_cast<int>(m.year()), static_cast<unsigned>(m.month()));
}

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

Result<std::vector<store::Link>> select_links(store::Database& db, const SlaOptions& o) {
  store::LinkRepository links(db);
  if (o.link) {
    auto link = links.resolve(*o.link);
    if (!link) return fail(link.error());
    return std::vector<store::Link>{*link};
  }
  store::LinkFilter filter;
  if (o.client) {
    auto client = store::ClientRepository(db).resolve(*o.client);
    if (!client) return fail(client.error());
    filter.client_id = client->id;
  }
  return links.list(filter);
}

Result<sla::Cause> parse_cause(std::string_view text) {
  for (std::size_t i = 0; i < sla::k_cause_count; ++i)
    if (sla::to_string(static_cast<sla::Cause>(i)) == text) return static_cast<sla::Cause>(i);
  return fail(Errc::invalid_input,
              "cause '{}' is not one of provider, customer, planned, power, monitoring", text);
}

template <typename E, std::size_t N>
Result<E> parse_enum(std::string_view text, const std::array<E, N>& values, std::string_view what) {
  for (auto v : values)
    if (sla::to_string(v) == text) return v;
  return fail(Errc::invalid_input, "{} '{}' is not valid", what, text);
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

// sla::Policy defaults <- the config's [sla] section <- the link's commitments <- the link's
// overrides.
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
  if (s.excluded_time) {
    auto v = parse_enum(*s.excluded_time,
                        std::array{sla::ExcludedTime::available, sla::ExcludedTime::removed},
                        "excluded_time");
    if (!v) return bad(v.error());
    p.excluded_time = *v;
  }
  if (s.unknown) {
    auto v = parse_enum(*s.unknown,
                        std::array{sla::UnknownPolicy::not_down, sla::UnknownPolicy::down,
                                   sla::UnknownPolicy::excluded},
                        "unknown");
    if (!v) return bad(v.error());
    p.unknown = *v;
  }
  if (s.merge_gap_s) p.merge_gap_s = *s.merge_gap_s;
  if (s.min_outage_s) p.min_outage_s = *s.min_outage_s;
  if (s.percentile) {
    auto v = parse_enum(
        *s.percentile,
        std::array{sla::PercentileMethod::nearest_rank, sla::PercentileMethod::interpolated},
        "percentile");
    if (!v) return bad(v.error());
    p.percentile = *v;
  }
  if (s.counted_causes) {
    p.cause_counts.fill(false);
    std::string_view rest = *s.counted_causes;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) {
        auto cause = parse_cause(item);
        if (!cause) return bad(cause.error());
        p.cause_counts[static_cast<std::size_t>(*cause)] = true;
      }
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  try {
    if (s.credit && !s.credit->empty()) {
      const auto j = json::parse(*s.credit);
      if (j.contains("model")) {
        auto v =
            parse_enum(j.at("model").get<std::string>(),
                       std::array{sla::CreditModel::none, sla::CreditModel::availability_pct_of_fee,
                                  sla::CreditModel::availability_days_of_rental,
                                  sla::CreditModel::outage_length_pct_of_fee,
                                  sla::CreditModel::days_per_started_hour},
                       "credit model");
        if (!v) return bad(v.error());
        p.credit.model = *v;
        if (*v == sla::CreditModel::availability_days_of_rental)
          p.credit.bands = sla::default_availability_days_bands();
        else if (*v == sla::CreditModel::outage_length_pct_of_fee)
          p.credit.bands = sla::default_outage_length_bands();
      }
      if (j.contains("bands")) {
        p.credit.bands.clear();
        for (const auto& b : j.at("bands"))
          p.credit.bands.push_back({b.at("at_least").get<double>(), b.at("value").get<double>()});
      }
      if (j.contains("cap_pct")) p.credit.cap_pct = j.at("cap_pct").get<double>();
    }
    if (s.business_hours && !s.business_hours->empty()) {
      const auto j = json::parse(*s.business_hours);
      sla::BusinessHours hours;
      if (j.contains("weekdays")) {
        hours.weekdays.fill(false);
        for (const auto& d : j.at("weekdays")) {
          const auto day = d.get<int>();
          if (day < 0 || day > 6)
            return bad(Error(Errc::invalid_input, "business hours: weekdays are 0 (Sunday)..6"));
          hours.weekdays[static_cast<std::size_t>(day)] = true;
        }
      }
      if (j.contains("start")) {
        auto v = parse_clock(j.at("start"));
        if (!v) return bad(v.error());
        hours.start = *v;
      }
      if (j.contains("end")) {
        auto v = parse_clock(j.at("end"));
        if (!v) return bad(v.error());
        hours.end = *v;
      }
      p.business_hours = hours;
    }
  } catch (const json::exception& e) {
    return bad(Error(Errc::invalid_input, e.what()));
  }
  if (auto valid = sla::validate(p); !valid) return bad(valid.error());
  return p;
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
    auto clock = [](std::chrono::minutes m) {
      return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
    };
    hours = {{"weekdays", days},
             {"start", clock(p.business_hours->start)},
             {"end", clock(p.business_hours->end)}};
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

json figures_json(const store::Link& link, const std::string& month, const sla::Period& period,
                  const sla::MonthFigures& f) {
  auto outages = json::array();
  for (const auto& o : f.outages)
    outages.push_back({{"start", format_time(unix_of(o.start))},
                       {"end", format_time(unix_of(o.end))},
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
    budget = {{"as_of", format_time(unix_of(f.budget->as_of))},
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
          {"from", format_time(unix_of(period.from))},
          {"to", format_time(unix_of(period.to))},
          {"measured_to", format_time(unix_of(f.measured.to))},
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

std::string duration_text(const json& seconds) {
  if (seconds.is_null()) return "-";
  auto s = static_cast<std::int64_t>(std::llround(seconds.get<double>()));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string number_text(const json& v, const char* format) {
  if (v.is_null()) return "-";
  return fmt::format(fmt::runtime(format), v.get<double>());
}

std::string rate_text(const json& v) {
  if (v.is_null()) return "-";
  const double bps = v.get<double>();
  if (bps >= 1e9) return fmt::format("{:.2f} Gb/s", bps / 1e9);
  if (bps >= 1e6) return fmt::format("{:.2f} Mb/s", bps / 1e6);
  if (bps >= 1e3) return fmt::format("{:.2f} kb/s", bps / 1e3);
  return fmt::format("{:.0f} b/s", bps);
}

void print_reports(const Context& ctx, const std::vector<json>& reports) {
  if (ctx.json) {
    print_json(json(reports));
    return;
  }
  Table table({"LINK", "MONTH", "AVAILABILITY", "DOWNTIME", "UNKNOWN", "OUTAGES", "MTTR", "LATENCY",
               "LOSS", "P95", "BREACH", "CREDIT"});
  for (const auto& r : reports) {
    std::string breach;
    for (const char* what : {"availability", "latency", "loss"})
      if (r["breach"].value(what, false)) breach += (breach.empty() ? "" : ",") + std::string(what);
    std::string credit = "-";
    if (!r["credit_amount"].is_null())
      credit = fmt::format("{:.2f} {} ({}%)", r["credit_amount"].get<double>(),
                           r.value("currency", ""), number_text(r["credit_pct"], "{:g}"));
    table.add_row({r.value("link", ""), r.value("month", ""),
                   number_text(r["availability_pct"], "{:.4f} %"), duration_text(r["downtime_s"]),
                   duration_text(r["unknown_s"]), std::to_string(r.value("outage_count", 0)),
                   duration_text(r["mttr_s"]), number_text(r["latency_avg_ms"], "{:.1f} ms"),
                   number_text(r["loss_avg_pct"], "{:.2f} %"), rate_text(r["p95_bps"]),
                   breach.empty() ? "no" : breach, credit});
  }
  table.print();
  // The error budget of a month still running: what is left, and the forecast at this pace.
  for (const auto& r : reports) {
    const auto& b = r.contains("error_budget") ? r["error_budget"] : json(nullptr);
    if (b.is_null() || !r.value("month_to_date", false)) continue;
    std::printf("%s %s: error budget %.1f of %.1f min left; at this pace %.1f min %s\n",
                r.value("link", "").c_str(), r.value("month", "").c_str(),
                b["left_s"].get<double>() / 60, b["allowed_s"].get<double>() / 60,
                std::abs(b["forecast_left_s"].get<double>()) / 60,
                b["forecast_breach"].get<bool>() ? "over: the commitment breaks" : "to spare");
  }
}

struct LinkMonth {
  const date::time_zone* zone = nullptr;
  date::year_month month;
};

Result<LinkMonth> link_month(store::Database& db, const store::Link& link, const std::string& text,
                             std::chrono::sys_seconds now) {
  auto client = store::ClientRepository(db).get(link.client_id);
  if (!client) return fail(client.error());
  auto zone = sla::find_zone(client->timezone);
  if (!zone) return fail(zone.error());
  std::string month = text;
  if (month == "last" || month == "this") month += " month";
  auto parsed = sla::parse_month(month, now, *zone);
  if (!parsed) return fail(Errc::usage, "--month: {}", parsed.error().message());
  return LinkMonth{*zone, *parsed};
}

struct Computed {
  std::string month;
  sla::Policy policy;
  sla::MonthFigures figures;
  json out;
};

// The figures of one link and month, from the store, without storing them.
Result<Computed> compute_link(store::Database& db, const store::Link& link, const std::string& text,
                              std::chrono::sys_seconds now, const config::SlaSettings& defaults) {
  auto lm = link_month(db, link, text, now);
  if (!lm) return fail(lm.error());
  std::optional<date::year_month_day> activation;
  if (link.activation_date) {
    std::istringstream in(*link.activation_date);
    date::year_month_day day{};
    in >> date::parse("%Y-%m-%d", day);
    if (in.fail() || !day.ok())
      return fail(Errc::invalid_input, "link {}: activation date '{}' is not YYYY-MM-DD", link.name,
                  *link.activation_date);
    activation = day;
  }
  auto period = sla::month_period(lm->month, lm->zone, activation);
  if (!period) return fail(period.error());
  auto policy = effective_policy(link, defaults);
  if (!policy) return fail(policy.error());
  const auto from = unix_of(period->from);
  const auto to = unix_of(period->to);

  auto states = store::LinkStateRepository(db).range(link.id, from, to);
  if (!states) return fail(states.error());
  std::vector<sla::Interval> timeline;
  for (const auto& s : *states) {
    sla::Interval i{at(std::max(s.from_t, from)), at(std::min(s.to_t, to)), sla::State::unknown};
    if (s.state == "up") i.state = sla::State::up;
    if (s.state == "down") i.state = sla::State::down;
    if (i.from < i.to) timeline.push_back(i);
  }
  auto windows = store::MaintenanceRepository(db).for_link(link.id, from, to);
  if (!windows) return fail(windows.error());
  std::vector<sla::TimeRange> maintenance;
  for (const auto& w : *windows) maintenance.push_back({at(w.start_t), at(w.end_t)});
  auto stored = store::SampleRepository(db).range(link.id, from, to);
  if (!stored) return fail(stored.error());
  std::vector<sla::Observation> samples;
  samples.reserve(stored->size());
  for (const auto& s : *stored) {
    sla::Observation o;
    o.t = at(s.t);
    o.state = s.state == "up"     ? sla::State::up
              : s.state == "down" ? sla::State::down
                                  : sla::State::unknown;
    o.rx_bps = s.rx_bps;
    o.tx_bps = s.tx_bps;
    o.latency_ms = s.latency_avg_ms;
    o.loss_pct = s.loss_pct;
    samples.push_back(o);
  }
  auto notes = store::OutageRepository(db).range(link.id, from, to);
  if (!notes) return fail(notes.error());
  std::vector<sla::Annotation> annotations;
  for (const auto& n : *notes) {
    auto cause = parse_cause(n.cause);
    if (!cause) return fail(cause.error());
    annotations.push_back({at(n.start_t), at(n.end_t), *cause, n.note});
  }

  auto figures = sla::calculate(*period, timeline, maintenance, samples, annotations, *policy, now);
  if (!figures) return fail(figures.error());
  Computed c{month_text(lm->month), *policy, std::move(*figures), {}};
  c.out = figures_json(link, c.month, *period, c.figures);
  c.out["computed_at"] = format_time(unix_of(now));
  return c;
}

// Computes and stores (replacing) the report of one link and month.
Result<json> calculate_link(store::Database& db, const store::Link& link, const std::string& text,
                            std::chrono::sys_seconds now, const config::SlaSettings& defaults) {
  auto c = compute_link(db, link, text, now, defaults);
  if (!c) return fail(c.error());
  store::SlaReport report;
  report.link_id = link.id;
  report.month = c->month;
  report.figures = c->out.dump();
  report.policy = policy_json(c->policy).dump();
  report.computed_at = unix_of(now);
  if (auto put = store::SlaReportRepository(db).put(report); !put) return fail(put.error());
  return std::move(c->out);
}

std::chrono::sys_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Status run_calculate(const Context& ctx, const SlaOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto links = select_links(**db, o);
  if (!links) return fail(links.error());
  const auto now = now_seconds();
  std::vector<json> reports;
  auto tx = (*db)->begin();
  if (!tx) return fail(tx.error());
  for (const auto& link : *links) {
    auto r = calculate_link(**db, link, o.month.value_or("last"), now, ctx.config.values.sla);
    if (!r) return fail(r.error());
    reports.push_back(std::move(*r));
  }
  if (auto done = tx->commit(); !done) return fail(done.error());
  print_reports(ctx, reports);
  return {};
}

Status run_show(const Context& ctx, const SlaOptions& o) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto links = select_links(**db, o);
  if (!links) return fail(links.error());
  const auto now = now_seconds();
  store::SlaReportRepository repo(**db);
  std::vector<json> reports;
  for (const auto& link : *links) {
    std::vector<store::SlaReport> rows;
    if (o.month) {
      auto lm = link_month(**db, link, *o.month, now);
      if (!lm) return fail(lm.error());
      auto row = repo.get(link.id, month_text(lm->month));
      if (!row) return fail(row.error());
      if (*row) rows.push_back(**row);
    } else {
      auto all = repo.for_link(link.id);
      if (!all) return fail(all.error());
      rows = std::move(*all);
    }
    for (const auto& row : rows) {
      auto figures = json::parse(row.figures, nullptr, false);
      if (figures.is_discarded())
        return fail(Errc::database, "sla report of link {} for {} is not JSON", link.name,
                    row.month);
      reports.push_back(std::move(figures));
    }
  }
  print_reports(ctx, reports);
  return {};
}

Result<store::Link> resolve_link(store::Database& db, const std::string& name) {
  return store::LinkRepository(db).resolve(name);
}

// "YYYY-MM" of the month containing `t` in the link's client's zone.
Result<std::string> month_of(store::Database& db, const store::Link& link, std::int64_t t) {
  auto client = store::ClientRepository(db).get(link.client_id);
  if (!client) return fail(client.error());
  auto zone = sla::find_zone(client->timezone);
  if (!zone) return fail(zone.error());
  const auto local = (*zone)->to_local(at(t));
  const date::year_month_day day{date::floor<date::days>(local)};
  return month_text(day.year() / day.month());
}

Status run_outage_list(const Context& ctx, const std::string& link_name,
                       const std::optional<std::string>& month) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto c = compute_link(**db, *link, month.value_or("this"), now_seconds(), ctx.config.values.sla);
  if (!c) return fail(c.error());
  if (ctx.json) {
    print_json(c->out["outages"]);
    return {};
  }
  Table table({"START", "END", "DURATION", "DOWN", "CAUSE", "COUNTED", "NOTE"});
  for (const auto& o : c->figures.outages)
    table.add_row({format_time(unix_of(o.start)), format_time(unix_of(o.end)),
                   duration_text(json(o.duration_s)), duration_text(json(o.down_s)),
                   std::string(sla::to_string(o.cause)) + (o.annotated ? " (annotated)" : ""),
                   o.counted ? "yes" : "no", o.note});
  table.print();
  return {};
}

struct AnnotateOptions {
  std::string link;
  std::string start;
  std::string cause;
  std::string note;
  std::optional<std::string> by;
};

Status run_outage_annotate(const Context& ctx, const AnnotateOptions& o) {
  auto cause = parse_cause(o.cause);
  if (!cause) return fail(Errc::usage, "--cause: {}", cause.error().message());
  auto start = parse_time(o.start);
  if (!start) return fail(Errc::usage, "--start: {}", start.error().message());
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, o.link);
  if (!link) return fail(link.error());
  auto month = month_of(**db, *link, *start);
  if (!month) return fail(month.error());
  auto c = compute_link(**db, *link, *month, now_seconds(), ctx.config.values.sla);
  if (!c) return fail(c.error());
  const sla::Outage* found = nullptr;
  for (const auto& out : c->figures.outages)
    if (unix_of(out.start) == *start && (out.annotated || out.cause == sla::Cause::provider))
      found = &out;
  if (!found)
    return fail(Errc::not_found, "link {} has no outage starting at {} (see illctl outage list)",
                link->name, format_time(*start));
  store::OutageAnnotation a;
  a.link_id = link->id;
  a.start_t = *start;
  a.end_t = unix_of(found->end);
  a.cause = std::string(sla::to_string(*cause));
  a.note = o.note;
  const char* user = std::getenv("USER");
  a.changed_by = o.by.value_or(user && *user ? user : "illctl");
  a.changed_at = unix_of(now_seconds());
  if (auto done = store::OutageRepository(**db).annotate(a); !done) return fail(done.error());
  if (ctx.json)
    print_json({{"link", link->name},
                {"start", format_time(a.start_t)},
                {"end", format_time(a.end_t)},
                {"cause", a.cause},
                {"note", a.note},
                {"changed_by", a.changed_by}});
  else
    std::printf(
        "annotated outage of link %s at %s: %s; run illctl sla calculate --month %s again\n",
        link->name.c_str(), format_time(a.start_t).c_str(), a.cause.c_str(), month->c_str());
  return {};
}

Status run_outage_audit(const Context& ctx, const std::string& link_name,
                        const std::string& start_text) {
  auto start = parse_time(start_text);
  if (!start) return fail(Errc::usage, "--start: {}", start.error().message());
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto trail = store::OutageRepository(**db).audit(link->id, *start);
  if (!trail) return fail(trail.error());
  if (ctx.json) {
    auto rows = json::array();
    for (const auto& e : *trail)
      rows.push_back({{"changed_at", format_time(e.changed_at)},
                      {"changed_by", e.changed_by},
                      {"old_cause", opt(e.old_cause)},
                      {"new_cause", e.new_cause},
                      {"old_note", opt(e.old_note)},
                      {"new_note", e.new_note}});
    print_json(rows);
    return {};
  }
  Table table({"CHANGED AT", "BY", "CAUSE", "NOTE"});
  for (const auto& e : *trail)
    table.add_row({format_time(e.changed_at), e.changed_by,
                   e.old_cause.value_or("-") + " -> " + e.new_cause,
                   e.old_note.value_or("-") + " -> " + e.new_note});
  table.print();
  return {};
}

Status run_policy(const Context& ctx, const std::string& link_name) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto link = resolve_link(**db, link_name);
  if (!link) return fail(link.error());
  auto policy = effective_policy(*link, ctx.config.values.sla);
  if (!policy) return fail(policy.error());
  const auto p = policy_json(*policy);
  const auto& s = link->sla;
  // A link's own setting, else the config's [sla] key when the file, environment or a flag set
  // it, else the built-in default.
  auto from = [&ctx](bool overridden, const char* key = nullptr) -> std::string {
    if (overridden) return "link override";
    if (key != nullptr) {
      const auto& o = ctx.config.origins.at(std::string("sla.") + key);
      if (o.origin != config::Origin::default_value) {
        return std::string(config::to_string(o.origin)) + " " + o.where;
      }
    }
    return "default";
  };
  json sources = {{"excluded_time", from(s.excluded_time.has_value(), "excluded_time")},
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
  if (ctx.json) {
    print_json({{"link", link->name}, {"policy", p}, {"sources", sources}});
    return {};
  }
  Table table({"SETTING", "VALUE", "FROM"});
  for (const auto& [key, value] : p.items()) {
    if (key == "commitments") {
      for (const auto& [k, v] : value.items())
        table.add_row({"commitments." + k, v.dump(), "link"});
      continue;
    }
    table.add_row({key, value.is_string() ? value.get<std::string>() : value.dump(),
                   sources.value(key, "default")});
  }
  table.print();
  return {};
}

void add_selectors(CLI::App* cmd, SlaOptions& o) {
  auto* link = cmd->add_option("--link", o.link, "Only this link (name or id)");
  auto* client = cmd->add_option("--client", o.client, "Only this client's links");
  auto* all = cmd->add_flag("--all", o.all, "Every link (the default)");
  link->excludes(client, all);
  client->excludes(all);
}

}  // namespace

void add_sla_command(CLI::App& app, Context& ctx) {
  auto* sla_cmd = app.add_subcommand("sla", "Monthly SLA figures, breaches and credits");
  sla_cmd->require_subcommand(1);

  auto calc = std::make_shared<SlaOptions>();
  auto* calc_cmd = sla_cmd->add_subcommand(
      "calculate", "Compute and store the SLA figures of a month for the selected links");
  calc_cmd->add_option("--month", calc->month, "YYYY-MM, last or this (default last)");
  add_selectors(calc_cmd, *calc);
  on_run(calc_cmd, ctx, [&ctx, calc] { return run_calculate(ctx, *calc); });

  auto show = std::make_shared<SlaOptions>();
  auto* show_cmd =
      sla_cmd->add_subcommand("show", "Print stored SLA figures (every month without --month)");
  show_cmd->add_option("--month", show->month, "YYYY-MM, last or this");
  add_selectors(show_cmd, *show);
  on_run(show_cmd, ctx, [&ctx, show] { return run_show(ctx, *show); });

  auto policy_link = std::make_shared<std::string>();
  auto* policy_cmd = sla_cmd->add_subcommand(
      "policy", "Print a link's effective SLA policy and where each value comes from");
  policy_cmd->add_option("link", *policy_link, "Link name or id")->required();
  on_run(policy_cmd, ctx, [&ctx, policy_link] { return run_policy(ctx, *policy_link); });
}

// `outage list|annotate|audit`: registered here because it shares the SLA computation.
void add_outage_command(CLI::App& app, Context& ctx) {
  auto* outage = app.add_subcommand("outage", "A link's outages and their causes");
  outage->require_subcommand(1);

  auto list = std::make_shared<SlaOptions>();
  auto* list_cmd = outage->add_subcommand("list", "A link's outages in a month (default this)");
  list_cmd->add_option("--link", list->link, "Link name or id")->required();
  list_cmd->add_option("--month", list->month, "YYYY-MM, last or this");
  on_run(list_cmd, ctx,
         [&ctx, list] { return run_outage_list(ctx, list->link.value_or(""), list->month); });

  auto a = std::make_shared<AnnotateOptions>();
  auto* annotate = outage->add_subcommand(
      "annotate", "Set the cause of an outage (recorded in the audit trail)");
  annotate->add_option("--link", a->link, "Link name or id")->required();
  annotate->add_option("--start", a->start, "The outage's start, as outage list shows it")
      ->required();
  annotate->add_option("--cause", a->cause, "provider, customer, planned, power or monitoring")
      ->required();
  annotate->add_option("--note", a->note, "Why");
  annotate->add_option("--by", a->by, "Who made the change (default $USER)");
  on_run(annotate, ctx, [&ctx, a] { return run_outage_annotate(ctx, *a); });

  auto audit = std::make_shared<AnnotateOptions>();
  auto* audit_cmd = outage->add_subcommand("audit", "Every change of an outage's cause and note");
  audit_cmd->add_option("--link", audit->link, "Link name or id")->required();
  audit_cmd->add_option("--start", audit->start, "The outage's start")->required();
  on_run(audit_cmd, ctx,
         [&ctx, audit] { return run_outage_audit(ctx, audit->link, audit->start); });
}

}  // namespace ill::cli
