// E-mail through an SMTP server with libcurl: one message (MIME, built with libcurl's mime API)
// per recipient list, a plain-text body and attachments.
//
// Per-recipient outcomes. libcurl 7.88 (Debian 12) fails the whole transaction when the server
// refuses one RCPT TO (CURLOPT_MAIL_RCPT_ALLOWFAILS arrives in 8.2; its misspelt 7.69 form only
// lets the rest go on, and says nothing about which address was refused). So the same message is
// sent in one transaction per recipient, over one connection that libcurl keeps open between
// them: each address gets its own accepted/refused result and the server's own reply line, and a
// refused address never stops the others. The cost is one more DATA per extra recipient, which
// for a client's few report addresses is nothing.
#pragma once

#include "config/notify_settings.hpp"
#include "core/result.hpp"
#include "notify/document.hpp"
#include "notify/mime_text.hpp"
#include "store/secret.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ill::notify {

struct Mail {
  Mailbox from;
  std::optional<Mailbox> reply_to;
  std::vector<Mailbox> to;
  std::string subject;  // UTF-8; encoded as RFC 2047 words when not ASCII
  std::string body;     // UTF-8 plain text
  std::vector<Document> attachments;
  std::string message_id;  // without <>; the idempotency key for receivers
  std::chrono::sys_seconds date{};
};

struct RecipientResult {
  std::string address;
  bool accepted = false;
  std::string reply;  // the server's last reply line, or why there was none
};

// A Mail's From: and Reply-To: from the [smtp] settings.
Result<Mail> mail_from_settings(const config::SmtpSettings& settings);

class SmtpClient {
public:
  SmtpClient(config::SmtpSettings settings, std::optional<store::Secret> password);

  // Sends `mail` to each of its recipients; one result per recipient, in order. Errors that
  // concern the whole message (no recipients) fail the call.
  Result<std::vector<RecipientResult>> send(const Mail& mail) const;

  bool configured() const { return !m_settings.host.empty(); }
  const config::SmtpSettings& settings() const { return m_settings; }

private:
  config::SmtpSettings m_settings;
  std::optional<store::Secret> m_password;
};

}  // namespace ill::notify
