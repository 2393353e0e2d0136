// illctl history import and sla calculate|show: a month of polls with a known outage and a known
// blind spot, and the figures worked out by hand.
#include "inventory_fixture.hpp"

#include "store/daemon_status_repository.hpp"
#include "store/database.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>

#include <unistd.h>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;
using ill::test::utc_rfc3339;

namespace {

// January 2026 in Asia/Kolkata (+05:30): [2025-12-31T18:30Z, 2026-01-31T18:30Z), 31 days.
constexpr std::int64_t k_from = 1767205800;
constexpr std::int64_t k_to = 1769884200;
constexpr std::int64_t k_month_s = k_to - k_from;  // 2,678,400
// Down [10:00Z, 11:30Z) on the 10th: 90 minutes.
constexpr std::int64_t k_down_from = 1768039200;
constexpr std::int64_t k_down_to = 1768044600;
// No polls in [00:05Z, 02:05Z) on the 20th: the 00:00Z poll covers 5 minutes, then 2 h unknown.
constexpr std::int64_t k_gap_from = 1768867500;
constexpr std::int64_t k_gap_to = 1768874700;

// A poll every 5 minutes over the whole month: up at 20 ms, 1 Mb/s in and 2 Mb/s out; down
// (0 b/s, no latency) during the outage; nothing during the gap.
std::string month_csv() {
  std::string csv = "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n";
  for (std::int64_t t = k_from; t < k_to; t += 300) {
    if (t >= k_gap_from && t < k_gap_to) continue;
    if (t >= k_down_from && t < k_down_to)
      csv += utc_rfc3339(t) + ",down,0,0,,\n";
    else
      csv += utc_rfc3339(t) + ",up,1000000,2000000,20,0\n";
  }
  return csv;
}

std::int64_t sample_count(const InventoryFixture& f) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(f.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM samples", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const auto n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// A fingerprint of both rollup tables, to tell whether anything in them changed.
std::string rollups_digest(const InventoryFixture& f) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(f.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string digest;
  for (const char* sql :
       {"SELECT count(*), total(samples), total(rx_sum), total(up_latency_sum), "
        "total(up_loss_n), total(length(up_latency_hist)) FROM rollups_5m",
        "SELECT count(*), total(samples), total(tx_sum), total(up_latency_n), "
        "group_concat(hex(up_latency_hist)) FROM rollups_1h",
        "SELECT count(*), total(samples), total(up_loss_sum), group_concat(hex(slots)), "
        "group_concat(hex(up_latency_hist)), count(detail), group_concat(hex(detail)) "
        "FROM rollups_1d"}) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const auto* text = sqlite3_column_text(st, c);
      digest += text ? reinterpret_cast<const char*>(text) : "null";
      digest += '|';
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return digest;
}

void add_link(const InventoryFixture& f) {
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  REQUIRE(f.run_illctl({"client", "add", "acme", "--timezone", "Asia/Kolkata"}).exit_code == 0);
  REQUIRE(
      f.run_illctl({"link", "add", "acme-1", "--client", "acme", "--router", "gw1", "--interface",
                    "ether1", "--mbps", "100", "--fee", "1000", "--currency", "INR"})
          .exit_code == 0);
}

nlohmann::json calculate(const InventoryFixture& f) {
  auto r = f.run_illctl({"sla", "calculate", "--month", "2026-01", "--link", "acme-1", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto reports = nlohmann::json::parse(r.out);
  REQUIRE(reports.size() == 1);
  return reports[0];
}

}  // namespace

TEST_CASE("a month of imported polls gives the hand-computed SLA figures, and twice is once",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  auto file = f.dir().write("jan.csv", month_csv());

  auto dry = f.run_illctl(
      {"history", "import", "--link", "acme-1", "--interval", "300", "--dry-run", file.string()});
  REQUIRE(dry.exit_code == 0);
  CHECK_THAT(dry.out, Contains("dry run, nothing written: 8904 samples"));
  CHECK(sample_count(f) == 0);

  auto imported = f.run_illctl(
      {"history", "import", "--link", "acme-1", "--interval", "300", file.string(), "--json"});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  auto summary = nlohmann::json::parse(imported.out);
  CHECK(summary["samples"] == 8904);
  CHECK(summary["committed"] == true);
  CHECK(summary["from"] == "2025-12-31T18:30:00Z");
  CHECK(summary["to"] == "2026-01-31T18:30:00Z");
  CHECK(sample_count(f) == 8904);
  const std::string rollups = rollups_digest(f);
  // Every day of the span has closed: its 5-minute and hourly rows are packed into its day row
  // (schema 8), 32 UTC days holding all 8,904 polls.
  CHECK_THAT(rollups, Catch::StartsWith("0|0.0|"));
  CHECK_THAT(rollups, Contains("|32|8904.0|"));

  auto r = calculate(f);
  CHECK(r["link"] == "acme-1");
  CHECK(r["month"] == "2026-01");
  CHECK(r["timezone"] == "Asia/Kolkata");
  CHECK(r["scheduled_s"] == k_month_s);
  CHECK(r["downtime_s"] == 5400);
  CHECK(r["unknown_s"] == 7200);
  CHECK(r["excluded_s"] == 0);
  CHECK(r["availability_pct"].get<double>() == Approx(100.0 * (1.0 - 5400.0 / 2678400.0)));
  CHECK(r["outage_count"] == 1);
  REQUIRE(r["outages"].size() == 2);  // the outage, then ill's blind spot (never counted)
  CHECK(r["outages"][0]["start"] == "2026-01-10T10:00:00Z");
  CHECK(r["outages"][0]["end"] == "2026-01-10T11:30:00Z");
  CHECK(r["outages"][0]["duration_s"] == 5400);
  CHECK(r["outages"][0]["cause"] == "provider");
  CHECK(r["outages"][0]["counted"] == true);
  CHECK(r["outages"][1]["start"] == "2026-01-20T00:05:00Z");
  CHECK(r["outages"][1]["end"] == "2026-01-20T02:05:00Z");
  CHECK(r["outages"][1]["cause"] == "monitoring");
  CHECK(r["outages"][1]["counted"] == false);
  CHECK(r["mttr_s"] == 5400.0);
  CHECK(r["longest_outage_s"] == 5400);
  CHECK(r["latency_avg_ms"] == 20.0);
  CHECK(r["latency_p95_ms"] == 20.0);
  CHECK(r["loss_avg_pct"] == 0.0);
  CHECK(r["p95_in_bps"] == 1e6);
  CHECK(r["p95_out_bps"] == 2e6);
  CHECK(r["p95_bps"] == 2e6);
  CHECK(r["breach"]["availability"] == false);
  // Default bands: 99.5 % <= 99.798 % < 99.99 %: 5 % of 1000.
  CHECK(r["credit_pct"] == 5.0);
  CHECK(r["credit_amount"] == 50.0);

  // Importing the same file again changes nothing.
  REQUIRE(
      f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()})
          .exit_code == 0);
  CHECK(sample_count(f) == 8904);
  CHECK(rollups_digest(f) == rollups);
  auto again = calculate(f);
  again.erase("computed_at");
  auto first = r;
  first.erase("computed_at");
  CHECK(again == first);

  // A band whose lower bound is exactly the downtime applies (lower bounds are inclusive).
  REQUIRE(f.run_illctl({"link", "edit", "acme-1", "--uptime", "99.9", "--sla-credit",
                        R"({"model":"outage_length_pct_of_fee","bands":[{"at_least":0,"value":0},)"
                        R"({"at_least":5400,"value":15},{"at_least":5401,"value":35}]})"})
              .exit_code == 0);
  auto edged = calculate(f);
  CHECK(edged["credit_pct"] == 15.0);
  CHECK(edged["credit_amount"] == 150.0);
  CHECK(edged["breach"]["availability"] == true);

  // sla show prints the stored row; the table names the link and the month.
  auto shown = f.run_illctl({"sla", "show", "--month", "2026-01", "--json"});
  REQUIRE(shown.exit_code == 0);
  auto stored = nlohmann::json::parse(shown.out);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0]["credit_pct"] == 15.0);
  auto table = f.run_illctl({"sla", "show", "--link", "acme-1"});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Contains("acme-1") && Contains("2026-01") && Contains("99.7984 %") &&
                            Contains("availability"));
}

