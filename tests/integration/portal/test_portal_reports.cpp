// Report downloads over real HTTP: the history's documents byte for byte (the SHA-256 of what
// arrives, computed by sha256sum, equals the history row's), a file name that cannot escape
// the header, and the on-demand month-to-date PDF (a PDF qpdf accepts, not recorded).
#include "portal_site.hpp"
#include "store/database.hpp"
#include "store/report_document_repository.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace ill;
using namespace ill::test;
using namespace std::chrono_literals;

namespace {

std::string sha256sum(const std::string& bytes) {
  auto r = run({"/usr/bin/sha256sum", "-"}, {.stdin_data = bytes}, 30s);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, 64);
}

std::vector<store::ReportDocument> history(const PortalSite& site, std::int64_t client) {
  auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
  REQUIRE(db);
  auto all = store::ReportDocumentRepository(**db).list({.client_id = client, .month = {}});
  REQUIRE(all);
  return *all;
}

void check_download(const HttpReply& reply, const store::ReportDocument& row) {
  INFO("document " << row.id);
  CHECK(reply.status == 200);
  CHECK(reply.body.size() == static_cast<std::size_t>(row.size));
  CHECK(sha256sum(reply.body) == row.sha256);
  CHECK(reply.headers.at("content-type") == row.content_type);
  const auto& disposition = reply.headers.at("content-disposition");
  CHECK(disposition.starts_with("attachment; filename=\""));
  // One quoted name of safe characters: no path, no quote, no line break.
  const auto name = disposition.substr(22, disposition.size() - 23);
  CHECK(
      name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
      std::string::npos);
  CHECK(name.ends_with("-2026-01." + row.format));
  CHECK(!name.starts_with("."));
  CHECK(reply.headers.count("x-evil") == 0);
}

}  // namespace

TEST_CASE("portal: report history documents download byte for byte",
          "[integration][portal][reports]") {
  PortalSite site;
  const auto rows = history(site, site.a().client);
  REQUIRE(rows.size() == 3);
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());

  auto page = site.get("/reports", cookie);
  CHECK(page.status == 200);
  for (const auto& row : rows) {
    CHECK(page.body.find("href=\"/reports/" + std::to_string(row.id) + "\"") != std::string::npos);
    CHECK(page.body.find(row.sha256) != std::string::npos);
    check_download(site.get("/reports/" + std::to_string(row.id), cookie), row);
  }

  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + site.a().token}};
  auto listed = site.get("/api/v1/reports", {}, bearer);
  REQUIRE(listed.status == 200);
  auto json = nlohmann::json::parse(listed.body);
  REQUIRE(json["reports"].size() == rows.size());
  for (const auto& entry : json["reports"]) {
    auto row = std::find_if(rows.begin(), rows.end(),
                            [&](const auto& r) { return r.id == entry["id"].get<std::int64_t>(); });
    REQUIRE(row != rows.end());
    CHECK(entry["sha256"] == row->sha256);
    auto reply = site.get(entry["href"].get<std::string>(), {}, bearer);
    check_download(reply, *row);
  }
  // Signed out, nothing.
  CHECK(site.get("/reports/" + std::to_string(rows.front().id)).status == 303);
  CHECK(site.get("/api/v1/reports/" + std::to_string(rows.front().id)).status == 401);
}

TEST_CASE("portal: the month-to-date PDF is made on demand and not recorded",
          "[integration][portal][reports]") {
  PortalSite site;
  const auto before = history(site, site.a().client).size();
  const auto cookie = site.login("alice", k_alice_password);
  REQUIRE(!cookie.empty());
  auto reply = site.get("/reports/month-to-date.pdf", cookie);
  REQUIRE(reply.status == 200);
  CHECK(reply.headers["content-type"] == "application/pdf");
  CHECK(reply.body.starts_with("%PDF-"));
  CHECK(reply.headers["content-disposition"].find("-to-date.pdf\"") != std::string::npos);
  TempDir dir;
  const auto file = dir.write("mtd.pdf", reply.body);
  auto checked = run({"/usr/bin/qpdf", "--check", file.string()}, {}, 60s);
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 0);
  // Its text names the client's links and none of the other client's.
  auto text = run({"/usr/bin/pdftotext", file.string(), "-"}, {}, 60s);
  if (text.exit_code == 0) {
    CHECK(text.out.find("acme-2") != std::string::npos);
    CHECK(text.out.find("beta-hidden") == std::string::npos);
  }
  CHECK(history(site, site.a().client).size() == before);
}
