// illctl sla verify: a month that holds, a row gone stale after a later history import, a
// report printed before the row was recomputed, and raw samples that expired.
#include "report_fixture.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using Catch::Matchers::Contains;
using ill::test::utc_rfc3339;
using ill::test::report_month::Imported;
using ill::test::report_month::k_from;
using ill::test::report_month::k_to;
using nlohmann::json;

namespace {

// The differences of the one link verified, and whether its month holds.
struct Verified {
  int exit_code = 0;
  bool holds = false;
  json differences;
  json raw;
};

Verified verify(const ill::test::InventoryFixture& f) {
  auto r = f.run_illctl({"--json", "sla", "verify", "--month", "2026-03", "--link", "acme-1"});
  INFO(r.err);
  Verified v;
  v.exit_code = r.exit_code;
  v.raw = json::parse(r.out);
  REQUIRE(v.raw.size() == 1);
  v.holds = v.raw[0]["holds"].get<bool>();
  v.differences = v.raw[0]["differences"];
  return v;
}

std::vector<std::string> causes_of(const json& differences, const std::string& figure) {
  std::vector<std::string> out;
  for (const auto& d : differences)
    if (d["figure"] == figure) out.push_back(d["cause"].get<std::string>());
  return out;
}

bool only_rounding(const json& differences) {
  for (const auto& d : differences)
    if (d["cause"] != "rounding") return false;
  return true;
}

void calculate(const ill::test::InventoryFixture& f) {
  REQUIRE(f.run_illctl({"sla", "calculate", "--month", "2026-03", "--link", "acme-1"}).exit_code ==
          0);
}

// The month's JSON report, recorded in the report history.
void print_report(const ill::test::InventoryFixture& f) {
  const auto out = f.dir() / "out";
  std::filesystem::create_directories(out);
  REQUIRE(f.run_illctl({"report", "--month", "2026-03", "--client", "acme", "--format", "json",
                        "--output", out.string()})
              .exit_code == 0);
}

void exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("sla verify: a stored month holds against the raw samples and the printed report",
          "[integration][sla][verify]") {
  Imported m;
  auto& f = m.f;
  // Nothing stored yet: a difference of its own.
  auto v = verify(f);
  CHECK(v.exit_code == 1);
  CHECK(causes_of(v.differences, "*") == std::vector<std::string>{"no-row"});

  calculate(f);
  print_report(f);
  v = verify(f);
  INFO(v.raw.dump(2));
  CHECK(v.exit_code == 0);
  CHECK(v.holds);
  CHECK(only_rounding(v.differences));
  // Every poll of the month was kept: 743 hours of 5-minute polls.
  CHECK(v.raw[0]["raw_samples"] == (k_to - k_from) / 300);
  CHECK(v.raw[0]["documents_checked"].size() == 1);

  // The human form says the same.
  auto r = f.run_illctl({"sla", "verify", "--month", "2026-03", "--link", "acme-1"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("acme-1 2026-03: holds"));
}

TEST_CASE("sla verify: a later history import makes the row stale, a recalculation the report",
          "[integration][sla][verify]") {
  Imported m;
  auto& f = m.f;
  calculate(f);
  print_report(f);
  auto shown = f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1", "--json"});
  const double stored = json::parse(shown.out).at(0)["availability_pct"].get<double>();
  CHECK(json::parse(shown.out).at(0)["stale"] == false);

  // A late import: the link was down for an hour on the 20th, which the month's row never saw.
  const std::int64_t down = 1773993600;  // 2026-03-20T08:00Z
  std::string csv = "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n";
  for (std::int64_t t = down; t < down + 3600; t += 300) csv += utc_rfc3339(t) + ",down,0,0,,\n";
  auto file = f.dir().write("late.csv", csv);
  auto imported =
      f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);

  // `sla show` still prints what the client was given, and flags it.
  shown = f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1", "--json"});
  REQUIRE(shown.exit_code == 0);
  const auto flagged = json::parse(shown.out).at(0);
  CHECK(flagged["availability_pct"].get<double>() == stored);
  CHECK(flagged["stale"] == true);
  const auto stale_keys = flagged["stale_figures"].get<std::vector<std::string>>();
  CHECK(std::find(stale_keys.begin(), stale_keys.end(), "availability_pct") != stale_keys.end());
  auto table = f.run_illctl({"sla", "show", "--month", "2026-03", "--link", "acme-1"});
  CHECK_THAT(table.out, Contains("2026-03*") &&
                            Contains("* acme-1 2026-03 is stale: the data changed after it was "
                                     "computed (") &&
                            Contains("run illctl sla calculate --month 2026-03 --link acme-1"));

  auto v = verify(f);
  INFO(v.raw.dump(2));
  CHECK(v.exit_code == 1);
  CHECK_FALSE(v.holds);
  REQUIRE(causes_of(v.differences, "availability_pct") == std::vector<std::string>{"stale"});
  CHECK(causes_of(v.differences, "outage_count") == std::vector<std::string>{"stale"});
  for (const auto& d : v.differences)
    if (d["figure"] == "availability_pct") {
      CHECK(d["stored"].get<double>() == stored);
      CHECK(d["recomputed"].get<double>() < stored);
    }

  // Recalculated, the row holds again, but the report was printed from the old one.
  calculate(f);
  v = verify(f);
  INFO(v.raw.dump(2));
  CHECK(v.exit_code == 1);
  CHECK(causes_of(v.differences, "computed_at") == std::vector<std::string>{"report"});
  CHECK(causes_of(v.differences, "availability_pct") == std::vector<std::string>{"report"});

  // A new report: everything holds.
  print_report(f);
  v = verify(f);
  INFO(v.raw.dump(2));
  CHECK(v.exit_code == 0);
  CHECK(only_rounding(v.differences));
}

TEST_CASE("sla verify: expired raw samples leave their figures unverified, not different",
          "[integration][sla][verify]") {
  Imported m;
  auto& f = m.f;
  calculate(f);
  // What illd's retention does: the first half of the month's raw samples go, rollups stay.
  exec_sql(f.db_path(), fmt::format("DELETE FROM samples WHERE t < {}", k_from + 15 * 86400));
  auto v = verify(f);
  INFO(v.raw.dump(2));
  CHECK(v.exit_code == 0);
  CHECK(v.holds);
  CHECK(causes_of(v.differences, "latency_n") == std::vector<std::string>{"retention"});
  CHECK(causes_of(v.differences, "availability_pct").empty());
  CHECK(v.raw[0]["raw_samples"] < (k_to - k_from) / 300);
}