TEST_CASE("history import reports every bad row with its line and writes nothing",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  auto file = f.dir().write("bad.csv",
                            "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n"  // 1
                            "2026-01-01T00:00:00+05:30,up,1,2,3,0\n"          // 2
                            "2026-01-01 00:05:00,up,,,,\n"                    // 3
                            "2026-01-01T00:10:00Z,sideways,,,,\n"             // 4
                            "2026-01-01T00:15:00Z,up,-1,,,\n"                 // 5
                            "\n"                                              // 6
                            "2026-01-01T00:20:00Z,up,,,,101\n"                // 7
                            "2026-01-01T00:25:00Z,down,,x,,\n"                // 8
                            "2025-12-31T18:30:00Z,up,,,,\n");                 // 9
  auto r = f.run_illctl({"history", "import", "--link", "acme-1", file.string()});
  CHECK(r.exit_code == 6);
  const std::string p = file.string();
  CHECK_THAT(r.err, Contains(p + ":3: time:"));
  CHECK_THAT(r.err, Contains(p + ":4: state:"));
  CHECK_THAT(r.err, Contains(p + ":5: rx_bps:"));
  CHECK_THAT(r.err, Contains(p + ":7: loss_pct:"));
  CHECK_THAT(r.err, Contains(p + ":8: tx_bps:"));
  CHECK_THAT(r.err, Contains(p + ":9: time: 2025-12-31T18:30:00Z is also the time of line 2"));
  CHECK_THAT(r.err, Contains("6 errors in " + p + "; nothing was imported"));
  CHECK(sample_count(f) == 0);

  auto json = f.run_illctl({"history", "import", "--link", "acme-1", file.string(), "--json"});
  CHECK(json.exit_code == 6);
  const auto report = nlohmann::json::parse(json.out);
  CHECK(report["committed"] == false);
  std::vector<int> lines;
  for (const auto& e : report["errors"]) lines.push_back(e["line"].get<int>());
  CHECK(lines == std::vector<int>{3, 4, 5, 7, 8, 9});
}

