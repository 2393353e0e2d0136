// E-mail through a real SMTP server on loopback (aiosmtpd), read back with Python's email
// package: the MIME structure, RFC 2047 subjects and names, attachments, STARTTLS with AUTH,
// a refused recipient reported while the others are delivered.
#include "sinks.hpp"

#include "notify/smtp.hpp"

#include <openssl/sha.h>
#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace ill;
using ill::test::MailSink;
using ill::test::TempDir;

namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  std::string hex;
  for (unsigned char c : digest) hex += fmt::format("{:02x}", c);
  return hex;
}

config::SmtpSettings settings_for(const MailSink& sink) {
  config::SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = sink.port();
  s.security = "none";
  s.from = "ISP Relatórios <reports@isp.example>";
  s.reply_to = "noc@isp.example";
  s.timeout_s = 10;
  return s;
}

notify::Mail report_mail(const config::SmtpSettings& s) {
  auto mail = notify::mail_from_settings(s);
  REQUIRE(mail);
  mail->to = {*notify::parse_mailbox("Zoë Müller <zoe@client.example>"),
              *notify::parse_mailbox("ops@client.example")};
  mail->subject = "Relatório SLA 2026-11 — मासिक रिपोर्ट";
  mail->body = "Availability 99.95 % (committed 99.50 %).\nCrédito: none.\n";
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 2000; ++i) pdf += static_cast<char>(i * 37 % 256);  // binary bytes
  mail->attachments = {
      {"acme-2026-11.pdf", "application/pdf", pdf},
      {"acme-2026-11.csv", "text/csv; charset=utf-8", "link,availability\nacme-1,99.95\n"}};
  mail->message_id = "report/acme/2026-11@ill";
  mail->date = std::chrono::sys_seconds{std::chrono::seconds{1796594400}};
  return *mail;
}

}  // namespace

TEST_CASE("a report e-mail: one message per recipient list, MIME parts, encoded headers",
          "[integration][notify][smtp]") {
  TempDir dir;
  MailSink sink(dir);
  auto s = settings_for(sink);
  notify::SmtpClient client(s, std::nullopt);
  auto mail = report_mail(s);
  auto results = client.send(mail);
  REQUIRE(results);
  REQUIRE(results->size() == 2);
  for (const auto& r : *results) {
    CHECK(r.accepted);
    CHECK_THAT(r.reply, Catch::Matchers::StartsWith("250"));
  }
  auto messages = sink.messages();
  REQUIRE(messages.size() == 2);  // one SMTP transaction per recipient
  CHECK(sink.envelope(messages[0])["rcpt_tos"] == nlohmann::json::array({"zoe@client.example"}));
  CHECK(sink.envelope(messages[1])["rcpt_tos"] == nlohmann::json::array({"ops@client.example"}));
  CHECK(sink.envelope(messages[0])["mail_from"] == "reports@isp.example");

  TempDir saved;
  auto m = sink.parse(messages[0], saved.path().string());
  INFO(m.dump(2));
  CHECK(m["defects"].empty());
  CHECK(m["subject"] == "Relatório SLA 2026-11 — मासिक रिपोर्ट");
  CHECK_THAT(m["raw_subject"].get<std::string>(), Catch::Matchers::StartsWith("=?UTF-8?B?"));
  CHECK(m["from_name"] == "ISP Relatórios");
  CHECK(m["from_address"] == "reports@isp.example");
  CHECK(m["to"] == nlohmann::json::array({"zoe@client.example", "ops@client.example"}));
  CHECK(m["reply_to"] == "noc@isp.example");
  CHECK(m["message_id"] == "<report/acme/2026-11@ill>");
  CHECK(m["content_type"] == "multipart/mixed");
  CHECK(m["body"] == "Availability 99.95 % (committed 99.50 %).\nCrédito: none.\n");
  REQUIRE(m["attachments"].size() == 2);
  const auto& pdf = m["attachments"][0];
  CHECK(pdf["filename"] == "acme-2026-11.pdf");
  CHECK(pdf["content_type"] == "application/pdf");
  CHECK(pdf["sha256"] == sha256_hex(mail.attachments[0].bytes));
  const auto& csv = m["attachments"][1];
  CHECK(csv["filename"] == "acme-2026-11.csv");
  CHECK(csv["content_type"] == "text/csv");
  CHECK(csv["charset"] == "utf-8");
  CHECK(csv["sha256"] == sha256_hex(mail.attachments[1].bytes));
}

TEST_CASE("a refused recipient is reported with the server's reply; the others are delivered",
          "[integration][notify][smtp]") {
  TempDir dir;
  MailSink sink(dir, {.refuse = {"gone@client.example"}});
  auto s = settings_for(sink);
  notify::SmtpClient client(s, std::nullopt);
  auto mail = report_mail(s);
  mail.to = {*notify::parse_mailbox("a@client.example"),
             *notify::parse_mailbox("gone@client.example"),
             *notify::parse_mailbox("b@client.example")};
  auto results = client.send(mail);
  REQUIRE(results);
  REQUIRE(results->size() == 3);
  CHECK((*results)[0].accepted);
  CHECK_FALSE((*results)[1].accepted);
  CHECK_THAT((*results)[1].reply, Catch::Matchers::Contains("550"));
  CHECK((*results)[2].accepted);
  auto messages = sink.messages();
  REQUIRE(messages.size() == 2);
  CHECK(sink.envelope(messages[1])["rcpt_tos"] == nlohmann::json::array({"b@client.example"}));
}

TEST_CASE("STARTTLS with AUTH against a self-signed certificate the config trusts",
          "[integration][notify][smtp]") {
  TempDir dir;
  MailSink sink(dir, {.tls = true, .auth = "ill:pa55-wörd"});
  auto s = settings_for(sink);
  s.security = "starttls";
  s.ca_file = sink.ca_file();
  s.username = "ill";
  auto mail = report_mail(s);
  mail.to.resize(1);

  notify::SmtpClient good(s, store::Secret("pa55-wörd"));
  auto results = good.send(mail);
  REQUIRE(results);
  INFO((*results)[0].reply);
  CHECK((*results)[0].accepted);
  auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  CHECK(sink.envelope(messages[0])["tls"] == true);
  CHECK(sink.envelope(messages[0])["login"] == "ill");

  notify::SmtpClient wrong(s, store::Secret("guess"));
  results = wrong.send(mail);
  REQUIRE(results);
  CHECK_FALSE((*results)[0].accepted);
  CHECK_THAT((*results)[0].reply, Catch::Matchers::Contains("535"));

  // Without the CA the server's certificate is refused: nothing is sent in clear.
  s.ca_file = (dir / "nothing.pem").string();
  dir.write("nothing.pem", "");
  notify::SmtpClient untrusted(s, store::Secret("pa55-wörd"));
  results = untrusted.send(mail);
  REQUIRE(results);
  CHECK_FALSE((*results)[0].accepted);
  CHECK(sink.messages().size() == 1);
}

TEST_CASE("an SMTP server that is down fails every recipient, naming why",
          "[integration][notify][smtp]") {
  config::SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = 1;  // nothing listens there
  s.security = "none";
  s.timeout_s = 5;
  notify::SmtpClient client(s, std::nullopt);
  auto mail = notify::mail_from_settings(s);
  REQUIRE(mail);
  mail->to = {*notify::parse_mailbox("a@x.example"), *notify::parse_mailbox("b@x.example")};
  mail->subject = "x";
  auto results = client.send(*mail);
  REQUIRE(results);
  for (const auto& r : *results) {
    CHECK_FALSE(r.accepted);
    CHECK_FALSE(r.reply.empty());
  }
}
