#include "portal/views.hpp"

#include "figures/month_report.hpp"
#include "store/database.hpp"

#include <date/date.h>

namespace ill::portal {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_seconds;

constexpr std::chrono::days k_day{1};

MonthSummary summary_of(const store::Link& link, const figures::MonthReport& r) {
  MonthSummary s;
  s.month = r.month;
  s.from = r.figures.measured.from;
  s.measured_to = r.figures.measured.to;
  s.availability_pct = r.figures.availability_pct;
  s.committed_pct = link.committed_uptime_pct;
  if (r.figures.budget) s.budget_left_min = r.figures.budget->left_min();
  s.breach = r.figures.breach.any();
  s.latency_avg_ms = r.figures.latency_avg_ms;
  s.loss_avg_pct = r.figures.loss_avg_pct;
  s.p95_bps = r.figures.traffic.bps;
  s.outages = r.figures.outages;
  return s;
}

}  // namespace

Result<MonthSummary> Views::month(store::Database& db, const store::Link& link,
                                  std::string_view month, sys_seconds now) {
  const bool to_date = month == "this";
  if (to_date) {
    std::lock_guard lock(m_mutex);
    auto it = m_month_cache.find(link.id);
    if (it != m_month_cache.end() && now - it->second.at < m_ttl && now >= it->second.at)
      return it->second.summary;
  }
  auto report = figures::compute_month(db, link, month, now, m_sla);
  if (!report) return fail(report.error());
  auto summary = summary_of(link, *report);
  if (to_date) {
    std::lock_guard lock(m_mutex);
    m_month_cache[link.id] = {now, summary};
  }
  return summary;
}

Result<LinkNow> Views::now_of(store::Database& db, store::Link link, sys_seconds now) {
  LinkNow out;
  auto last = store::LinkStateRepository(db).last(link.id);
  if (!last) return fail(last.error());
  if (*last) {
    // The timeline's last interval ends where the last observation's coverage ends; past that
    // the state is not known.
    if ((*last)->to >= now) {
      out.state = std::string(sla::to_string((*last)->state));
      out.since = (*last)->from;
    } else {
      out.state = "unknown";
      out.since = (*last)->to;
    }
  }
  auto latest = store::SampleRepository(db).latest(link.id);
  if (!latest) return fail(latest.error());
  out.latest = std::move(*latest);
  auto summary = month(db, link, "this", now);
  if (summary) out.month = std::move(*summary);
  out.link = std::move(link);
  return out;
}

Result<std::vector<LinkNow>> Views::dashboard(store::Database& db,
                                              const store::PortalPrincipal& who, sys_seconds now) {
  auto tx = db.begin_read();
  if (!tx) return fail(tx.error());
  auto links = store::LinkRepository(db).list({.client_id = who.client_id, .active_only = true});
  if (!links) return fail(links.error());
  std::vector<LinkNow> out;
  out.reserve(links->size());
  for (auto& link : *links) {
    auto one = now_of(db, std::move(link), now);
    if (!one) return fail(one.error());
    out.push_back(std::move(*one));
  }
  return out;
}

Result<std::optional<LinkNow>> Views::link(store::Database& db, const store::PortalPrincipal& who,
                                           std::int64_t link_id, sys_seconds now) {
  auto tx = db.begin_read();
  if (!tx) return fail(tx.error());
  auto link = store::LinkRepository(db).get_for_client(link_id, who.client_id);
  if (!link) return fail(link.error());
  if (!*link) return std::optional<LinkNow>();
  auto one = now_of(db, std::move(**link), now);
  if (!one) return fail(one.error());
  return std::optional<LinkNow>(std::move(*one));
}

Result<std::vector<Point>> Views::points(store::Database& db, std::int64_t link_id,
                                         sla::TimeRange range, std::chrono::seconds step) {
  std::vector<Point> out;
  if (step == std::chrono::seconds{0}) {
    auto samples = store::SampleRepository(db).range(link_id, range);
    if (!samples) return fail(samples.error());
    for (const auto& s : *samples)
      out.push_back({s.t, s.rx_bps, s.tx_bps, s.latency_avg_ms, s.loss_pct});
    return out;
  }
  auto period =
      step == minutes{5} ? store::RollupPeriod::five_minutes : store::RollupPeriod::one_hour;
  auto rows = store::RollupRepository(db).range(period, link_id, range, store::Histograms::skip);
  if (!rows) return fail(rows.error());
  for (const auto& r : *rows) {
    Point p{r.t, r.rx_bps_avg(), r.tx_bps_avg(), std::nullopt, std::nullopt};
    if (r.latency_n) p.latency_ms = r.latency_sum / static_cast<double>(r.latency_n);
    if (r.loss_n) p.loss_pct = r.loss_sum / static_cast<double>(r.loss_n);
    out.push_back(p);
  }
  return out;
}

Result<LinkSeries> Views::series(store::Database& db, const store::Link& link, Range range,
                                 std::string_view month, sys_seconds now) {
  LinkSeries s;
  s.range = range;
  s.to = now;
  switch (range) {
  case Range::day:
    s.from = now - k_day;
    s.step = minutes{5};
    break;
  case Range::week:
    s.from = now - 7 * k_day;
    s.step = hours{1};
    break;
  case Range::month30:
    s.from = now - 30 * k_day;
    s.step = hours{1};
    break;
  case Range::calendar_month: {
    auto zone = figures::zone_of(db, link);
    if (!zone) return fail(zone.error());
    auto m = figures::link_month(link, *zone, month, now);
    if (!m) return fail(m.error());
    s.month = m->month;
    s.from = m->period.month_range.from;
    s.to = std::min(now, m->period.month_range.to);
    s.step = hours{1};
    break;
  }
  }
  auto tx = db.begin_read();
  if (!tx) return fail(tx.error());
  auto points = this->points(db, link.id, sla::TimeRange{s.from, s.to}, s.step);
  if (!points) return fail(points.error());
  s.points = std::move(*points);
  auto states = store::LinkStateRepository(db).range(link.id, sla::TimeRange{s.from, s.to});
  if (!states) return fail(states.error());
  s.states = std::move(*states);
  return s;
}

Result<std::vector<store::MaintenanceWindow>> Views::maintenance(store::Database& db,
                                                                 std::int64_t link_id,
                                                                 sys_seconds now) {
  return store::MaintenanceRepository(db).for_link(
      link_id, sla::TimeRange{now - 90 * k_day, now + 90 * k_day});
}

}  // namespace ill::portal