TEST_CASE("history import refuses rows from the future, naming the line", "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  // A typo in the year: 2062 for 2026. Stored, it would put the timeline ahead of illd.
  auto file = f.dir().write("typo.csv",
                            "time,state\n"                 // 1
                            "2026-01-01T00:00:00Z,up\n"    // 2
                            "2062-01-01T00:05:00Z,up\n");  // 3
  auto r = f.run_illctl({"history", "import", "--link", "acme-1", file.string()});
  CHECK(r.exit_code == 6);
  CHECK_THAT(r.err, Contains(file.string() + ":3: time: 2062-01-01T00:05:00Z is in the future"));
  CHECK(sample_count(f) == 0);
}

TEST_CASE("an annotated outage stops counting, with an audit trail; sla policy names sources",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  auto file = f.dir().write("day.csv",
                            "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n"
                            "2026-01-10T15:20:00+05:30,up,,,,\n"
                            "2026-01-10T15:25:00+05:30,down,,,,\n"
                            "2026-01-10T15:30:00+05:30,down,,,,\n"
                            "2026-01-10T15:35:00+05:30,up,,,,\n");
  REQUIRE(
      f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()})
          .exit_code == 0);
  CHECK(calculate(f)["downtime_s"] == 600);
  auto missing = f.run_illctl({"outage", "annotate", "--link", "acme-1", "--start",
                               "2026-01-10T10:00:00Z", "--cause", "customer"});
  CHECK(missing.exit_code == 3);
  for (const auto* cause : {"customer", "power"})
    REQUIRE(f.run_illctl({"outage", "annotate", "--link", "acme-1", "--start",
                          "2026-01-10T09:55:00Z", "--cause", cause, "--note", "CPE", "--by", "noc"})
                .exit_code == 0);
  auto r = calculate(f);
  CHECK(r["downtime_s"] == 0);
  CHECK(r["excused_s"] == 600);
  auto listed = nlohmann::json::parse(
      f.run_illctl({"outage", "list", "--link", "acme-1", "--month", "2026-01", "--json"}).out);
  bool seen = false;
  for (const auto& o : listed)
    if (o["start"] == "2026-01-10T09:55:00Z") {
      seen = true;
      CHECK(o["cause"] == "power");
      CHECK(o["counted"] == false);
    }
  CHECK(seen);
  auto audit = nlohmann::json::parse(f.run_illctl({"outage", "audit", "--link", "acme-1", "--start",
                                                   "2026-01-10T09:55:00Z", "--json"})
                                         .out);
  REQUIRE(audit.size() == 2);
  CHECK(audit[0]["old_cause"].is_null());
  CHECK(audit[0]["new_cause"] == "customer");
  CHECK(audit[1]["old_cause"] == "customer");
  CHECK(audit[1]["new_cause"] == "power");
  CHECK(audit[1]["changed_by"] == "noc");

  REQUIRE(f.run_illctl({"link", "edit", "acme-1", "--sla-min-outage", "300"}).exit_code == 0);
  auto policy = nlohmann::json::parse(f.run_illctl({"sla", "policy", "acme-1", "--json"}).out);
  CHECK(policy["policy"]["min_outage_s"] == 300);
  CHECK(policy["sources"]["min_outage_s"] == "link override");
  CHECK(policy["sources"]["merge_gap_s"] == "default");
  CHECK(policy["policy"]["monthly_fee"] == 1000.0);
}

