#include "figures/verify.hpp"

#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "figures/month_inputs.hpp"
#include "figures/month_report.hpp"
#include "figures/report_json.hpp"
#include "store/report_document_repository.hpp"
#include "store/sample_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ill::figures {
namespace {

using json = nlohmann::json;
using std::chrono::sys_seconds;

// Figures that come from the samples (latency, loss, traffic) and so from the rollups or the
// raw samples; the rest come from the timeline, maintenance and annotations alone.
bool from_samples(std::string_view key) {
  for (std::string_view k :
       {"latency_avg_ms", "latency_n", "latency_p95_ms", "loss_avg_pct", "loss_n", "p95_bps",
        "p95_in_bps", "p95_in_slots", "p95_out_bps", "p95_out_slots"})
    if (k == key) return true;
  return false;
}

// Keys that say when or how the figures were made, not what they are.
bool is_metadata(std::string_view key) { return key == "computed_at"; }

bool near(double a, double b, double relative) {
  return std::fabs(a - b) <= relative * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// Equal as described in verify.hpp, at `relative` for numbers, recursively.
bool same(const json& a, const json& b, double relative) {
  if (a.is_number() && b.is_number()) return near(a.get<double>(), b.get<double>(), relative);
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i], relative)) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !same(*it, *other, relative)) return false;
    }
    return true;
  }
  return a == b;
}

constexpr double k_equal = 1e-9;
constexpr double k_rounding = 1e-6;

json value_of(const json& object, const std::string& key) {
  const auto it = object.find(key);
  return it == object.end() ? json() : *it;
}

// Every key of either object, metadata left out.
std::vector<std::string> keys_of(const json& a, const json& b) {
  std::vector<std::string> keys;
  for (const json* o : {&a, &b})
    for (auto it = o->begin(); it != o->end(); ++it)
      if (!is_metadata(it.key()) && std::find(keys.begin(), keys.end(), it.key()) == keys.end())
        keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The month recomputed with latency, loss and traffic from the raw samples.
Result<json> raw_figures(store::Database& db, const store::Link& link, const MonthReport& current,
                         sys_seconds measured_to, std::uint64_t& raw_count) {
  MonthInputs inputs;
  // Only the timeline, maintenance and annotations are taken: the samples are read raw below.
  if (auto st = read_month_inputs(db, link, current.period, current.policy, measured_to,
                                  std::nullopt, inputs);
      !st)
    return fail(st.error());
  auto samples = store::SampleRepository(db).range(
      link.id, {current.period.from, std::min(current.period.to, measured_to)});
  if (!samples) return fail(samples.error());
  raw_count = samples->size();
  std::vector<sla::Observation> observations;
  observations.reserve(samples->size());
  for (const auto& s : *samples)
    observations.push_back({s.t, s.state, s.rx_bps, s.tx_bps, s.latency_avg_ms, s.loss_pct});
  auto figures = sla::calculate(current.period, inputs.timeline, inputs.maintenance,
                                std::span<const sla::Observation>(observations), inputs.annotations,
                                current.policy, measured_to);
  if (!figures) return fail(figures.error());
  return figures_json(link, current.month, current.period, *figures, "");
}

// The reports printed for the link's client and month, newest of each format.
Status check_documents(store::Database& db, const store::Link& link, const std::string& month,
                       const store::SlaReport& row, const json& stored, VerifyResult& out) {
  store::ReportDocumentRepository documents(db);
  for (const char* format : {"pdf", "csv", "json"}) {
    auto doc = documents.latest(link.client_id, month, "all", format);
    if (!doc) return fail(doc.error());
    if (!*doc) continue;
    const auto& d = **doc;
    out.documents_checked.push_back(d.id);
    if (d.computed_at < row.computed_at) {
      out.differences.push_back(
          {"computed_at", DifferenceCause::report, json(rfc3339(d.computed_at)),
           json(rfc3339(row.computed_at)),
           fmt::format("report document {} ({}) printed figures computed before the stored row "
                       "was last computed; regenerate it with illctl report",
                       d.id, d.filename)});
    }
    if (std::string_view(format) != "json") continue;
    const auto printed = json::parse(d.content, nullptr, false);
    if (printed.is_discarded() || !printed.contains("links")) {
      out.differences.push_back({"document", DifferenceCause::report, json(d.filename), json(),
                                 fmt::format("report document {} is not the JSON illctl report "
                                             "writes",
                                             d.id)});
      continue;
    }
    for (const auto& figures : printed["links"]) {
      if (figures.value("link", "") != link.name) continue;
      for (const auto& key : keys_of(stored, figures)) {
        if (same(value_of(stored, key), value_of(figures, key), k_equal)) continue;
        out.differences.push_back(
            {key, DifferenceCause::report, value_of(figures, key), value_of(stored, key),
             fmt::format("report document {} ({}) printed a different value than the stored row",
                         d.id, d.filename)});
      }
    }
  }
  return {};
}

// A stored row and the same calculation run again now, under the row's own policy and
// measured end.
struct Recomputed {
  json stored;
  sys_seconds measured_to;
  MonthReport report;
};

Result<Recomputed> recompute(store::Database& db, const store::Link& link,
                             const store::SlaReport& row, sys_seconds now) {
  auto bad = [&](std::string_view what) {
    return fail(Errc::database, "stored SLA report of link {} for {}: {}", link.name, row.month,
                what);
  };
  json stored = json::parse(row.figures, nullptr, false);
  const auto policy_text = json::parse(row.policy, nullptr, false);
  if (!stored.is_object() || policy_text.is_discarded()) return bad("not JSON");
  auto policy = policy_from_json(policy_text);
  if (!policy) return bad(policy.error().message());
  auto measured_to = parse_rfc3339(stored.value("measured_to", ""));
  if (!measured_to) return bad("no measured_to");
  auto report = compute_month(db, link, row.month, *policy, *measured_to, now);
  if (!report) return fail(report.error());
  return Recomputed{std::move(stored), *measured_to, std::move(*report)};
}

}  // namespace

