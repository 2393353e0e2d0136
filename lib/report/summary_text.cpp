// month_summary(): the plain-text body of a report e-mail. It names every figure a reader looks
// for first and leaves the charts and outage lists to the attached PDF; every number is printed
// by figure_text.hpp, at the PDF's precision, so the mail and the PDF never disagree.
#include "report/documents.hpp"
#include "report/figure_text.hpp"

#include <fmt/format.h>

namespace ill::report {

std::string month_summary(const ClientMonth& m, const ReportMeta& meta) {
  const std::string zone = m.zone ? std::string(m.zone->name()) : std::string("UTC");
  std::string out =
      fmt::format("Service level report for {}, {} ({}).\n", m.client.name, m.month, zone);
  bool month_to_date = false;
  for (const auto& l : m.links)
    month_to_date = month_to_date || l.figures.value("month_to_date", false);
  if (month_to_date) out += "The month is still running: the figures are month to date.\n";
  for (const auto& l : m.links) {
    const auto& f = l.figures;
    out += "\n" + l.link.name;
    if (!l.link.circuit_id.empty()) out += " (circuit " + l.link.circuit_id + ")";
    out += "\n";
    out += fmt::format("  Availability {} against {} % committed\n",
                       availability_text(number_at(f, "availability_pct")),
                       committed_text(l.policy, "uptime_pct"));
    const int outages = f.value("outage_count", 0);
    out += fmt::format("  Downtime {} in {} outage{}", duration_text(number_at(f, "downtime_s")),
                       outages, outages == 1 ? "" : "s");
    if (outages > 0)
      out += fmt::format(", the longest {}", duration_text(number_at(f, "longest_outage_s")));
    out += "\n";
    out += fmt::format("  Latency mean {}, packet loss {}\n",
                       latency_text(number_at(f, "latency_avg_ms")),
                       loss_text(number_at(f, "loss_avg_pct")));
    const std::string breached = breach_list(f, ", ");
    if (breached.empty()) {
      out += "  Every commitment met.\n";
    } else {
      out += "  Commitment not met: " + breached + "\n";
      const auto amount = number_at(f, "credit_amount");
      const auto pct = number_at(f, "credit_pct");
      if (amount || pct) {
        out += "  Service credit: " + money_text(amount, f.value("currency", ""));
        if (pct) out += fmt::format(" ({} %)", shortest(*pct));
        out += "\n";
      }
    }
  }
  out +=
      "\nThe attached PDF holds the charts, every outage with its cause and the planned "
      "maintenance; the CSV holds the same figures for a spreadsheet.\n";
  if (!meta.isp_name.empty()) out += "\n-- \n" + meta.isp_name + "\n";
  return out;
}

}  // namespace ill::report