TEST_CASE("the config's [sla] section sits between the defaults and a link's own settings",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  auto conf = f.dir().write("illd.conf", "[sla]\nunknown = \"down\"\nmerge_gap_s = 120\n");
  auto policy_of = [&] {
    auto r = f.run_illctl({"--config", conf.string(), "sla", "policy", "acme-1", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
  };
  auto p = policy_of();
  CHECK(p["policy"]["unknown"] == "down");
  CHECK(p["sources"]["unknown"] == "file " + conf.string() + ":2");
  CHECK(p["policy"]["merge_gap_s"] == 120);
  CHECK(p["sources"]["excluded_time"] == "default");
  REQUIRE(f.run_illctl({"link", "edit", "acme-1", "--sla-unknown", "excluded"}).exit_code == 0);
  p = policy_of();
  CHECK(p["policy"]["unknown"] == "excluded");
  CHECK(p["sources"]["unknown"] == "link override");
}

TEST_CASE("sla show gives the error budget of the month still running", "[integration][sla]") {
  InventoryFixture f;
  REQUIRE(f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
          0);
  REQUIRE(f.run_illctl({"client", "add", "utc-co", "--timezone", "UTC"}).exit_code == 0);
  REQUIRE(f.run_illctl({"link", "add", "utc-1", "--client", "utc-co", "--router", "gw1",
                        "--interface", "ether1", "--mbps", "10"})
              .exit_code == 0);
  // Ten minutes down in the first hour of the current UTC month.
  const auto now = std::chrono::system_clock::now();
  const auto today = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{today};
  const auto month_start = std::chrono::sys_days{ymd.year() / ymd.month() / 1};
  const std::int64_t t0 =
      std::chrono::duration_cast<std::chrono::seconds>(month_start.time_since_epoch()).count();
  std::string csv = "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n";
  for (std::int64_t t = t0; t < t0 + 3600; t += 300)
    csv += utc_rfc3339(t) + ((t >= t0 + 1200 && t < t0 + 1800) ? ",down,,,,\n" : ",up,,,,\n");
  auto file = f.dir().write("now.csv", csv);
  REQUIRE(f.run_illctl({"history", "import", "--link", "utc-1", "--interval", "300", file.string()})
              .exit_code == 0);
  auto r = f.run_illctl({"sla", "calculate", "--month", "this", "--link", "utc-1", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto report = nlohmann::json::parse(r.out).at(0);
  if (!report["month_to_date"].get<bool>()) return;  // the first hour of a month: nothing to see
  const auto& budget = report["error_budget"];
  REQUIRE(budget.is_object());
  CHECK(report["downtime_s"] == 600);
  CHECK(budget["left_s"].get<double>() == Approx(budget["allowed_s"].get<double>() - 600));
  auto shown = f.run_illctl({"sla", "show", "--month", "this", "--link", "utc-1"});
  CHECK_THAT(shown.out, Catch::Contains("utc-1") && Catch::Contains("error budget"));
}

TEST_CASE("annotating an outage recalculates its stored month with the stored policy",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  // Outage A 09:55-10:05Z (600 s), outage B 10:15-10:20Z (300 s).
  auto file = f.dir().write("day.csv",
                            "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n"
                            "2026-01-10T15:20:00+05:30,up,,,,\n"
                            "2026-01-10T15:25:00+05:30,down,,,,\n"
                            "2026-01-10T15:30:00+05:30,down,,,,\n"
                            "2026-01-10T15:35:00+05:30,up,,,,\n"
                            "2026-01-10T15:40:00+05:30,up,,,,\n"
                            "2026-01-10T15:45:00+05:30,down,,,,\n"
                            "2026-01-10T15:50:00+05:30,up,,,,\n");
  REQUIRE(
      f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()})
          .exit_code == 0);
  // 900 s down of 2,678,400: 99.9664 % < 99.99 %: 5 % of the fee, 1000.
  auto first = calculate(f);
  CHECK(first["downtime_s"] == 900);
  CHECK(first["credit_amount"] == 50.0);

  // The fee changes after the month was stored; the stored month keeps the policy it was
  // calculated with.
  REQUIRE(f.run_illctl({"link", "edit", "acme-1", "--fee", "2000"}).exit_code == 0);
  auto annotated = f.run_illctl({"outage", "annotate", "--link", "acme-1", "--start",
                                 "2026-01-10T09:55:00Z", "--cause", "customer", "--json"});
  INFO(annotated.err);
  REQUIRE(annotated.exit_code == 0);
  auto change = nlohmann::json::parse(annotated.out)["recalculated"];
  CHECK(change["month"] == "2026-01");
  CHECK(change["downtime_s_before"] == 900);
  CHECK(change["downtime_s"] == 300);

  // `sla show` prints the recalculated row without another `sla calculate`.
  auto shown = nlohmann::json::parse(
      f.run_illctl({"sla", "show", "--month", "2026-01", "--link", "acme-1", "--json"}).out);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0]["downtime_s"] == 300);
  CHECK(shown[0]["excused_s"] == 600);
  CHECK(shown[0]["measured_to"] == first["measured_to"]);
  CHECK(shown[0]["credit_amount"] == 50.0);  // 99.9888 % < 99.99 %: 5 % of the stored 1000
  REQUIRE(shown[0]["outages"].size() >= 2);
  CHECK(shown[0]["outages"][1]["cause"] == "customer");

  // The table output says what changed in the stored month.
  auto text = f.run_illctl({"outage", "annotate", "--link", "acme-1", "--start",
                            "2026-01-10T10:15:00Z", "--cause", "power"});
  CHECK_THAT(text.out,
             Contains("recalculated the stored figures of 2026-01") && Contains("5m00s -> 0s"));
  // Calculating again takes the link's policy as it is now.
  auto again = calculate(f);
  CHECK(again["downtime_s"] == 0);
  CHECK(again["credit_amount"] == 0.0);
}

