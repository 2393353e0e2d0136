#include "portal/api.hpp"

#include "core/format.hpp"

#include <nlohmann/json.hpp>

namespace ill::portal {

namespace {

using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json link_object(const LinkNow& l) {
  json j = {{"id", l.link.id},
            {"name", l.link.name},
            {"circuit_id", l.link.circuit_id},
            {"committed_mbps", l.link.committed_mbps},
            {"committed_uptime_pct", l.link.committed_uptime_pct},
            {"committed_latency_ms", l.link.committed_latency_ms},
            {"committed_loss_pct", l.link.committed_loss_pct},
            {"state", l.state},
            {"since", l.since ? json(ill::rfc3339(*l.since)) : json(nullptr)}};
  json now = nullptr;
  if (l.latest) {
    now = {{"t", ill::rfc3339(l.latest->t)},
           {"in_bps", opt(l.latest->rx_bps)},
           {"out_bps", opt(l.latest->tx_bps)},
           {"latency_ms", opt(l.latest->latency_avg_ms)},
           {"loss_pct", opt(l.latest->loss_pct)}};
  }
  j["now"] = now;
  json month = nullptr;
  if (l.month) {
    month = {{"month", l.month->month},
             {"measured_to", ill::rfc3339(l.month->measured_to)},
             {"availability_pct", opt(l.month->availability_pct)},
             {"committed_uptime_pct", l.month->committed_pct},
             {"budget_left_min", opt(l.month->budget_left_min)},
             {"breach", l.month->breach},
             {"p95_bps", opt(l.month->p95_bps)}};
  }
  j["month_to_date"] = month;
  return j;
}

}  // namespace

std::string links_json(const std::vector<LinkNow>& links) {
  json all = json::array();
  for (const auto& l : links) all.push_back(link_object(l));
  return json{{"links", all}}.dump();
}

std::string link_json(const LinkNow& link) { return link_object(link).dump(); }

std::string points_json(std::int64_t link_id, sla::TimeRange range, std::chrono::seconds step,
                        const std::vector<Point>& points) {
  // The API counts in Unix seconds, as its callers asked in.
  json rows = json::array();
  for (const auto& p : points) {
    rows.push_back(
        {unix_seconds(p.t), opt(p.in_bps), opt(p.out_bps), opt(p.latency_ms), opt(p.loss_pct)});
  }
  return json{{"link_id", link_id},
              {"from", unix_seconds(range.from)},
              {"to", unix_seconds(range.to)},
              {"step_s", step.count()},
              {"columns", {"t", "in_bps", "out_bps", "latency_ms", "loss_pct"}},
              {"points", rows}}
      .dump();
}

std::string outages_json(std::int64_t link_id, const MonthSummary& month) {
  json rows = json::array();
  for (const auto& o : month.outages) {
    rows.push_back({{"start", ill::rfc3339(o.start)},
                    {"end", ill::rfc3339(o.end)},
                    {"duration_s", o.duration_s},
                    {"down_s", o.down_s},
                    {"cause", std::string(sla::to_string(o.cause))},
                    {"note", o.note},
                    {"counts", o.is_downtime}});
  }
  return json{{"link_id", link_id}, {"month", month.month}, {"outages", rows}}.dump();
}

std::string reports_json(const std::vector<store::ReportDocument>& documents) {
  json rows = json::array();
  for (const auto& d : documents) {
    rows.push_back({{"id", d.id},
                    {"month", d.month},
                    {"scope", d.scope},
                    {"format", d.format},
                    {"filename", d.filename},
                    {"content_type", d.content_type},
                    {"size", d.size},
                    {"sha256", d.sha256},
                    {"generated_at", ill::rfc3339(d.generated_at)},
                    {"computed_at", ill::rfc3339(d.computed_at)},
                    {"href", "/api/v1/reports/" + std::to_string(d.id)}});
  }
  return json{{"reports", rows}}.dump();
}

std::string error_json(std::string_view message) {
  return json{{"error", std::string(message)}}.dump();
}

}  // namespace ill::portal
