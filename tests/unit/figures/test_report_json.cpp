// The figures JSON is written as text directly; it must be the JSON nlohmann::json would write,
// compact (what sla_reports keeps) and indented (what --json prints).
#include "figures/report_json.hpp"

#include "sla/calculate.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using std::chrono::hours;
using std::chrono::sys_seconds;

TEST_CASE("the figures text is nlohmann's JSON, compact and indented", "[unit][figures]") {
  auto zone = sla::find_zone("Asia/Kolkata").value();
  auto period = sla::month_period(date::year{2026} / 1, zone).value();
  const sys_seconds day{date::sys_days{date::year{2026} / 1 / 10}};
  const std::vector<sla::Interval> timeline{{period.from, day, sla::State::up},
                                            {day, day + hours{5}, sla::State::down},
                                            {day + hours{5}, period.to, sla::State::up}};
  const std::vector<sla::Observation> samples{
      {period.from + hours{1}, sla::State::up, 1e6, 2.5e5, 20.25, 0.0},
      {period.from + hours{2}, sla::State::up, 3e6, std::nullopt, 31.0, 1.5}};
  const std::vector<sla::Annotation> notes{
      {day, day + hours{1}, sla::Cause::customer, "CPE \"rebooted\"\n\tby the client\\"}};
  sla::Policy policy;
  policy.monthly_fee_cents = 123'456;
  auto f = sla::calculate(period, timeline, {}, samples, notes, policy, day + hours{48});
  REQUIRE(f);
  store::Link link;
  link.name = "acme-1";
  link.client_name = "Acme \u00e9";

  const auto compact = figures::figures_text(link, "2026-01", period, *f, "2026-01-12T00:00:00Z");
  const auto tree = nlohmann::json::parse(compact);
  CHECK(tree.dump() == compact);
  CHECK(figures::figures_text(link, "2026-01", period, *f, "2026-01-12T00:00:00Z", 2) ==
        tree.dump(2));
  // Inside an array, one level down.
  const auto element =
      figures::figures_text(link, "2026-01", period, *f, "2026-01-12T00:00:00Z", 2, 1);
  CHECK("[\n  " + element + "\n]" == nlohmann::json::array({tree}).dump(2));

  for (const char* key : {"link",           "month",        "timezone",         "scheduled_s",
                          "downtime_s",     "unknown_s",    "excluded_s",       "availability_pct",
                          "outages",        "mttr_s",       "longest_outage_s", "latency_avg_ms",
                          "latency_p95_ms", "loss_avg_pct", "p95_in_bps",       "p95_out_bps",
                          "p95_bps",        "breach",       "credit_pct",       "credit_amount",
                          "error_budget",   "computed_at"})
    CHECK(tree.contains(key));
  CHECK(tree["outages"][0]["note"] == "CPE \"rebooted\"\n\tby the client\\");
  CHECK(tree["outages"][0]["cause"] == "customer");
  CHECK(tree["latency_p95_ms"] == 31.0);
  CHECK(tree["p95_in_bps"] == 3e6);
  CHECK(tree["month_to_date"] == true);
  CHECK(tree["error_budget"]["forecast_breach"].is_boolean());
  CHECK(tree["client"] == "Acme \u00e9");
}
