// The report history keeps each document's bytes and gives them back only to their client.
#include "core/format.hpp"
#include "report/documents.hpp"
#include "report/report_history.hpp"

#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/report_document_repository.hpp"

#include <catch2/catch.hpp>

using namespace ill;

TEST_CASE("recorded documents are listed newest first and fetched by their client only",
          "[unit][report]") {
  auto db = store::Database::open(":memory:", store::OpenMode::create).value();
  const auto acme =
      store::ClientRepository(*db).add(store::Client{0, "acme", {}, {}, "UTC"}).value();
  const auto globex =
      store::ClientRepository(*db).add(store::Client{0, "globex", {}, {}, "UTC"}).value();
  const std::string pdf_bytes("%PDF-1.5\n\0binary\xff", 17);
  std::vector<report::Document> docs(2);
  docs[0].client_id = acme;
  docs[0].client = "acme";
  docs[0].month = "2026-03";
  docs[0].format = report::Format::pdf;
  docs[0].filename = "ill-sla-acme-2026-03.pdf";
  docs[0].content_type = "application/pdf";
  docs[0].bytes = pdf_bytes;
  docs[0].sha256 = report::sha256_hex(pdf_bytes);
  docs[0].generated_at = from_unix_seconds(1'000);
  docs[0].computed_at = from_unix_seconds(900);
  docs[1] = docs[0];
  docs[1].client_id = globex;
  docs[1].client = "globex";
  docs[1].generated_at = from_unix_seconds(2'000);
  auto ids = report::record_documents(*db, docs, {std::filesystem::path("/tmp/x.pdf"), {}});
  REQUIRE(ids);
  REQUIRE(ids->size() == 2);

  store::ReportDocumentRepository repo(*db);
  auto all = repo.list();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).client_name == "globex");  // newest first
  CHECK(all->at(0).content.empty());          // listings leave the bytes out
  CHECK(all->at(1).size == 17);
  CHECK(all->at(1).path == std::optional<std::string>("/tmp/x.pdf"));
  CHECK_FALSE(all->at(0).path);

  auto mine = repo.get_for_client(acme, ids->at(0));
  REQUIRE(mine);
  REQUIRE(*mine);
  CHECK((*mine)->content == pdf_bytes);
  CHECK(report::sha256_hex((*mine)->content) == (*mine)->sha256);
  auto theirs = repo.get_for_client(globex, ids->at(0));
  REQUIRE(theirs);
  CHECK_FALSE(*theirs);

  auto filtered = repo.list({acme, std::string("2026-03")});
  REQUIRE(filtered);
  CHECK(filtered->size() == 1);
  auto latest = repo.latest(globex, "2026-03", "all", "pdf");
  REQUIRE(latest);
  REQUIRE(*latest);
  CHECK((*latest)->id == ids->at(1));
}

TEST_CASE("sha256_hex is the standard digest", "[unit][report]") {
  CHECK(report::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
