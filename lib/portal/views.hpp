// What the portal shows, read from the store for one client. Every read starts from a link the
// client owns (LinkRepository::get_for_client, list by client), so another client's id reads as
// a missing one; the samples, rollups, timeline and maintenance of a link are read only after
// that check, by the link's own id.
//
// Decisions:
// - Month-to-date figures come from figures::compute_month with `now` and are kept per link for
//   `figures_ttl` (a minute by default): the dashboard's refreshes and the API's calls then
//   cost a few index reads, not a month of rollups each.
// - Graph ranges read 5-minute rollups up to a day and 1-hour rollups beyond (never raw samples).
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "sla/outage.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/portal_auth_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/sample_repository.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::portal {

struct MonthSummary {
  std::string month;  // YYYY-MM in the client's zone
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds measured_to;
  std::optional<double> availability_pct;
  double committed_pct = 0;
  std::optional<double> budget_left_min;
  bool breach = false;
  std::optional<double> latency_avg_ms;
  std::optional<double> loss_avg_pct;
  std::optional<double> p95_bps;
  std::vector<sla::Outage> outages;
};

struct LinkNow {
  store::Link link;
  std::string state = "unknown";                  // up | down | unknown
  std::optional<std::chrono::sys_seconds> since;  // start of the current state
  std::optional<store::Sample> latest;
  std::optional<MonthSummary> month;  // this month to date
};

enum class Range { day, week, month30, calendar_month };

struct Point {
  std::chrono::sys_seconds t;
  std::optional<double> in_bps, out_bps, latency_ms, loss_pct;
};

struct LinkSeries {
  Range range = Range::day;
  std::string month;  // for calendar_month
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  std::chrono::seconds step{300};
  std::vector<Point> points;
  std::vector<store::StateInterval> states;
};

class Views {
public:
  Views(config::SlaSettings sla, std::chrono::seconds figures_ttl)
      : m_sla(std::move(sla)), m_ttl(figures_ttl) {}

  Result<std::vector<LinkNow>> dashboard(store::Database& db, const store::PortalPrincipal& who,
                                         std::chrono::sys_seconds now);
  // nullopt: not the client's link, or no such link (the same to the caller).
  Result<std::optional<LinkNow>> link(store::Database& db, const store::PortalPrincipal& who,
                                      std::int64_t link_id, std::chrono::sys_seconds now);
  // A calendar month of an owned link ("YYYY-MM"; "this" for month to date).
  Result<MonthSummary> month(store::Database& db, const store::Link& link, std::string_view month,
                             std::chrono::sys_seconds now);
  // `range` of an owned link; `month` names the calendar month for Range::calendar_month.
  Result<LinkSeries> series(store::Database& db, const store::Link& link, Range range,
                            std::string_view month, std::chrono::sys_seconds now);
  // Points of an owned link in `range` at `step` (0: raw samples, 5 minutes, 1 hour).
  Result<std::vector<Point>> points(store::Database& db, std::int64_t link_id, sla::TimeRange range,
                                    std::chrono::seconds step);
  // Maintenance windows of an owned link within 90 days either side of now.
  Result<std::vector<store::MaintenanceWindow>> maintenance(store::Database& db,
                                                            std::int64_t link_id,
                                                            std::chrono::sys_seconds now);

private:
  Result<LinkNow> now_of(store::Database& db, store::Link link, std::chrono::sys_seconds now);

  config::SlaSettings m_sla;
  std::chrono::seconds m_ttl;
  std::mutex m_mutex;
  struct Cached {
    std::chrono::sys_seconds at;
    MonthSummary summary;
  };
  std::map<std::int64_t, Cached> m_month_cache;  // link id -> this month to date
};

}  // namespace ill::portal
