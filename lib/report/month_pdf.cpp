// The PDF of a client's month: a cover, the summary table, then each link's charts, outages and
// maintenance windows. Figures from the stored rows, formatted by figure_text.
#include "core/format.hpp"
#include "core/version.hpp"
#include "report/documents.hpp"
#include "report/figure_text.hpp"
#include "report/pdf_layout.hpp"

#include <fmt/format.h>

namespace ill::report {
namespace {

using json = nlohmann::json;

std::chrono::sys_seconds time_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  const auto t = parse_rfc3339(it->get<std::string>());
  return t ? *t : std::chrono::sys_seconds{};
}

TextStyle style(double size, Weight weight = Weight::normal) {
  TextStyle s;
  s.size = size;
  s.weight = weight;
  return s;
}

TextStyle grey(double size) {
  TextStyle s = style(size);
  s.r = s.g = s.b = 0.35;
  return s;
}

std::string breach_of(const json& f) {
  const std::string out = breach_list(f, ", ");
  return out.empty() ? "no" : out;
}

std::string credit_of(const json& f, const json& policy) {
  const std::string model =
      policy.contains("credit") ? policy["credit"].value("model", "") : std::string();
  const auto amount = number_at(f, "credit_amount");
  const auto pct = number_at(f, "credit_pct");
  std::string text = money_text(amount, f.value("currency", ""));
  if (pct) text += fmt::format(" ({} %)", shortest(*pct));
  if (!model.empty()) text += "\n" + model;
  return text;
}

void cover(PdfLayout& pdf, const ClientMonth& m, const ReportMeta& meta) {
  pdf.skip(60);
  if (!meta.isp_name.empty()) pdf.paragraph(meta.isp_name, grey(12));
  pdf.skip(8);
  pdf.paragraph("Service level report", style(24, Weight::bold));
  pdf.skip(14);
  pdf.paragraph(m.client.name, style(20));
  pdf.skip(18);
  const auto& first = m.links.front().period;
  pdf.paragraph(
      fmt::format("Period: {} to {} ({})", local_time_text(m.zone, first.month_range.from),
                  local_time_text(m.zone, first.month_range.to), m.zone->name()),
      style(10));
  pdf.skip(4);
  pdf.paragraph(fmt::format("Month: {}    Links: {}", m.month, m.links.size()), style(10));
  pdf.skip(4);
  pdf.paragraph(fmt::format("Generated: {}", local_time_text(m.zone, meta.generated_at)),
                style(10));
  pdf.skip(4);
  pdf.paragraph(fmt::format("Figures computed: {}", local_time_text(m.zone, m.computed_at())),
                style(10));
  pdf.skip(4);
  pdf.paragraph(fmt::format("ill {}", version()), grey(9));
  bool month_to_date = false;
  for (const auto& l : m.links)
    month_to_date = month_to_date || l.figures.value("month_to_date", false);
  if (month_to_date) {
    pdf.skip(10);
    pdf.paragraph("The month is still running: the figures are month to date.", style(10));
  }
  pdf.skip(24);
  pdf.paragraph(
      "Availability is up time over scheduled time, planned maintenance excluded from "
      "downtime. Times are in the client's time zone. Committed values are those of the "
      "link's service level agreement.",
      grey(8));
}

// Two tables, so that no column is too narrow for its header or its figures on A4 portrait:
// availability first (what a credit depends on), then latency, loss, traffic and the credit.
void summary(PdfLayout& pdf, const ClientMonth& m) {
  pdf.paragraph("Summary: committed against measured", style(13, Weight::bold));
  pdf.skip(6);
  const std::vector<Column> availability_columns = {{"Link", 1.6},
                                                    {"Availability", 1.3, Align::right},
                                                    {"Downtime", 1.3, Align::right},
                                                    {"Outages", 0.8, Align::right},
                                                    {"MTTR", 1.1, Align::right},
                                                    {"Longest", 1.1, Align::right},
                                                    {"Breach", 1.3}};
  const std::vector<Column> quality_columns = {{"Link", 1.6},
                                               {"Latency mean / p95", 1.6, Align::right},
                                               {"Loss", 1.1, Align::right},
                                               {"P95 traffic", 1.5, Align::right},
                                               {"Credit", 2.2}};
  std::vector<std::vector<std::string>> availability_rows;
  std::vector<std::vector<std::string>> quality_rows;
  for (const auto& l : m.links) {
    const json& f = l.figures;
    std::string name = l.link.name;
    if (!l.link.circuit_id.empty()) name += "\n" + l.link.circuit_id;
    std::string availability = availability_text(number_at(f, "availability_pct"));
    availability += "\nof " + committed_text(l.policy, "uptime_pct") + " %";
    std::string downtime = duration_text(number_at(f, "downtime_s"));
    if (number_at(f, "unknown_s").value_or(0) > 0)
      downtime += "\nunknown " + duration_text(number_at(f, "unknown_s"));
    availability_rows.push_back({name, availability, downtime,
                                 fmt::format("{}", f.value("outage_count", 0)),
                                 duration_text(number_at(f, "mttr_s")),
                                 duration_text(number_at(f, "longest_outage_s")), breach_of(f)});
    quality_rows.push_back(
        {name,
         latency_text(number_at(f, "latency_avg_ms")) + " / " +
             latency_text(number_at(f, "latency_p95_ms")) + "\nof " +
             committed_text(l.policy, "latency_ms") + " ms",
         loss_text(number_at(f, "loss_avg_pct")) + "\nof " + committed_text(l.policy, "loss_pct") +
             " %",
         bps_text(number_at(f, "p95_bps")) + "\nof " + bps_text(l.link.committed_mbps * 1e6),
         credit_of(f, l.policy)});
  }
  pdf.paragraph("Availability", style(10, Weight::bold));
  pdf.skip(3);
  pdf.table(availability_columns, availability_rows, 7.5);
  pdf.skip(12);
  pdf.paragraph("Latency, loss, traffic and credit", style(10, Weight::bold));
  pdf.skip(3);
  pdf.table(quality_columns, quality_rows, 7.5);
}

void link_section(PdfLayout& pdf, const ClientMonth& m, const LinkMonthData& l) {
  pdf.new_page();
  const json& f = l.figures;
  std::string title = "Link " + l.link.name;
  if (!l.link.circuit_id.empty()) title += " \u00b7 circuit " + l.link.circuit_id;
  pdf.paragraph(title, style(13, Weight::bold));
  pdf.skip(2);
  pdf.paragraph(
      fmt::format("Availability {} (committed {} %) \u00b7 downtime {} \u00b7 {} outages \u00b7 "
                  "breach: {}",
                  availability_text(number_at(f, "availability_pct")),
                  committed_text(l.policy, "uptime_pct"), duration_text(number_at(f, "downtime_s")),
                  f.value("outage_count", 0), breach_of(f)),
      grey(8));
  if (f.contains("breach") && f["breach"].contains("details"))
    for (const auto& d : f["breach"]["details"])
      if (d.is_string()) pdf.paragraph(d.get<std::string>(), grey(8));
  if (f.contains("null_reason") && f["null_reason"].is_string())
    pdf.paragraph("No availability: " + f["null_reason"].get<std::string>(), grey(8));
  pdf.skip(6);

  const sla::TimeRange range = l.period.month_range;
  pdf.paragraph("Availability by day (time of day down each column)", style(9, Weight::bold));
  draw(pdf.cr(), AvailabilityStrip{range, m.zone, l.spans}, pdf.block(170));
  pdf.skip(8);
  pdf.paragraph("Traffic", style(9, Weight::bold));
  draw(pdf.cr(),
       traffic_chart(l.series, range, m.zone, l.link.committed_mbps * 1e6, number_at(f, "p95_bps")),
       pdf.block(140));
  pdf.skip(8);
  pdf.paragraph("Latency and loss", style(9, Weight::bold));
  std::optional<double> committed_latency;
  std::optional<double> committed_loss;
  if (l.policy.contains("commitments")) {
    committed_latency = number_at(l.policy["commitments"], "latency_ms");
    committed_loss = number_at(l.policy["commitments"], "loss_pct");
  }
  draw(pdf.cr(), quality_chart(l.series, range, m.zone, committed_latency, committed_loss),
       pdf.block(170));
  pdf.skip(10);

  pdf.need(40);
  pdf.paragraph("Outages", style(10, Weight::bold));
  pdf.skip(3);
  std::vector<std::vector<std::string>> rows;
  if (f.contains("outages"))
    for (const auto& o : f["outages"]) {
      std::string cause = o.value("cause", "");
      if (o.value("annotated", false)) cause += " (annotated)";
      rows.push_back({local_time_text(m.zone, time_at(o, "start"), true),
                      local_time_text(m.zone, time_at(o, "end"), true),
                      duration_text(number_at(o, "duration_s")),
                      duration_text(number_at(o, "down_s")), cause,
                      o.value("counted", false) ? "yes" : "no", o.value("note", "")});
    }
  if (rows.empty()) {
    pdf.paragraph("No outages.", grey(8));
  } else {
    pdf.table({{"Start", 1.6},
               {"End", 1.6},
               {"Duration", 0.9, Align::right},
               {"Down", 0.9, Align::right},
               {"Cause", 1.1},
               {"Counted", 0.6},
               {"Note", 2.0}},
              rows);
  }
  pdf.skip(10);
  pdf.need(40);
  pdf.paragraph("Maintenance windows", style(10, Weight::bold));
  pdf.skip(3);
  rows.clear();
  for (const auto& w : l.maintenance) {
    std::string scope = std::string(store::to_string(w.scope));
    if (!w.target_name.empty()) scope += " " + w.target_name;
    rows.push_back({local_time_text(m.zone, w.start_t), local_time_text(m.zone, w.end_t),
                    duration_text(static_cast<double>((w.end_t - w.start_t).count())), scope,
                    w.reason});
  }
  if (rows.empty()) {
    pdf.paragraph("No planned maintenance.", grey(8));
  } else {
    pdf.table({{"Start", 1.5},
               {"End", 1.5},
               {"Length", 0.9, Align::right},
               {"Scope", 1.3},
               {"Reason", 2.5}},
              rows);
  }
}

}  // namespace

std::string month_pdf(const ClientMonth& m, const ReportMeta& meta) {
  std::string footer = meta.isp_name.empty() ? std::string() : meta.isp_name + " \u00b7 ";
  footer += fmt::format("Service level report {} \u00b7 {}", m.month, m.client.name);
  PdfLayout pdf(footer, fmt::format("Service level report {} {}", m.client.name, m.month),
                meta.isp_name);
  if (m.links.empty()) return pdf.finish();
  cover(pdf, m, meta);
  pdf.new_page();
  summary(pdf, m);
  for (const auto& l : m.links) link_section(pdf, m, l);
  return pdf.finish();
}

}  // namespace ill::report