TEST_CASE("db compact gives the free pages back and keeps every figure, and waits for illd to stop",
          "[integration][sla]") {
  InventoryFixture f;
  add_link(f);
  REQUIRE(f.run_illctl({"link", "add", "acme-2", "--client", "acme", "--router", "gw1",
                        "--interface", "ether2", "--mbps", "100"})
              .exit_code == 0);
  auto file = f.dir().write("jan.csv", month_csv());
  for (const char* link : {"acme-1", "acme-2"})
    REQUIRE(f.run_illctl({"history", "import", "--link", link, "--interval", "300", file.string()})
                .exit_code == 0);
  // A link's rows gone leave free pages in the middle of the file.
  REQUIRE(f.run_illctl({"link", "rm", "acme-2"}).exit_code == 0);
  auto before = calculate(f);
  before.erase("computed_at");
  const std::string rollups = rollups_digest(f);
  const auto size_before = std::filesystem::file_size(f.db_path());

  ill::store::DaemonHeartbeat beat;
  beat.at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  beat.started = beat.at - std::chrono::hours(1);
  beat.pid = 4242;
  {
    auto db = ill::store::Database::open(f.db_path(), ill::store::OpenMode::existing).value();
    REQUIRE(ill::store::DaemonStatusRepository(*db).put(beat));
  }
  auto refused = f.run_illctl({"db", "compact"});
  CHECK(refused.exit_code == 7);
  CHECK_THAT(refused.err, Contains("illd (pid 4242)") && Contains("stop it first"));
  CHECK(std::filesystem::file_size(f.db_path()) == size_before);

  beat.stopped = true;  // as illd leaves it on SIGTERM
  {
    auto db = ill::store::Database::open(f.db_path(), ill::store::OpenMode::existing).value();
    REQUIRE(ill::store::DaemonStatusRepository(*db).put(beat));
  }
  auto r = f.run_illctl({"db", "compact", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto out = nlohmann::json::parse(r.out);
  CHECK(out["before"]["free_pages"].get<int>() > 0);
  CHECK(out["after"]["free_pages"] == 0);
  CHECK(out["after"]["wal_bytes"] == 0);
  CHECK(out["after"]["file_bytes"].get<std::uint64_t>() <
        out["before"]["file_bytes"].get<std::uint64_t>());
  CHECK(out["after"]["file_bytes"].get<std::uint64_t>() == std::filesystem::file_size(f.db_path()));
  CHECK(rollups_digest(f) == rollups);
  auto after = calculate(f);
  after.erase("computed_at");
  CHECK(after == before);

  auto human = f.run_illctl({"db", "compact"});
  INFO(human.err);
  REQUIRE(human.exit_code == 0);
  CHECK_THAT(human.out, Contains("compacting " + f.db_path()) && Contains("compacted "));
}

// A file system with too little room needs a real small one: a tmpfs mounted in a mount
// namespace of its own, which disappears with the child. That takes root (CI runs as root).
TEST_CASE("db compact refuses when the rewrite would not fit, naming where room is missing",
          "[integration][sla]") {
  const std::string unshare = "/usr/bin/unshare";
  if (::geteuid() != 0 || !std::filesystem::exists(unshare) ||
      ill::test::run({unshare, "--mount", "/bin/true"}).exit_code != 0) {
    WARN("needs root and unshare(1) to mount a small file system; not run");
    return;
  }
  InventoryFixture f;
  add_link(f);
  auto file = f.dir().write("jan.csv", month_csv());
  REQUIRE(
      f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()})
          .exit_code == 0);
  const std::string rollups = rollups_digest(f);
  const auto size = std::filesystem::file_size(f.db_path());
  const auto small = f.dir() / "small";
  std::filesystem::create_directory(small);

  // illctl compacts `db` with its temporary directory `temp`, a tmpfs of `kib` KiB mounted on
  // `small`, into which the database is first copied when `copy`.
  auto in_small_fs = [&](std::uint64_t kib, const std::string& db, const std::string& temp,
                         bool copy) {
    ill::test::ProcessOptions options;
    options.env = {{"ILL_CONFIG", std::nullopt},
                   {"ILL_DB", std::nullopt},
                   {"ILL_KEY_FILE", std::nullopt},
                   {"ILLCTL", ILL_ILLCTL_PATH}};
    return ill::test::run(
        {unshare, "--mount", "--propagation", "private", "/bin/sh", "-ec",
         "mount -t tmpfs -o size=\"$1\"k tmpfs \"$4\"\n"
         "if [ -n \"$5\" ]; then cp \"$5\" \"$4\"/; fi\n"
         "SQLITE_TMPDIR=\"$3\" exec \"$ILLCTL\" --db \"$2\" db compact",
         "sh", std::to_string(kib), db, temp, small.string(), copy ? f.db_path() : ""},
        options);
  };

  SECTION("the temporary copy on another file system") {
    auto r = in_small_fs(256, f.db_path(), small.string(), false);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("not enough free space to compact " + f.db_path()) &&
                          Contains("temporary copy") && Contains(small.string()) &&
                          Contains("SQLITE_TMPDIR"));
    // Nothing was written.
    CHECK(std::filesystem::file_size(f.db_path()) == size);
    CHECK(rollups_digest(f) == rollups);
  }
  SECTION("the database and the temporary copy on one file system") {
    // Room for the file and a little more, not for two more copies of it.
    const std::uint64_t kib = size / 1024 + 512;
    auto r = in_small_fs(kib, (small / "ill.db").string(), small.string(), true);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("not enough free space to compact " + (small / "ill.db").string()) &&
                          Contains("write-ahead log") && Contains("is free"));
  }
}