Result<std::vector<std::string>> stale_figures(store::Database& db, const store::Link& link,
                                               const store::SlaReport& row, sys_seconds now) {
  auto again = recompute(db, link, row, now);
  if (!again) return fail(again.error());
  const json current = again->report.json();
  std::vector<std::string> out;
  for (const auto& key : keys_of(again->stored, current)) {
    if (!same(value_of(again->stored, key), value_of(current, key), k_equal)) out.push_back(key);
  }
  return out;
}

std::string_view to_string(DifferenceCause cause) {
  switch (cause) {
  case DifferenceCause::no_row: return "no-row";
  case DifferenceCause::stale: return "stale";
  case DifferenceCause::retention: return "retention";
  case DifferenceCause::rounding: return "rounding";
  case DifferenceCause::rollups: return "rollups";
  case DifferenceCause::report: return "report";
  }
  return "unknown";
}

bool VerifyResult::holds() const {
  return std::all_of(differences.begin(), differences.end(), [](const FigureDifference& d) {
    return d.cause == DifferenceCause::rounding || d.cause == DifferenceCause::retention;
  });
}

Result<VerifyResult> verify_month(store::Database& db, const store::Link& link,
                                  std::string_view month, sys_seconds now) {
  auto zone = zone_of(db, link);
  if (!zone) return fail(zone.error());
  auto lm = link_month(link, *zone, month, now);
  if (!lm) return fail(lm.error());
  VerifyResult out;
  out.link = link.name;
  out.month = lm->month;

  // One read transaction: the three versions see one snapshot of the store.
  auto tx = db.begin_read();
  if (!tx) return fail(tx.error());
  auto row = store::SlaReportRepository(db).get(link.id, lm->month);
  if (!row) return fail(row.error());
  if (!*row) {
    out.differences.push_back(
        {"*", DifferenceCause::no_row, json(), json(),
         fmt::format("no stored figures for {}; run illctl sla calculate --month {} --link {}",
                     lm->month, lm->month, link.name)});
    return out;
  }
  out.computed_at = (*row)->computed_at;
  auto again = recompute(db, link, **row, now);
  if (!again) return fail(again.error());
  const json& stored = again->stored;
  const json current = again->report.json();
  auto raw = raw_figures(db, link, again->report, again->measured_to, out.raw_samples);
  if (!raw) return fail(raw.error());

  // Fewer raw samples than the rollups summarised: some have expired.
  const bool expired =
      value_of(*raw, "latency_n").get<double>() < value_of(current, "latency_n").get<double>() ||
      value_of(*raw, "p95_in_slots").get<double>() <
          value_of(current, "p95_in_slots").get<double>() ||
      value_of(*raw, "loss_n").get<double>() < value_of(current, "loss_n").get<double>();
  const std::string recalc =
      fmt::format("run illctl sla calculate --month {} --link {}", lm->month, link.name);
  for (const auto& key : keys_of(stored, current)) {
    const json s = value_of(stored, key);
    const json c = value_of(current, key);
    const json r = value_of(*raw, key);
    if (!same(s, c, k_equal)) {
      out.differences.push_back({key, DifferenceCause::stale, s, c,
                                 "the data changed after the row was computed (a later history "
                                 "import, an annotation, a maintenance window); " +
                                     recalc});
      continue;
    }
    if (same(c, r, k_equal)) continue;
    if (expired && from_samples(key)) {
      out.differences.push_back(
          {key, DifferenceCause::retention, s, r,
           "raw samples of this month have expired; only the rollups still hold this figure"});
    } else if (same(c, r, k_rounding)) {
      out.differences.push_back({key, DifferenceCause::rounding, s, r,
                                 "floating-point summation order; invisible at printed precision"});
    } else {
      out.differences.push_back(
          {key, DifferenceCause::rollups, s, r,
           "the rollups disagree with the raw samples; " + recalc + " and report it as a bug"});
    }
  }
  if (auto st = check_documents(db, link, lm->month, **row, stored, out); !st)
    return fail(st.error());
  return out;
}

}  // namespace ill::figures
