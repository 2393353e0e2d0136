#include "metrics/alert_metrics.hpp"

#include "metrics/exposition.hpp"

namespace ill::metrics {

void render_alerts(const AlertFigures& a, Exposition& out) {
  auto single = [&out](std::string_view name, MetricType type, std::string_view help,
                       double value) {
    out.family(name, type, help);
    out.sample({}, value);
  };
  single("illd_alerts_queued_total", MetricType::counter,
         "Alert deliveries written to the outbox (one per alert, channel and recipient).",
         static_cast<double>(a.queued_total));
  single("illd_alerts_sent_total", MetricType::counter,
         "Alert deliveries a channel accepted (SMTP 250, HTTP 2xx).",
         static_cast<double>(a.sent_total));
  single("illd_alerts_failed_total", MetricType::counter,
         "Alert delivery attempts refused or failed (each is retried with backoff).",
         static_cast<double>(a.failed_total));
  single("illd_alerts_given_up_total", MetricType::counter,
         "Alert deliveries marked failed after alerts.give_up_after_h of retries.",
         static_cast<double>(a.given_up_total));
  single("illd_alerts_pending", MetricType::gauge,
         "Alert deliveries in the outbox waiting to be sent or retried.",
         static_cast<double>(a.pending));
}

}  // namespace ill::metrics
