#include "notify/smtp.hpp"

#include "notify/curl_easy.hpp"

#include <fmt/format.h>

#include <memory>

namespace ill::notify {
namespace {

struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

// The message's MIME tree: the text, then each attachment, base64 with its own type and name.
std::unique_ptr<curl_mime, MimeDeleter> build_mime(CURL* curl, detail::CurlEasy& easy,
                                                   const Mail& mail) {
  std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(curl));
  curl_mimepart* text = curl_mime_addpart(mime.get());
  curl_mime_data(text, mail.body.data(), mail.body.size());
  curl_mime_type(text, "text/plain; charset=utf-8");
  curl_mime_encoder(text, "quoted-printable");
  for (const auto& doc : mail.attachments) {
    curl_mimepart* part = curl_mime_addpart(mime.get());
    curl_mime_data(part, doc.bytes.data(), doc.bytes.size());
    curl_mime_type(part, doc.content_type.c_str());
    curl_mime_encoder(part, "base64");
    // The handle owns the list; curl_mime_headers(…, 0) leaves it to us.
    curl_mime_headers(part, easy.list({attachment_disposition(doc.filename)}), 0);
  }
  return mime;
}

std::vector<std::string> headers(const Mail& mail) {
  std::string to;
  for (const auto& m : mail.to) to += (to.empty() ? "" : ", ") + format_mailbox(m);
  std::vector<std::string> out = {
      "Date: " + rfc5322_date(mail.date),
      "From: " + format_mailbox(mail.from),
      "To: " + to,
      "Subject: " + encode_header_text(mail.subject),
  };
  if (!mail.message_id.empty()) out.push_back("Message-ID: <" + mail.message_id + ">");
  if (mail.reply_to) out.push_back("Reply-To: " + format_mailbox(*mail.reply_to));
  return out;
}

}  // namespace

Result<Mail> mail_from_settings(const config::SmtpSettings& settings) {
  Mail mail;
  auto from = parse_mailbox(settings.from);
  if (!from) return fail(std::move(from.error()).with_context("smtp.from"));
  mail.from = std::move(*from);
  if (!settings.reply_to.empty()) {
    auto reply_to = parse_mailbox(settings.reply_to);
    if (!reply_to) return fail(std::move(reply_to.error()).with_context("smtp.reply_to"));
    mail.reply_to = std::move(*reply_to);
  }
  return mail;
}

SmtpClient::SmtpClient(config::SmtpSettings settings, std::optional<store::Secret> password)
    : m_settings(std::move(settings)), m_password(std::move(password)) {}

Result<std::vector<RecipientResult>> SmtpClient::send(const Mail& mail) const {
  if (!configured()) return fail(Errc::config, "no SMTP server configured (smtp.host)");
  if (mail.to.empty()) return fail(Errc::usage, "a message needs at least one recipient");
  const auto& s = m_settings;
  detail::CurlEasy easy;
  CURL* curl = easy.get();
  const bool smtps = s.security == "smtps";
  std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  std::string url =
      fmt::format("{}://{}:{}/{}", smtps ? "smtps" : "smtp", host, s.port, s.helo_domain);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (s.security == "starttls")
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
  if (!s.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.username.c_str());
    std::string password = m_password ? std::string(m_password->reveal()) : std::string();
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());  // copied by libcurl
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(s.timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.timeout_s));
  std::string mail_from = "<" + mail.from.address + ">";
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, easy.list(headers(mail)));
  easy.capture_replies();

  std::vector<RecipientResult> results;
  for (const auto& to : mail.to) {
    auto mime = build_mime(curl, easy, mail);
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, easy.list({"<" + to.address + ">"}));
    easy.clear_replies();
    RecipientResult r{to.address, false, {}};
    if (auto st = easy.perform(); st) {
      r.accepted = true;
      r.reply = easy.last_reply();
    } else {
      r.reply = st.error().message();
    }
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, nullptr);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace ill::notify
