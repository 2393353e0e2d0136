#include "figures/outage_annotation.hpp"

#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "figures/month_report.hpp"
#include "figures/report_json.hpp"
#include "store/sla_report_repository.hpp"

#include <nlohmann/json.hpp>

namespace ill::figures {

namespace {

using nlohmann::json;
using std::chrono::sys_seconds;

StoredChange change_of(const json& figures) {
  StoredChange c;
  if (figures.contains("availability_pct") && figures["availability_pct"].is_number())
    c.availability_pct = figures["availability_pct"].get<double>();
  c.downtime_s = figures.value("downtime_s", std::int64_t{0});
  if (figures.contains("credit_pct") && figures["credit_pct"].is_number())
    c.credit_pct = figures["credit_pct"].get<double>();
  return c;
}

// "YYYY-MM" of the month holding `t` in `zone`.
std::string month_containing(const date::time_zone* zone, sys_seconds t) {
  const auto local = zone->to_local(t);
  const date::year_month_day day{date::floor<date::days>(local)};
  return month_text(day.year() / day.month());
}

// Recalculates the stored row of (link, month), if any, with its own policy and measured end.
Status recalculate_stored(store::Database& db, const store::Link& link, const std::string& month,
                          sys_seconds now, AnnotateResult& result) {
  store::SlaReportRepository reports(db);
  auto stored = reports.get(link.id, month);
  if (!stored) return fail(stored.error());
  if (!*stored) return {};
  auto bad = [&](std::string_view what) {
    return fail(Errc::database, "stored SLA report of link {} for {}: {}", link.name, month, what);
  };
  const auto figures = json::parse((*stored)->figures, nullptr, false);
  const auto policy_text = json::parse((*stored)->policy, nullptr, false);
  if (figures.is_discarded() || policy_text.is_discarded()) return bad("not JSON");
  auto policy = policy_from_json(policy_text);
  if (!policy) return bad(policy.error().message());
  auto measured_to = parse_rfc3339(figures.value("measured_to", ""));
  if (!measured_to) return bad("no measured_to");
  auto r = compute_month(db, link, month, *policy, *measured_to, now);
  if (!r) return fail(r.error());
  store::SlaReport row = **stored;
  row.figures = r->text;
  row.computed_at = now;
  if (auto st = reports.put(row); !st) return st;
  result.before = change_of(figures);
  result.after = change_of(r->json());
  return {};
}

}  // namespace

Result<AnnotateResult> annotate_outage(store::Database& db, const store::Link& link,
                                       const AnnotateRequest& request, sys_seconds now,
                                       const config::SlaSettings& defaults) {
  auto zone = zone_of(db, link);
  if (!zone) return fail(zone.error());
  AnnotateResult result;
  result.month = month_containing(*zone, request.start_t);
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  auto current = compute_month(db, link, result.month, now, defaults);
  if (!current) return fail(current.error());
  const sla::Outage* found = nullptr;
  for (const auto& outage : current->figures.outages)
    if (outage.start == request.start_t &&
        (outage.annotated || outage.cause == sla::Cause::provider))
      found = &outage;
  if (found == nullptr)
    return fail(Errc::not_found, "link {} has no outage starting at {} (see illctl outage list)",
                link.name, rfc3339(request.start_t));
  store::OutageAnnotation& a = result.annotation;
  a.link_id = link.id;
  a.start_t = request.start_t;
  a.end_t = found->end;
  a.cause = std::string(sla::to_string(request.cause));
  a.note = request.note;
  a.changed_by = request.changed_by;
  a.changed_at = now;
  if (auto st = store::OutageRepository(db).annotate(a); !st) return fail(st.error());
  if (auto st = recalculate_stored(db, link, result.month, now, result); !st)
    return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  return result;
}

}  // namespace ill::figures
