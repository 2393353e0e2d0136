#include "figures/report_json.hpp"

#include "core/format.hpp"
#include "core/json_writer.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cstdio>
#include <iterator>

namespace ill::figures {

namespace {

using nlohmann::json;

}  // namespace

std::string figures_text(const store::Link& link, const std::string& month,
                         const sla::Period& period, const sla::MonthFigures& f,
                         std::string_view computed_at, int indent, int depth) {
  JsonWriter o(indent, depth);
  // Members in key order, as a nlohmann::json object keeps them.
  o.begin_object();
  o.key("availability_pct").value(f.availability_pct);
  o.key("breach").begin_object();
  o.key("availability").value(f.breach.availability);
  o.key("details").begin_array();
  for (const auto& d : f.breach.details) o.value(d);
  o.end_array();
  o.key("latency").value(f.breach.latency);
  o.key("loss").value(f.breach.loss);
  o.end_object();
  o.key("client").value(link.client_name);
  o.key("computed_at").value(computed_at);
  if (f.credit_cents)
    o.key("credit_amount").value(static_cast<double>(*f.credit_cents) / 100.0);
  else
    o.key("credit_amount").null();
  o.key("credit_days").value(f.credit_days);
  o.key("credit_pct").value(f.credit_pct);
  o.key("currency").value(f.currency);
  o.key("downtime_s").value(f.downtime_s);
  // Downtime the commitment still allows this month, and where the month's pace so far leads.
  o.key("error_budget");
  if (f.budget) {
    o.begin_object();
    o.key("allowed_s").value(f.budget->allowed_s);
    o.key("as_of").value(rfc3339((f.budget->as_of)));
    o.key("forecast_breach").value(f.budget->forecast_breach);
    o.key("forecast_downtime_s").value(f.budget->forecast_downtime_s);
    o.key("forecast_left_s").value(f.budget->forecast_left_s);
    o.key("left_s").value(f.budget->left_s);
    o.end_object();
  } else {
    o.null();
  }
  o.key("excluded_s").value(f.excluded_s);
  o.key("excused_s").value(f.excused_s);
  o.key("from").value(rfc3339((period.from)));
  o.key("latency_avg_ms").value(f.latency_avg_ms);
  o.key("latency_n").value(f.latency_n);
  o.key("latency_p95_ms").value(f.latency_p95_ms);
  o.key("link").value(link.name);
  o.key("longest_outage_s").value(f.longest_outage_s);
  o.key("loss_avg_pct").value(f.loss_avg_pct);
  o.key("loss_n").value(f.loss_n);
  o.key("measured_to").value(rfc3339((f.measured.to)));
  o.key("month").value(month);
  o.key("month_to_date").value(f.measured.to < period.to);
  o.key("mttr_s").value(f.mttr_s);
  if (f.null_reason.empty())
    o.key("null_reason").null();
  else
    o.key("null_reason").value(f.null_reason);
  o.key("outage_count").value(f.outage_count);
  o.key("outages").begin_array();
  for (const auto& x : f.outages) {
    o.begin_object();
    o.key("annotated").value(x.annotated);
    o.key("cause").value(sla::to_string(x.cause));
    o.key("counted").value(x.counted);
    o.key("down_s").value(x.down_s);
    o.key("duration_s").value(x.duration_s);
    o.key("end").value(rfc3339((x.end)));
    o.key("is_downtime").value(x.is_downtime);
    o.key("note").value(x.note);
    o.key("start").value(rfc3339((x.start)));
    o.end_object();
  }
  o.end_array();
  o.key("p95_bps").value(f.traffic.bps);
  o.key("p95_in_bps").value(f.traffic.in_bps);
  o.key("p95_in_slots").value(f.traffic.in_slots);
  o.key("p95_method").value(sla::to_string(f.traffic.method));
  o.key("p95_out_bps").value(f.traffic.out_bps);
  o.key("p95_out_slots").value(f.traffic.out_slots);
  o.key("period_s").value(f.period_s);
  o.key("scheduled_s").value(f.scheduled_s);
  o.key("timezone").value(period.zone->name());
  o.key("to").value(rfc3339((period.to)));
  o.key("unknown_s").value(f.unknown_s);
  o.key("up_s").value(f.up_s);
  o.end_object();
  return o.take();
}

json figures_json(const store::Link& link, const std::string& month, const sla::Period& period,
                  const sla::MonthFigures& f, std::string_view computed_at) {
  return json::parse(figures_text(link, month, period, f, computed_at));
}

}  // namespace ill::figures
