// A client's monthly report by e-mail through a real SMTP server: the documents attached, a
// refused recipient retried and reported while the others are delivered, no second send on a
// rerun unless asked, and a dry run that sends and records nothing.
#include "sinks.hpp"

#include "notify/report_mail.hpp"
#include "store/client_repository.hpp"
#include "store/report_delivery_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using ill::test::MailSink;
using ill::test::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  std::unique_ptr<store::Database> db;
  std::int64_t client_id = 0;
  Fixture() {
    auto opened = store::Database::open((dir / "ill.db").string(), store::OpenMode::create);
    REQUIRE(opened);
    db = std::move(*opened);
    store::Client c;
    c.name = "Ácme Ltda";
    c.report_emails = {"cfo@acme.example", "gone@acme.example", "noc@acme.example"};
    auto id = store::ClientRepository(*db).add(c);
    REQUIRE(id);
    client_id = *id;
  }
  notify::ReportMail mail() const {
    notify::ReportMail m;
    m.client_id = client_id;
    m.client_name = "Ácme Ltda";
    m.month = "2026-11";
    m.recipients = {"cfo@acme.example", "gone@acme.example", "noc@acme.example"};
    m.subject = "Relatório SLA — Ácme Ltda — 2026-11";
    m.summary = "acme-1: availability 99.982 % (committed 99.500 %), no breach.\n";
    m.documents = {{"acme-2026-11.pdf", "application/pdf", "%PDF-1.4 test bytes"},
                   {"acme-2026-11.csv", "text/csv; charset=utf-8", "link,availability\n"}};
    return m;
  }
};

config::SmtpSettings smtp_for(const MailSink& sink) {
  config::SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = sink.port();
  s.security = "none";
  s.from = "reports@isp.example";
  return s;
}

}  // namespace

TEST_CASE("a report e-mail: refused recipient retried and reported, no resend on a rerun",
          "[integration][notify][smtp][report]") {
  Fixture f;
  MailSink sink(f.dir, {.refuse = {"gone@acme.example"}});
  notify::SmtpClient smtp(smtp_for(sink), std::nullopt);
  std::vector<std::chrono::seconds> waits;
  notify::ReportMailOptions options;
  options.sleep = [&](std::chrono::seconds s) { waits.push_back(s); };

  auto outcomes = notify::send_report(*f.db, smtp, f.mail(), options);
  REQUIRE(outcomes);
  REQUIRE(outcomes->size() == 3);
  CHECK((*outcomes)[0].status == notify::DeliveryStatus::sent);
  CHECK((*outcomes)[1].status == notify::DeliveryStatus::failed);
  CHECK((*outcomes)[1].attempts == 3);
  CHECK_THAT((*outcomes)[1].reply, Catch::Matchers::Contains("550"));
  CHECK((*outcomes)[2].status == notify::DeliveryStatus::sent);
  CHECK(waits ==
        std::vector<std::chrono::seconds>{std::chrono::seconds(5), std::chrono::seconds(10)});
  CHECK_FALSE(notify::all_delivered(*outcomes));
  REQUIRE(sink.messages().size() == 2);
  auto m = sink.parse(sink.messages()[0]);
  CHECK(m["subject"] == "Relatório SLA — Ácme Ltda — 2026-11");
  REQUIRE(m["attachments"].size() == 2);
  CHECK(m["attachments"][0]["content_type"] == "application/pdf");
  CHECK(m["attachments"][1]["filename"] == "acme-2026-11.csv");

  auto rows = store::ReportDeliveryRepository(*f.db).for_month(f.client_id, "2026-11");
  REQUIRE(rows);
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].status == "sent");    // cfo
  CHECK((*rows)[1].status == "failed");  // gone
  CHECK((*rows)[2].status == "sent");    // noc

  // A rerun sends only to whom it did not reach (and that one is refused again).
  options.attempts = 1;
  outcomes = notify::send_report(*f.db, smtp, f.mail(), options);
  REQUIRE(outcomes);
  CHECK((*outcomes)[0].status == notify::DeliveryStatus::already_sent);
  CHECK((*outcomes)[1].status == notify::DeliveryStatus::failed);
  CHECK((*outcomes)[2].status == notify::DeliveryStatus::already_sent);
  CHECK(sink.messages().size() == 2);

  // A dry run says what it would do and does nothing.
  options.dry_run = true;
  options.resend = true;
  outcomes = notify::send_report(*f.db, smtp, f.mail(), options);
  REQUIRE(outcomes);
  for (const auto& o : *outcomes) CHECK(o.status == notify::DeliveryStatus::would_send);
  CHECK(sink.messages().size() == 2);

  // --resend sends again to everyone the server accepts.
  options.dry_run = false;
  outcomes = notify::send_report(*f.db, smtp, f.mail(), options);
  REQUIRE(outcomes);
  CHECK((*outcomes)[0].status == notify::DeliveryStatus::sent);
  CHECK((*outcomes)[2].status == notify::DeliveryStatus::sent);
  CHECK(sink.messages().size() == 4);
}

TEST_CASE("a report with every recipient delivered", "[integration][notify][smtp][report]") {
  Fixture f;
  MailSink sink(f.dir);
  notify::SmtpClient smtp(smtp_for(sink), std::nullopt);
  auto outcomes = notify::send_report(*f.db, smtp, f.mail(), {});
  REQUIRE(outcomes);
  CHECK(notify::all_delivered(*outcomes));
  CHECK(sink.messages().size() == 3);
}
