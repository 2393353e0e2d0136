#include "notify/report_mail.hpp"

#include "core/clock.hpp"
#include "core/format.hpp"
#include "store/report_delivery_repository.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace ill::notify {
std::string_view to_string(DeliveryStatus status) {
  switch (status) {
  case DeliveryStatus::sent: return "sent";
  case DeliveryStatus::failed: return "failed";
  case DeliveryStatus::already_sent: return "already-sent";
  case DeliveryStatus::would_send: return "would-send";
  }
  return "unknown";
}

ReportMail report_mail_of(const report::ClientReport& report, std::string_view isp_name) {
  ReportMail m;
  m.client_id = report.client_id;
  m.client_name = report.client;
  m.month = report.month;
  m.recipients = report.report_emails;
  m.subject = fmt::format("{}Service level report {}: {}",
                          isp_name.empty() ? std::string() : std::string(isp_name) + " - ",
                          report.month, report.client);
  m.summary = report.summary;
  for (const auto& d : report.documents)
    if (d.format != report::Format::json)
      m.documents.push_back(Document{d.filename, d.content_type, d.bytes});
  return m;
}

bool all_delivered(const std::vector<ReportOutcome>& outcomes) {
  return std::all_of(outcomes.begin(), outcomes.end(),
                     [](const ReportOutcome& o) { return o.status != DeliveryStatus::failed; });
}

Result<std::vector<ReportOutcome>> send_report(store::Database& db, const SmtpClient& smtp,
                                               const ReportMail& report,
                                               const ReportMailOptions& options) {
  if (!options.dry_run && !smtp.configured())
    return fail(Errc::config, "no SMTP server configured (smtp.host)");
  auto base = mail_from_settings(smtp.settings());
  if (!base) return fail(base.error());
  store::ReportDeliveryRepository deliveries(db);

  std::vector<ReportOutcome> outcomes;
  std::vector<Mailbox> pending;
  for (const auto& address : report.recipients) {
    auto mailbox = parse_mailbox(address);
    if (!mailbox)
      return fail(std::move(mailbox.error()).with_context("client " + report.client_name));
    ReportOutcome o{mailbox->address, DeliveryStatus::would_send, {}, 0};
    auto before = deliveries.get(report.client_id, report.month, mailbox->address);
    if (!before) return fail(before.error());
    if (*before && (*before)->status == "sent" && !options.resend) {
      o.status = DeliveryStatus::already_sent;
      o.reply = (*before)->reply;
    } else {
      pending.push_back(*mailbox);
    }
    outcomes.push_back(std::move(o));
  }
  if (options.dry_run || pending.empty()) return outcomes;

  Mail mail = std::move(*base);
  mail.subject = report.subject;
  mail.body = report.summary;
  mail.attachments = report.documents;
  mail.date = now_seconds();
  mail.message_id = "report." + std::to_string(report.client_id) + "." + report.month +
                    (options.resend ? "." + std::to_string(unix_seconds(mail.date)) : "") + "@ill";
  mail.to = pending;  // the To: header names every addressee, each gets its own transaction

  auto find = [&](const std::string& address) -> ReportOutcome& {
    return *std::find_if(outcomes.begin(), outcomes.end(),
                         [&](const ReportOutcome& o) { return o.recipient == address; });
  };
  // Each acceptance is recorded at once, so a crash during later retries cannot resend it.
  auto record = [&](const ReportOutcome& o) {
    return deliveries.put({report.client_id, report.month, o.recipient,
                           o.status == DeliveryStatus::sent ? "sent" : "failed", o.reply,
                           mail.message_id, o.attempts, now_seconds()});
  };
  std::vector<Mailbox> left = pending;
  auto wait = options.backoff;
  for (int attempt = 1; attempt <= std::max(1, options.attempts) && !left.empty(); ++attempt) {
    if (attempt > 1) {
      if (options.sleep)
        options.sleep(wait);
      else
        std::this_thread::sleep_for(wait);
      wait *= 2;
    }
    Mail once = mail;
    once.to = left;
    auto results = smtp.send(once);
    if (!results) return fail(results.error());
    std::vector<Mailbox> again;
    for (std::size_t i = 0; i < results->size(); ++i) {
      const auto& r = (*results)[i];
      ReportOutcome& o = find(r.address);
      o.attempts = attempt;
      o.reply = r.reply;
      o.status = r.accepted ? DeliveryStatus::sent : DeliveryStatus::failed;
      if (r.accepted) {
        if (auto st = record(o); !st) return fail(st.error());
      } else {
        spdlog::warn("report {} {} to {}: attempt {} refused: {}", report.client_name, report.month,
                     r.address, attempt, r.reply);
        again.push_back(left[i]);
      }
    }
    left = std::move(again);
  }
  for (const auto& address : left) {
    if (auto st = record(find(address.address)); !st) return fail(st.error());
  }
  return outcomes;
}

}  // namespace ill::notify
