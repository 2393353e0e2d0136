// illctl report: PDF, CSV and JSON documents of a month, checked with the real tools (qpdf,
// pdftotext, pdfinfo, pdffonts, Python's csv module) against `illctl sla show --json`.
#include "report_fixture.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;
using namespace ill::test::report_month;
using ill::test::run;
using nlohmann::json;

namespace {

std::string pdftotext(const std::filesystem::path& pdf, bool layout = false) {
  std::vector<std::string> argv = {"/usr/bin/pdftotext"};
  if (layout) argv.push_back("-layout");
  argv.insert(argv.end(), {pdf.string(), "-"});
  auto r = run(argv);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

int pdf_pages(const std::filesystem::path& pdf) {
  auto r = run({"/usr/bin/pdfinfo", pdf.string()});
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex(R"(Pages:\s+(\d+))")));
  return std::stoi(m[1]);
}

std::string duration(double seconds) {
  const auto s = static_cast<std::int64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60);
}

}  // namespace

TEST_CASE("a month's PDF is valid and prints the figures of sla show", "[integration][report]") {
  Imported m;
  auto& f = m.f;
  const auto out = f.dir() / "out";
  std::filesystem::create_directory(out);
  auto r = f.run_illctl({"--json", "report", "--month", "2026-03", "--client", "acme", "--format",
                         "pdf", "--output", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto listing = json::parse(r.out);
  REQUIRE(listing.size() == 1);
  const std::filesystem::path pdf = listing[0]["path"].get<std::string>();
  CHECK(pdf.filename() == "ill-sla-acme-2026-03.pdf");
  REQUIRE(std::filesystem::exists(pdf));
  CHECK(listing[0]["bytes"] == std::filesystem::file_size(pdf));

  auto check = run({"/usr/bin/qpdf", "--check", pdf.string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  auto info = run({"/usr/bin/pdfinfo", pdf.string()});
  CHECK_THAT(info.out, Contains("595.276 x 841.89 pts (A4)"));

  auto shown = f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1", "--json"});
  REQUIRE(shown.exit_code == 0);
  const auto s = json::parse(shown.out).at(0);
  const std::string text = pdftotext(pdf);
  CHECK_THAT(text, Contains("acme"));
  CHECK_THAT(text, Contains("Page 1"));
  CHECK_THAT(text, Contains("Europe/Berlin"));
  CHECK_THAT(text, Contains(fmt::format("{:.4f} %", s["availability_pct"].get<double>())));
  CHECK_THAT(text, Contains(duration(s["downtime_s"].get<double>())));
  CHECK_THAT(text, Contains(duration(s["mttr_s"].get<double>())));
  CHECK_THAT(text, Contains(fmt::format("{:.1f} ms", s["latency_avg_ms"].get<double>())));
  CHECK_THAT(text, Contains(fmt::format("{:.1f} ms", s["latency_p95_ms"].get<double>())));
  CHECK_THAT(text, Contains(fmt::format("{:.2f} %", s["loss_avg_pct"].get<double>())));
  CHECK_THAT(text, Contains(fmt::format("{:.2f} Mb/s", s["p95_bps"].get<double>() / 1e6)));
  CHECK_THAT(text, Contains(fmt::format("{:.2f} EUR", s["credit_amount"].get<double>())));
  CHECK(s["outage_count"] == 1);
  // The outage in local time (CET, UTC+1): 11:00 to 12:30.
  CHECK_THAT(text, Contains("2026-03-10 11:00:00 CET"));
  CHECK_THAT(text, Contains("2026-03-10 12:30:00 CET"));

  // The report history has the document, with the file's SHA-256.
  auto history = f.run_illctl({"--json", "report", "list", "--client", "acme"});
  REQUIRE(history.exit_code == 0);
  const auto h = json::parse(history.out);
  REQUIRE(h.size() == 1);
  CHECK(h[0]["id"] == listing[0]["id"]);
  CHECK(h[0]["month"] == "2026-03");
  CHECK(h[0]["format"] == "pdf");
  CHECK(h[0]["bytes"] == std::filesystem::file_size(pdf));
  auto sum = run({"/usr/bin/sha256sum", pdf.string()});
  CHECK(sum.out.substr(0, 64) == h[0]["sha256"].get<std::string>());
  CHECK(h[0]["path"] == std::filesystem::absolute(pdf).string());
}

TEST_CASE("a month's CSV and JSON carry the stored figures", "[integration][report]") {
  Imported m;
  auto& f = m.f;
  const auto csv_path = f.dir() / "acme.csv";
  auto r = f.run_illctl({"report", "--month", "2026-03", "--link", "acme-1", "--format", "csv",
                         "--output", csv_path.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto shown = f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1", "--json"});
  const auto s = json::parse(shown.out).at(0);

  // Python's csv module reads it back; print the row as JSON.
  auto py = run({"/usr/bin/python3", "-c",
                 "import csv, json, sys\n"
                 "rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))\n"
                 "print(json.dumps(rows))\n",
                 csv_path.string()});
  INFO(py.err);
  REQUIRE(py.exit_code == 0);
  const auto rows = json::parse(py.out);
  REQUIRE(rows.size() == 1);
  const auto& row = rows[0];
  CHECK(row["client"] == "acme");
  CHECK(row["link"] == "acme-1");
  CHECK(row["circuit_id"] == "CKT-0001");
  CHECK(row["month"] == "2026-03");
  CHECK(std::stod(row["availability_pct"].get<std::string>()) ==
        s["availability_pct"].get<double>());
  CHECK(std::stoll(row["downtime_s"].get<std::string>()) == s["downtime_s"].get<std::int64_t>());
  CHECK(std::stod(row["p95_bps"].get<std::string>()) == s["p95_bps"].get<double>());
  CHECK(std::stod(row["latency_p95_ms"].get<std::string>()) == s["latency_p95_ms"].get<double>());
  CHECK(row["committed_uptime_pct"] == "99.5");
  CHECK(row["breach"] == "");
  CHECK(row["computed_at"] == s["computed_at"]);

  auto j = f.run_illctl({"report", "--month", "2026-03", "--client", "acme", "--format", "json",
                         "--output", (f.dir() / "acme.json").string()});
  REQUIRE(j.exit_code == 0);
  const auto doc = json::parse(read_file(f.dir() / "acme.json"));
  CHECK(doc["report"]["client"] == "acme");
  CHECK(doc["report"]["month"] == "2026-03");
  REQUIRE(doc["links"].size() == 1);
  // sla show adds whether the row is still current; the report carries the row itself.
  auto stored_row = s;
  CHECK(stored_row["stale"] == false);
  stored_row.erase("stale");
  stored_row.erase("stale_figures");
  CHECK(doc["links"][0] == stored_row);
}

TEST_CASE("a 50-link client's PDF paginates with every word inside its page",
          "[integration][report]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  add_client_with_links(f, "bigco", 50);
  const auto pdf = f.dir() / "big.pdf";
  auto r =
      f.run_illctl({"report", "--month", "2026-03", "--client", "bigco", "--output", pdf.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(run({"/usr/bin/qpdf", "--check", pdf.string()}).exit_code == 0);
  const int pages = pdf_pages(pdf);
  // The cover, the summary (50 rows: more than one page), one page per link.
  CHECK(pages >= 1 + 2 + 50);
  CHECK(pages <= 1 + 4 + 50);
  const std::string text = pdftotext(pdf);
  for (int i = 1; i <= 50; ++i) CHECK_THAT(text, Contains(fmt::format("Link l-{}", i)));
  CHECK_THAT(text, Contains(fmt::format("Page {}", pages)));
  // The summary's header is repeated on each page it runs onto.
  std::size_t headers = 0;
  for (auto at = text.find("Latency mean / p95"); at != std::string::npos;
       at = text.find("Latency mean / p95", at + 1))
    ++headers;
  CHECK(headers >= 2);

  // Every word's box inside the page, and inside the margins less a little.
  auto bbox = run({"/usr/bin/pdftotext", "-bbox", pdf.string(), "-"});
  REQUIRE(bbox.exit_code == 0);
  const std::regex word(
      R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">)re");
  std::size_t words = 0;
  for (std::sregex_iterator it(bbox.out.begin(), bbox.out.end(), word), end; it != end; ++it) {
    ++words;
    const double x0 = std::stod((*it)[1]), y0 = std::stod((*it)[2]);
    const double x1 = std::stod((*it)[3]), y1 = std::stod((*it)[4]);
    INFO("word at " << x0 << "," << y0 << " - " << x1 << "," << y1);
    CHECK(x0 >= 30);
    CHECK(x1 <= 595.276 - 30);
    CHECK(y0 >= 30);
    CHECK(y1 <= 841.89 - 20);
  }
  CHECK(words > 1000);
}

TEST_CASE("a client's name in Devanagari, Arabic and CJK survives in the PDF",
          "[integration][report]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  const std::string hindi = "भारत दूरसंचार";
  const std::string arabic = "شركة الاتصالات";
  const std::string cjk = "東京通信株式会社";
  add_client_with_links(f, hindi + " " + cjk, 1, "Asia/Kolkata");
  add_client_with_links(f, arabic, 1, "Asia/Dubai", 2);
  const auto out = f.dir() / "out";
  std::filesystem::create_directory(out);
  // Full stacks for LeakSanitizer, so that tests/lsan.supp can name the one cairo function
  // whose leak it forgives (cairo 1.16 subsetting these fonts) instead of all of libcairo.
  const char* asan = std::getenv("ASAN_OPTIONS");
  auto r = f.run_illctl(
      {"--json", "report", "--month", "2026-03", "--all", "--output", out.string() + "/"}, {},
      {{"ASAN_OPTIONS", std::string(asan ? asan : "") + ":fast_unwind_on_malloc=0"}});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto listing = json::parse(r.out);
  REQUIRE(listing.size() == 2);
  for (const auto& d : listing) {
    const std::filesystem::path pdf = d["path"].get<std::string>();
    CHECK(run({"/usr/bin/qpdf", "--check", pdf.string()}).exit_code == 0);
    auto fonts = run({"/usr/bin/pdffonts", pdf.string()});
    REQUIRE(fonts.exit_code == 0);
    // Every font line says embedded ("yes" in the emb column); there is more than DejaVu.
    std::istringstream lines(fonts.out);
    std::string line;
    int font_lines = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
      ++font_lines;
      CHECK_THAT(line, Contains(" yes "));
    }
    CHECK(font_lines >= 2);
    const std::string text = pdftotext(pdf);
    if (d["client"] == arabic) {
      // DejaVu Sans has the Arabic glyphs itself. pdftotext gives the lam-alef ligature of
      // "الاتصالات" back as alef-lam (its extraction of a right-to-left ligature), so the check
      // takes the word's letters around it; the pages were looked at (pdftoppm).
      CHECK_THAT(text, Contains("شركة") && Contains("تصا"));
    } else {
      CHECK_THAT(text, Contains(hindi));
      CHECK_THAT(text, Contains(cjk));
    }
  }
}

TEST_CASE("report: bad input and failed writes leave nothing behind", "[integration][report]") {
  Imported m;
  auto& f = m.f;
  SECTION("unknown client, link, month") {
    auto r = f.run_illctl({"report", "--month", "2026-03", "--client", "nobody"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("nobody"));
    r = f.run_illctl({"report", "--month", "2026-03", "--link", "nolink"});
    CHECK(r.exit_code == 3);
    r = f.run_illctl({"report", "--month", "2026-13", "--link", "acme-1"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("2026-13"));
    r = f.run_illctl({"report", "--month", "2099-01", "--link", "acme-1"});
    CHECK(r.exit_code == 3);
    r = f.run_illctl({"report", "--month", "2026-03", "--link", "acme-1", "--client", "acme"});
    CHECK(r.exit_code == 2);
    r = f.run_illctl({"report", "--month", "2026-03", "--all", "--format", "docx"});
    CHECK(r.exit_code == 2);
  }
  SECTION("an output directory that cannot be written") {
    auto r = f.run_illctl({"report", "--month", "2026-03", "--all", "--output", "/proc/1/"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("/proc/1/"));
  }
  SECTION("a disk that fills up mid-PDF") {
    const auto out = f.dir() / "full";
    std::filesystem::create_directory(out);
    REQUIRE(f.run_illctl({"sla", "calculate", "--month", "2026-03", "--all"}).exit_code == 0);
    // 'ulimit -f' makes writes past 40 KiB fail like a full disk (SIGXFSZ ignored: EFBIG): the
    // month's PDF is larger (about 47 KB), the database's shared-memory file (32 KiB) is not, and
    // the database file is only read until the documents are in place.
    auto r = run(
        {"/bin/sh", "-c", "ulimit -f 80; trap '' XFSZ; exec \"$0\" \"$@\"", ILL_ILLCTL_PATH, "--db",
         f.db_path(), "report", "--month", "2026-03", "--all", "--output", out.string()},
        {.env = {{"ILL_CONFIG", std::nullopt}}});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("cannot write"));
    CHECK(std::filesystem::is_empty(out));
  }
  SECTION("--dry-run writes nothing") {
    const auto out = f.dir() / "dry";
    std::filesystem::create_directory(out);
    auto r = f.run_illctl(
        {"report", "--month", "2026-03", "--all", "--dry-run", "--output", out.string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("ill-sla-acme-2026-03.pdf"));
    CHECK(std::filesystem::is_empty(out));
  }
}

TEST_CASE("report --all renders clients side by side and hands them over in name order",
          "[integration][report]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  const std::vector<std::string> added = {"delta", "alpha", "echo", "bravo", "charlie"};
  for (std::size_t i = 0; i < added.size(); ++i)
    add_client_with_links(f, added[i], 1, i % 2 ? "Asia/Kolkata" : "Europe/Berlin",
                          static_cast<int>(i) + 1);
  const auto every = f.dir() / "every";
  const auto one = f.dir() / "one";
  std::filesystem::create_directory(every);
  std::filesystem::create_directory(one);
  auto r = f.run_illctl({"--json", "report", "--month", "2026-03", "--all", "--format", "json",
                         "--output", every.string() + "/"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto listing = json::parse(r.out);
  REQUIRE(listing.size() == added.size());
  const std::vector<std::string> by_name = {"alpha", "bravo", "charlie", "delta", "echo"};
  for (std::size_t i = 0; i < by_name.size(); ++i) {
    INFO("client " << by_name[i]);
    CHECK(listing[i]["client"] == by_name[i]);
    // The same document as the client's own report, but for the time it was generated.
    auto single = f.run_illctl({"--json", "report", "--month", "2026-03", "--client", by_name[i],
                                "--format", "json", "--output", one.string() + "/"});
    REQUIRE(single.exit_code == 0);
    auto read = [](const std::string& path) {
      std::ifstream in(path);
      auto doc = json::parse(in);
      doc["report"].erase("generated_at");
      return doc;
    };
    const auto mine = read(json::parse(single.out)[0]["path"].get<std::string>());
    CHECK(read(listing[i]["path"].get<std::string>()) == mine);
    CHECK(mine["report"]["client"] == by_name[i]);
  }
}
