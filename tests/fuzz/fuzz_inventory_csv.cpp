// libFuzzer target for `illctl import`: the CSV reader and the importer's rows (sections,
// headers, every column's validation, matching by name, the repositories' writes), on an
// in-memory database that holds one router, client and link, so updates are reached as well as
// additions. Nothing is written outside the process.
//
// Checked for any input:
// - parse_csv: records start on increasing lines; quoting every field and reading the text
//   again gives the same fields (the reader and RFC 4180 agree).
// - import_inventory: a dry run and a real import report the same changes and errors (what
//   --dry-run promises); every error names a line of the file; a dry run changes nothing; and
//   importing a file that went in a second time changes nothing ("importing the same file twice
//   changes nothing", examples/inventory.csv). The real import runs inside a transaction that
//   is rolled back, so every input meets the same database.
#include "fuzz_support.hpp"
#include "inventory/csv_reader.hpp"
#include "inventory/importer.hpp"
#include "store/database.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

using ill::fuzz::check;

constexpr std::string_view k_seed_inventory =
    "[routers]\n"
    "name,host,port,transport,user,tls_verify\n"
    "edge1,198.51.100.1,8729,api-ssl,ill,full\n"
    "[clients]\n"
    "name,timezone,report_emails\n"
    "acme,Asia/Kolkata,noc@acme.example\n"
    "[links]\n"
    "name,client,router,interface,committed_mbps,probe_target\n"
    "acme-dia,acme,edge1,ether5,100,203.0.113.1\n";

ill::store::Database& database() {
  static std::unique_ptr<ill::store::Database> db = [] {
    auto opened = ill::store::Database::open(":memory:", ill::store::OpenMode::create);
    check(opened.has_value(), "cannot open an in-memory database");
    auto seeded = ill::inventory::import_inventory(**opened, k_seed_inventory, {});
    check(seeded && seeded->committed, "the seed inventory does not import");
    return std::move(*opened);
  }();
  return *db;
}

std::string quoted(const std::vector<ill::inventory::CsvRecord>& records) {
  std::string out;
  for (const auto& record : records) {
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : record.fields[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

bool same_outcome(const ill::inventory::ImportResult& a, const ill::inventory::ImportResult& b) {
  if (a.changes.size() != b.changes.size() || a.errors.size() != b.errors.size()) return false;
  for (std::size_t i = 0; i < a.changes.size(); ++i) {
    const auto &x = a.changes[i], &y = b.changes[i];
    if (x.kind != y.kind || x.name != y.name || x.change != y.change || x.line != y.line ||
        x.fields != y.fields)
      return false;
  }
  for (std::size_t i = 0; i < a.errors.size(); ++i) {
    const auto &x = a.errors[i], &y = b.errors[i];
    if (x.line != y.line || x.column != y.column || x.message != y.message) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ill::fuzz::quiet();
  const std::string_view csv(reinterpret_cast<const char*>(data), size);

  auto records = ill::inventory::parse_csv(csv);
  std::size_t last_line = 1 + static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) +
                          static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\r'));
  if (records) {
    for (std::size_t i = 0; i < records->size(); ++i) {
      check((*records)[i].line >= 1 && (*records)[i].line <= last_line,
            "a record starts outside the file");
      if (i > 0) check((*records)[i - 1].line < (*records)[i].line, "records out of line order");
    }
    auto again = ill::inventory::parse_csv(quoted(*records));
    check(again.has_value() && again->size() == records->size(), "quoted records do not read back");
    for (std::size_t i = 0; i < records->size(); ++i)
      check((*again)[i].fields == (*records)[i].fields, "quoted fields do not read back");
  }

  auto& db = database();
  const auto generation = [&db] {
    auto g = db.inventory_generation();
    check(g.has_value(), "inventory_generation fails");
    return *g;
  };
  const std::int64_t before = generation();

  ill::inventory::ImportOptions dry;
  dry.dry_run = true;
  auto dry_result = ill::inventory::import_inventory(db, csv, dry);
  check(dry_result.has_value(), "a dry run fails on the database itself");
  check(!dry_result->committed, "a dry run commits");
  check(generation() == before, "a dry run changes the inventory");
  for (const auto& e : dry_result->errors)
    check(e.line <= last_line, "an import error names a line past the end of the file");

  {
    auto outer = db.begin();  // the import's own transaction becomes a savepoint inside it
    check(outer.has_value(), "cannot begin a transaction");
    auto real = ill::inventory::import_inventory(db, csv, {});
    check(real.has_value(), "an import fails on the database itself");
    check(same_outcome(*dry_result, *real), "--dry-run and the import disagree");
    check(real->committed == real->errors.empty(), "an import without errors is not committed");
    if (real->committed) {
      auto twice = ill::inventory::import_inventory(db, csv, dry);
      check(twice.has_value() && twice->errors.empty(),
            "a file imported once fails the second time");
      for (const auto& change : twice->changes)
        check(change.change == ill::inventory::ChangeKind::unchanged,
              "importing the same file twice changes something");
    }
    outer->rollback();
  }
  check(generation() == before, "the rolled-back import left changes");
  return 0;
}
