// E-mailing one client's monthly report: one message to the client's report addresses, a
// plain-text summary in the body and the documents (PDF, CSV) attached, each recipient's
// outcome recorded in the store (report_deliveries).
//
// Decisions:
// - A recipient already recorded as `sent` for the client and month is skipped unless `resend`;
//   so rerunning a month (a timer that fired twice, a retry after a partial failure) sends only
//   to whom it did not reach.
// - A recipient the server refused or could not be reached for is retried `attempts` times in
//   all, the waits doubling from `backoff`; its last reply is recorded as `failed`. A row is
//   recorded after each recipient's final outcome, `sent` only on the server's acceptance.
// - A crash between the server's acceptance and the row's commit sends that recipient again on
//   the next run: at least once. The Message-ID names client and month, so a mail store can
//   tell the repeat.
// - dry_run sends and records nothing; each recipient is reported as it would be handled.
#pragma once

#include "core/result.hpp"
#include "notify/document.hpp"
#include "notify/smtp.hpp"
#include "report/documents.hpp"
#include "store/database.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ill::notify {

struct ReportMail {
  std::int64_t client_id = 0;
  std::string client_name;
  std::string month;  // YYYY-MM
  std::vector<std::string> recipients;
  std::string subject;
  std::string summary;  // the plain-text body
  std::vector<Document> documents;
};

struct ReportMailOptions {
  bool resend = false;
  bool dry_run = false;
  int attempts = 3;
  std::chrono::seconds backoff{5};
  // Waits between attempts (tests pass one that returns at once).
  std::function<void(std::chrono::seconds)> sleep;
};

enum class DeliveryStatus { sent, failed, already_sent, would_send };
std::string_view to_string(DeliveryStatus status);

struct ReportOutcome {
  std::string recipient;
  DeliveryStatus status = DeliveryStatus::failed;
  std::string reply;  // the server's last reply, or why there was none
  int attempts = 0;
};

// Sends `mail` as described above. Fails only when nothing could be tried (no SMTP server, bad
// addresses, the store); a refused recipient is an outcome, not an error.
Result<std::vector<ReportOutcome>> send_report(store::Database& db, const SmtpClient& smtp,
                                               const ReportMail& mail,
                                               const ReportMailOptions& options);

// The mail of one client's generated report: the subject names the month and the client, the
// body is the report's summary, its PDF and CSV documents are attached (any JSON is not: the
// portal and `illctl report` serve that). Recipients are the client's report addresses.
ReportMail report_mail_of(const report::ClientReport& report, std::string_view isp_name);

// True when every outcome is sent, already sent or would be sent.
bool all_delivered(const std::vector<ReportOutcome>& outcomes);

}  // namespace ill::notify
