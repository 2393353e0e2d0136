// illctl report --email through a real SMTP server on loopback (aiosmtpd): one message per
// recipient with the PDF and CSV attached and a summary that prints the figures of `sla show`;
// the attached bytes are the report history's; a rerun sends nothing twice unless --resend; a
// refused recipient makes the exit code 1 while the others are delivered; a dry run sends,
// writes and records nothing.
#include "notify/sinks.hpp"
#include "report_fixture.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

using Catch::Matchers::Contains;
using ill::test::MailSink;
using ill::test::MailSinkOptions;
using ill::test::run;
using ill::test::report_month::Imported;
using nlohmann::json;

namespace {

// Imported's month, a client with two report addresses, and a config naming the sink.
struct Mailing {
  Imported m;
  std::unique_ptr<MailSink> sink;
  std::filesystem::path config;

  explicit Mailing(MailSinkOptions options = {}) {
    sink = std::make_unique<MailSink>(m.f.dir(), std::move(options));
    auto r = m.f.run_illctl(
        {"client", "edit", "acme", "--email", "cfo@acme.example", "--email", "noc@acme.example"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    config = m.f.dir().write("illd.conf", fmt::format("[smtp]\n"
                                                      "host = \"127.0.0.1\"\n"
                                                      "port = {}\n"
                                                      "security = \"none\"\n"
                                                      "from = \"SLA desk <sla@isp.example>\"\n"
                                                      "report_retry_s = 0\n"
                                                      "[report]\n"
                                                      "isp_name = \"Example Fibre\"\n",
                                                      sink->port()));
  }

  ill::test::RunResult report(std::vector<std::string> args) const {
    std::vector<std::string> all = {"--config", config.string(), "--json",
                                    "report",   "--month",       "2026-03"};
    all.insert(all.end(), args.begin(), args.end());
    return m.f.run_illctl(all);
  }
};

std::string status_of(const json& rows, const std::string& recipient) {
  for (const auto& r : rows)
    if (r["recipient"] == recipient) return r["status"].get<std::string>();
  return "(absent)";
}

}  // namespace

TEST_CASE("report --email: the PDF and CSV to each address, the history's bytes, sent once",
          "[integration][report][smtp]") {
  Mailing t;
  auto r = t.report({"--client", "acme", "--email"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = json::parse(r.out);
  REQUIRE(rows.size() == 2);
  CHECK(status_of(rows, "cfo@acme.example") == "sent");
  CHECK(status_of(rows, "noc@acme.example") == "sent");
  REQUIRE(t.sink->messages().size() == 2);

  const auto saved = t.m.f.dir() / "attachments";
  std::filesystem::create_directory(saved);
  const auto mail = t.sink->parse(t.sink->messages()[0], saved.string());
  CHECK(mail["defects"].empty());
  CHECK_THAT(mail["subject"].get<std::string>(), Contains("2026-03"));
  CHECK_THAT(mail["subject"].get<std::string>(), Contains("acme"));
  CHECK(mail["from_address"] == "sla@isp.example");
  REQUIRE(mail["attachments"].size() == 2);
  CHECK(mail["attachments"][0]["content_type"] == "application/pdf");
  CHECK(mail["attachments"][0]["filename"] == "ill-sla-acme-2026-03.pdf");
  CHECK(mail["attachments"][1]["content_type"] == "text/csv");
  CHECK(mail["attachments"][1]["filename"] == "ill-sla-acme-2026-03.csv");
  auto check = run({"/usr/bin/qpdf", "--check", (saved / "ill-sla-acme-2026-03.pdf").string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  // The body's figures are those of sla show, at the PDF's precision.
  auto shown =
      t.m.f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1", "--json"});
  REQUIRE(shown.exit_code == 0);
  const auto s = json::parse(shown.out).at(0);
  const std::string body = mail["body"].get<std::string>();
  CHECK_THAT(body,
             Contains(fmt::format("Availability {:.4f} %", s["availability_pct"].get<double>())));
  CHECK_THAT(body, Contains("in 1 outage"));
  CHECK_THAT(body, Contains("Example Fibre"));

  // The report history holds exactly the bytes mailed.
  auto history = t.m.f.run_illctl({"--json", "report", "list", "--client", "acme"});
  REQUIRE(history.exit_code == 0);
  const auto h = json::parse(history.out);
  REQUIRE(h.size() == 2);
  for (const auto& a : mail["attachments"]) {
    bool found = false;
    for (const auto& d : h)
      if (d["filename"] == a["filename"]) found = d["sha256"] == a["sha256"];
    CHECK(found);
  }

  // A rerun reaches nobody twice; --resend does.
  r = t.report({"--client", "acme", "--email"});
  REQUIRE(r.exit_code == 0);
  const auto again = json::parse(r.out);
  CHECK(status_of(again, "cfo@acme.example") == "already-sent");
  CHECK(status_of(again, "noc@acme.example") == "already-sent");
  CHECK(t.sink->messages().size() == 2);
  // Nothing sent, nothing recorded: the history still holds the two documents mailed.
  history = t.m.f.run_illctl({"--json", "report", "list", "--client", "acme"});
  CHECK(json::parse(history.out).size() == 2);
  r = t.report({"--client", "acme", "--email", "--resend"});
  REQUIRE(r.exit_code == 0);
  CHECK(status_of(json::parse(r.out), "cfo@acme.example") == "sent");
  CHECK(t.sink->messages().size() == 4);
}

TEST_CASE("report --email: a refused recipient is retried, reported, and the exit code is 1",
          "[integration][report][smtp]") {
  Mailing t({.refuse = {"noc@acme.example"}});
  auto r = t.report({"--client", "acme", "--email"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("1 recipient not delivered"));
  const auto rows = json::parse(r.out);
  CHECK(status_of(rows, "cfo@acme.example") == "sent");
  CHECK(status_of(rows, "noc@acme.example") == "failed");
  for (const auto& row : rows)
    if (row["recipient"] == "noc@acme.example") {
      CHECK(row["attempts"] == 3);
      CHECK_THAT(row["reply"].get<std::string>(), Contains("550"));
    }
  CHECK(t.sink->messages().size() == 1);
}

TEST_CASE("report --email --dry-run and a client without addresses",
          "[integration][report][smtp]") {
  Mailing t;
  auto r = t.report({"--all", "--email", "--dry-run"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = json::parse(r.out);
  CHECK(status_of(rows, "cfo@acme.example") == "would-send");
  CHECK(t.sink->messages().empty());
  auto history = t.m.f.run_illctl({"--json", "report", "list"});
  CHECK(json::parse(history.out).empty());

  // A client with no report address: listed, not a failure.
  ill::test::report_month::add_client_with_links(t.m.f, "beta", 1, "Europe/Berlin", 2);
  r = t.report({"--client", "beta", "--email"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  rows = json::parse(r.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["status"] == "no-address");
  CHECK(rows[0]["recipient"].is_null());

  // --format and --email exclude each other; --resend needs --email.
  CHECK(t.report({"--client", "acme", "--email", "--format", "csv"}).exit_code == 2);
  CHECK(t.report({"--client", "acme", "--resend"}).exit_code == 2);
}
