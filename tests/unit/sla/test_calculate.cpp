#include "sla/calculate.hpp"

#include "sla_test_support.hpp"

#include <catch2/catch.hpp>

using namespace ill::sla;
using ill::sla::test::period_of;
using ill::sla::test::up_except;
using ill::sla::test::utc;

namespace {

MonthFigures run(const Period& period, const std::vector<Interval>& timeline,
                 const Policy& policy = {}, const std::vector<TimeRange>& maintenance = {},
                 const std::vector<Observation>& samples = {},
                 const std::vector<Annotation>& annotations = {},
                 std::optional<std::chrono::sys_seconds> now = std::nullopt) {
  auto figures = calculate(period, timeline, maintenance, samples, annotations, policy, now);
  REQUIRE(figures);
  return *figures;
}

Observation sample(std::chrono::sys_seconds t, State state, std::optional<double> latency,
                   std::optional<double> loss = std::nullopt) {
  return Observation{t, state, std::nullopt, std::nullopt, latency, loss};
}

Observation traffic(std::chrono::sys_seconds t, std::optional<double> rx,
                    std::optional<double> tx) {
  return Observation{t, State::up, rx, tx, std::nullopt, std::nullopt};
}

}  // namespace

TEST_CASE("a 2-hour outage in a 31-day month", "[unit][sla]") {
  const Period period = period_of(2026, 1, "UTC");
  Policy policy;
  policy.monthly_fee_cents = 5'000'000;  // 50,000.00
  const auto figures =
      run(period,
          up_except(period.range(), {{utc(2026, 1, 10, 10), utc(2026, 1, 10, 12), State::down}}),
          policy);
  CHECK(figures.period_s == 2'678'400);
  CHECK(figures.scheduled_s == 2'678'400);
  CHECK(figures.downtime_s == 7'200);
  CHECK(figures.unknown_s == 0);
  CHECK(figures.excluded_s == 0);
  CHECK(figures.up_s == 2'671'200);
  REQUIRE(figures.availability_pct);
  CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 7200.0 / 2678400.0)));  // 99.7312
  CHECK(figures.outage_count == 1);
  CHECK(figures.mttr_s == 7200.0);
  CHECK(figures.longest_outage_s == 7200);
  CHECK_FALSE(figures.breach.any());
  CHECK(figures.credit_pct == 5.0);  // 99.5 <= 99.73 < 99.99
  CHECK(figures.credit_cents == 250'000);
  REQUIRE(figures.budget);
  CHECK(figures.budget->allowed_s == Approx(13'392));  // 223.2 min
  CHECK(figures.budget->left_s == Approx(6'192));
}

TEST_CASE("leap February at exactly the committed availability is not a breach", "[unit][sla]") {
  const Period period = period_of(2028, 2, "UTC");  // 41,760 min; 0.5 % = 208.8 min = 12,528 s
  const auto start = utc(2028, 2, 14, 3);
  auto on_edge =
      run(period,
          up_except(period.range(), {{start, start + std::chrono::seconds{12'528}, State::down}}));
  CHECK(on_edge.scheduled_s == 2'505'600);
  CHECK(on_edge.downtime_s == 12'528);
  CHECK_FALSE(on_edge.breach.availability);
  CHECK(on_edge.credit_pct == 5.0);
  REQUIRE(on_edge.budget);
  CHECK(on_edge.budget->left_s == Approx(0).margin(1e-9));

  auto over = run(period, up_except(period.range(),
                                    {{start, start + std::chrono::seconds{12'529}, State::down}}));
  CHECK(over.breach.availability);
  CHECK(over.breach.details.size() == 1);
  CHECK(over.credit_pct == 10.0);
}

TEST_CASE("an outage across the month boundary is clipped to each month", "[unit][sla]") {
  const std::vector<Interval> timeline{{utc(2026, 1, 1), utc(2026, 1, 31, 23), State::up},
                                       {utc(2026, 1, 31, 23), utc(2026, 2, 1, 1), State::down},
                                       {utc(2026, 2, 1, 1), utc(2026, 3, 1), State::up}};
  const auto january = run(period_of(2026, 1, "UTC"), timeline);
  CHECK(january.downtime_s == 3600);
  REQUIRE(january.outages.size() == 1);
  CHECK(january.outages[0].start == utc(2026, 1, 31, 23));
  CHECK(january.outages[0].end == utc(2026, 2, 1));
  const auto february = run(period_of(2026, 2, "UTC"), timeline);
  CHECK(february.downtime_s == 3600);
  REQUIRE(february.outages.size() == 1);
  CHECK(february.outages[0].start == utc(2026, 2, 1));
  CHECK(february.outages[0].duration_s == 3600);
}

TEST_CASE("a DST month in New York schedules 743 hours", "[unit][sla]") {
  const Period period = period_of(2026, 3, "America/New_York");
  // Down from 01:00 EST to 03:30 EDT on 8 March: 1.5 real hours, 2.5 on the wall clock.
  const auto figures =
      run(period,
          up_except(period.range(), {{utc(2026, 3, 8, 6), utc(2026, 3, 8, 7, 30), State::down}}));
  CHECK(figures.scheduled_s == 2'674'800);
  CHECK(figures.downtime_s == 5'400);
  CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 5400.0 / 2674800.0)));
  CHECK(figures.budget->allowed_s == Approx(13'374));  // 0.5 % of 743 h
}

TEST_CASE("a month in Kolkata clips an outage at 18:30 UTC", "[unit][sla]") {
  const Period period = period_of(2026, 4, "Asia/Kolkata");
  const std::vector<Interval> timeline{{utc(2026, 3, 31, 18), utc(2026, 3, 31, 19), State::down},
                                       {utc(2026, 3, 31, 19), utc(2026, 5, 1), State::up}};
  const auto figures = run(period, timeline);
  CHECK(figures.scheduled_s == 30 * 86400);
  CHECK(figures.downtime_s == 1800);
  REQUIRE(figures.outages.size() == 1);
  CHECK(figures.outages[0].start == utc(2026, 3, 31, 18, 30));
}

TEST_CASE("maintenance splits an outage and is excluded under both conventions", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");  // 2,592,000 s
  const auto timeline =
      up_except(period.range(), {{utc(2026, 4, 5, 1), utc(2026, 4, 5, 5), State::down}});
  // 00:00-03:00 (given in two overlapping pieces, out of order) and 04:00-04:30.
  const std::vector<TimeRange> maintenance{{utc(2026, 4, 5, 4), utc(2026, 4, 5, 4, 30)},
                                           {utc(2026, 4, 5, 0, 30), utc(2026, 4, 5, 3)},
                                           {utc(2026, 4, 5, 0), utc(2026, 4, 5, 2)}};

  SECTION("available keeps the windows in the schedule") {
    const auto figures = run(period, timeline, {}, maintenance);
    CHECK(figures.excluded_s == 12'600);
    CHECK(figures.scheduled_s == 2'592'000);
    CHECK(figures.downtime_s == 5'400);  // 03:00-04:00 and 04:30-05:00
    CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 5400.0 / 2592000.0)));
    CHECK(figures.outage_count == 2);
    CHECK(figures.mttr_s == 2700.0);
    CHECK(figures.longest_outage_s == 3600);
    REQUIRE(figures.outages.size() == 4);
    CHECK(figures.outages[0].cause == Cause::planned);
    CHECK(figures.outages[0].start == utc(2026, 4, 5, 1));
    CHECK(figures.outages[0].end == utc(2026, 4, 5, 3));
    CHECK_FALSE(figures.outages[0].is_downtime);
    CHECK_FALSE(figures.outages[0].counted);
    CHECK(figures.outages[1].cause == Cause::provider);
    CHECK(figures.outages[1].start == utc(2026, 4, 5, 3));
    CHECK(figures.outages[1].end == utc(2026, 4, 5, 4));
    CHECK(figures.outages[2].cause == Cause::planned);
    CHECK(figures.outages[3].start == utc(2026, 4, 5, 4, 30));
    CHECK(figures.outages[3].end == utc(2026, 4, 5, 5));
  }
  SECTION("removed takes the windows out of the schedule") {
    Policy policy;
    policy.excluded_time = ExcludedTime::removed;
    const auto figures = run(period, timeline, policy, maintenance);
    CHECK(figures.excluded_s == 12'600);
    CHECK(figures.scheduled_s == 2'579'400);
    CHECK(figures.downtime_s == 5'400);
    CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 5400.0 / 2579400.0)));
  }
}

TEST_CASE("unknown time under each unknown policy", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  // Down 1 h, unknown 2 h, down 30 min; and a 30-min hole in the timeline (also unknown).
  auto timeline =
      up_except(period.range(), {{utc(2026, 4, 10, 0), utc(2026, 4, 10, 1), State::down},
                                 {utc(2026, 4, 10, 1), utc(2026, 4, 10, 3), State::unknown},
                                 {utc(2026, 4, 10, 3), utc(2026, 4, 10, 3, 30), State::down},
                                 {utc(2026, 4, 20, 0), utc(2026, 4, 20, 0, 30), State::up}});
  timeline.erase(std::find_if(timeline.begin(), timeline.end(), [](const Interval& interval) {
    return interval.from == utc(2026, 4, 20, 0);
  }));
  Policy policy;
  policy.merge_gap_s = 100'000;  // unknown between them: still two outages

  SECTION("not_down reports unknown apart") {
    const auto figures = run(period, timeline, policy);
    CHECK(figures.unknown_s == 9'000);
    CHECK(figures.downtime_s == 5'400);
    CHECK(figures.scheduled_s == 2'592'000);
    CHECK(figures.outage_count == 2);
    CHECK(figures.outages.size() == 4);  // 2 outages + 2 monitoring entries
    for (const Outage& entry : figures.outages) {
      if (entry.cause == Cause::monitoring) {
        CHECK_FALSE(entry.is_downtime);
        CHECK_FALSE(entry.counted);
      }
    }
  }
  SECTION("down adds unknown to downtime but makes no outage") {
    policy.unknown = UnknownPolicy::down;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 14'400);
    CHECK(figures.scheduled_s == 2'592'000);
    CHECK(figures.outage_count == 2);
    CHECK(figures.mttr_s == 2700.0);
    CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 14400.0 / 2592000.0)));
    CHECK(figures.breach.availability);  // 99.44 % < 99.5 %
  }
  SECTION("excluded takes unknown out of the schedule") {
    policy.unknown = UnknownPolicy::excluded;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 5'400);
    CHECK(figures.scheduled_s == 2'583'000);
    CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 5400.0 / 2583000.0)));
  }
}

TEST_CASE("a flapping link with merge gap and minimum outage", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto t = [](int m, int s) { return utc(2026, 4, 2, 10, m, s); };
  // Down 60 s, up 30, down 60, up 90, down 20, up 600, down 30: 170 s down.
  const auto timeline = up_except(period.range(), {{t(0, 0), t(1, 0), State::down},
                                                   {t(1, 30), t(2, 30), State::down},
                                                   {t(4, 0), t(4, 20), State::down},
                                                   {t(14, 20), t(14, 50), State::down}});
  Policy policy;
  SECTION("defaults count every flap") {
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 170);
    CHECK(figures.outage_count == 4);
    CHECK(figures.mttr_s == 42.5);
    CHECK(figures.longest_outage_s == 60);
  }
  SECTION("merge gap 90 s joins the first three") {
    policy.merge_gap_s = 90;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 170);
    CHECK(figures.outage_count == 2);
    REQUIRE(figures.outages.size() == 2);
    CHECK(figures.outages[0].start == t(0, 0));
    CHECK(figures.outages[0].end == t(4, 20));
    CHECK(figures.outages[0].duration_s == 260);
    CHECK(figures.outages[0].down_s == 140);
    CHECK(figures.mttr_s == 145.0);
    CHECK(figures.longest_outage_s == 260);
  }
  SECTION("merge gap 89 s joins only the first two") {
    policy.merge_gap_s = 89;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.outage_count == 3);
  }
  SECTION("merge gap 90 s and minimum 60 s count one") {
    policy.merge_gap_s = 90;
    policy.min_outage_s = 60;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 170);
    CHECK(figures.outage_count == 1);
    CHECK(figures.mttr_s == 260.0);
    CHECK(figures.longest_outage_s == 260);
    CHECK(figures.outages.size() == 2);
    CHECK_FALSE(figures.outages[1].counted);
    CHECK(figures.outages[1].is_downtime);
  }
  SECTION("minimum 60 s alone keeps the two 60-s outages") {
    policy.min_outage_s = 60;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 170);
    CHECK(figures.outage_count == 2);
    CHECK(figures.mttr_s == 60.0);
  }
  SECTION("minimum above every outage leaves MTTR and longest null") {
    policy.min_outage_s = 61;
    const auto figures = run(period, timeline, policy);
    CHECK(figures.downtime_s == 170);
    CHECK(figures.outage_count == 0);
    CHECK_FALSE(figures.mttr_s);
    CHECK_FALSE(figures.longest_outage_s);
  }
}

TEST_CASE("an annotated customer outage is listed but is not downtime", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto timeline =
      up_except(period.range(), {{utc(2026, 4, 3, 10), utc(2026, 4, 3, 11), State::down},
                                 {utc(2026, 4, 4, 10), utc(2026, 4, 4, 10, 30), State::down}});
  const std::vector<Annotation> annotations{
      {utc(2026, 4, 3, 9, 55), utc(2026, 4, 3, 11, 5), Cause::customer, "CPE power cycled"}};
  const auto figures = run(period, timeline, {}, {}, {}, annotations);
  CHECK(figures.downtime_s == 1800);
  CHECK(figures.excused_s == 3600);
  CHECK(figures.scheduled_s == 2'592'000);
  CHECK(figures.outage_count == 1);
  REQUIRE(figures.outages.size() == 2);
  CHECK(figures.outages[0].cause == Cause::customer);
  CHECK(figures.outages[0].annotated);
  CHECK(figures.outages[0].note == "CPE power cycled");
  CHECK_FALSE(figures.outages[0].is_downtime);
  CHECK(figures.outages[1].cause == Cause::provider);

  Policy removed;
  removed.excluded_time = ExcludedTime::removed;
  CHECK(run(period, timeline, removed, {}, {}, annotations).scheduled_s == 2'588'400);

  Policy customer_counts;
  customer_counts.cause_counts[static_cast<std::size_t>(Cause::customer)] = true;
  CHECK(run(period, timeline, customer_counts, {}, {}, annotations).downtime_s == 5400);
}

TEST_CASE("business hours schedule only weekday office hours", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");  // 1 April 2026 is a Wednesday
  Policy policy;
  policy.business_hours = BusinessHours{};  // Monday-Friday 09:00-18:00
  // Down from Monday 6 April 17:00 to Tuesday 10:00: 1 h in hours each day.
  const auto timeline =
      up_except(period.range(), {{utc(2026, 4, 6, 17), utc(2026, 4, 7, 10), State::down}});
  const std::vector<Observation> samples{sample(utc(2026, 4, 6, 12), State::up, 20.0),
                                         sample(utc(2026, 4, 6, 20), State::up, 500.0)};
  const auto figures = run(period, timeline, policy, {}, samples);
  CHECK(figures.period_s == 2'592'000);
  CHECK(figures.hours_s == 22 * 9 * 3600);  // 22 weekdays x 9 h = 712,800 s
  CHECK(figures.scheduled_s == 712'800);
  CHECK(figures.downtime_s == 7'200);
  CHECK(figures.outage_count == 2);
  CHECK(*figures.availability_pct == Approx(100.0 * (1.0 - 7200.0 / 712800.0)));
  CHECK(figures.latency_avg_ms == 20.0);  // the 20:00 sample is off hours
}

TEST_CASE("latency and loss come from up samples, maintenance included", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto timeline = up_except(period.range(), {});
  const std::vector<TimeRange> maintenance{{utc(2026, 4, 5, 0), utc(2026, 4, 5, 6)}};
  std::vector<Observation> samples{
      sample(utc(2026, 3, 31, 23), State::up, 900.0, 50.0),  // before the period
      sample(utc(2026, 4, 2), State::up, 40.0, 1.0),
      sample(utc(2026, 4, 3), State::down, 1000.0, 100.0),  // not up
      sample(utc(2026, 4, 4), State::up, std::nullopt),     // no value
      sample(utc(2026, 4, 5, 1), State::up, 60.0, 1.0),     // inside maintenance
      sample(utc(2026, 4, 6), State::up, 50.0)};
  SECTION("a mean equal to the commitment is not a breach") {
    const auto figures = run(period, timeline, {}, maintenance, samples);
    CHECK(figures.latency_n == 3);
    CHECK(figures.latency_avg_ms == 50.0);
    CHECK(figures.latency_p95_ms == 60.0);  // rank ceil(2.85) = 3
    CHECK(figures.loss_n == 2);
    CHECK(figures.loss_avg_pct == 1.0);
    CHECK_FALSE(figures.breach.latency);
    CHECK_FALSE(figures.breach.loss);
  }
  SECTION("a mean above the commitment is a breach") {
    samples.push_back(sample(utc(2026, 4, 7), State::up, 52.0, 1.3));
    const auto figures = run(period, timeline, {}, maintenance, samples);
    CHECK(figures.latency_avg_ms == 50.5);
    CHECK(figures.loss_avg_pct == Approx(1.1));
    CHECK(figures.breach.latency);
    CHECK(figures.breach.loss);
    CHECK(figures.breach.details.size() == 2);
  }
  SECTION("no values leave latency and loss null and unbreached") {
    const auto figures = run(period, timeline, {}, maintenance, {});
    CHECK_FALSE(figures.latency_avg_ms);
    CHECK_FALSE(figures.latency_p95_ms);
    CHECK_FALSE(figures.loss_avg_pct);
    CHECK_FALSE(figures.breach.any());
  }
}

TEST_CASE("95th-percentile traffic over 5-minute slots", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto timeline = up_except(period.range(), {});
  std::vector<Observation> samples;
  samples.push_back(traffic(utc(2026, 3, 31, 23, 59), 1e9, 1e9));  // before the period
  // Slot k (1..100) starts at k x 5 min: two in-samples averaging k, one out-sample 2k.
  for (int k = 1; k <= 100; ++k) {
    const auto slot = period.from + std::chrono::minutes{5 * k};
    samples.push_back(traffic(slot + std::chrono::seconds{10}, k - 0.5, 2.0 * k));
    samples.push_back(traffic(slot + std::chrono::seconds{250}, k + 0.5, std::nullopt));
  }
  // One slot whose only value is 0 (a value, rule 8) and one with none at all.
  samples.push_back(traffic(period.from + std::chrono::minutes{600}, 0.0, std::nullopt));
  samples.push_back(traffic(period.from + std::chrono::minutes{700}, std::nullopt, std::nullopt));

  SECTION("nearest rank") {
    const auto figures = run(period, timeline, {}, {}, samples);
    CHECK(figures.traffic.in_slots == 101);
    CHECK(figures.traffic.in_bps == 95.0);  // rank ceil(95.95) = 96 of [0, 1..100]
    CHECK(figures.traffic.out_slots == 100);
    CHECK(figures.traffic.out_bps == 190.0);  // rank 95 of [2..200]
    CHECK(figures.traffic.bps == 190.0);
    CHECK(figures.traffic.method == PercentileMethod::nearest_rank);
  }
  SECTION("interpolated") {
    Policy policy;
    policy.percentile = PercentileMethod::interpolated;
    const auto figures = run(period, timeline, policy, {}, samples);
    CHECK(figures.traffic.in_bps == 95.0);                            // h = 95 exactly
    CHECK(*figures.traffic.out_bps == Approx(190.1).epsilon(1e-12));  // h = 94.05
  }
}

TEST_CASE("a link activated mid-month is measured from its activation", "[unit][sla]") {
  auto zone = find_zone("UTC");
  auto period = month_period(date::year{2026} / 1, *zone, date::year{2026} / 1 / 16);
  REQUIRE(period);
  Policy policy;
  policy.credit.model = CreditModel::availability_days_of_rental;
  policy.credit.bands = default_availability_days_bands();
  policy.monthly_fee_cents = 3'100'000;  // 31,000.00: a day is 1,000.00 in a 31-day month
  const auto start = utc(2026, 1, 20);
  // 1 % of 16 days = 13,824 s: availability 99.0 % exactly -> 1 day.
  const auto figures =
      run(*period,
          up_except(period->range(), {{start, start + std::chrono::seconds{13'824}, State::down}}),
          policy);
  CHECK(figures.scheduled_s == 1'382'400);
  CHECK(figures.downtime_s == 13'824);
  CHECK(*figures.availability_pct == Approx(99.0));
  CHECK(figures.credit_days == 1.0);
  CHECK(figures.credit_cents == 100'000);
}

TEST_CASE("nothing scheduled leaves availability and credit null with a reason", "[unit][sla]") {
  auto zone = find_zone("UTC");
  SECTION("activated after the month") {
    auto period = month_period(date::year{2026} / 1, *zone, date::year{2026} / 2 / 10);
    REQUIRE(period);
    const auto figures = run(*period, {});
    CHECK(figures.scheduled_s == 0);
    CHECK_FALSE(figures.availability_pct);
    CHECK_FALSE(figures.credit_pct);
    CHECK_FALSE(figures.credit_cents);
    CHECK_FALSE(figures.budget);
    CHECK(figures.null_reason == "the link was activated on 2026-02-10, after this period");
  }
  SECTION("everything excluded") {
    const Period period = period_of(2026, 1, "UTC");
    Policy policy;
    policy.excluded_time = ExcludedTime::removed;
    const std::vector<TimeRange> maintenance{{utc(2025, 12, 1), utc(2026, 3, 1)}};
    const auto figures = run(period, {}, policy, maintenance);
    CHECK(figures.scheduled_s == 0);
    CHECK(figures.excluded_s == 2'678'400);
    CHECK_FALSE(figures.availability_pct);
    CHECK(figures.null_reason == "all of this period's time is excluded");
    CHECK_FALSE(figures.breach.availability);
  }
  SECTION("all unknown under unknown = excluded") {
    const Period period = period_of(2026, 1, "UTC");
    Policy policy;
    policy.unknown = UnknownPolicy::excluded;
    const auto figures = run(period, {}, policy);
    CHECK(figures.unknown_s == 2'678'400);
    CHECK_FALSE(figures.availability_pct);
  }
  SECTION("the period has not started") {
    const Period period = period_of(2026, 1, "UTC");
    const auto figures = run(period, {}, {}, {}, {}, {}, utc(2025, 12, 20));
    CHECK(figures.period_s == 0);
    CHECK(figures.null_reason == "the period has not started");
    REQUIRE(figures.budget);
    CHECK(figures.budget->allowed_s == Approx(13'392));
  }
}

TEST_CASE("the error budget is measured to now and forecast at the pace so far", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto now = utc(2026, 4, 11);  // 10 of 30 days
  const std::vector<Interval> timeline{
      {utc(2026, 4, 1), utc(2026, 4, 5), State::up},
      {utc(2026, 4, 5), utc(2026, 4, 5, 1), State::down},
      {utc(2026, 4, 5, 1), now + std::chrono::seconds{30}, State::up}};
  Policy policy;
  policy.unknown = UnknownPolicy::down;  // the future must not count as unknown
  const auto figures = run(period, timeline, policy, {}, {}, {}, now);
  CHECK(figures.period_s == 864'000);
  CHECK(figures.scheduled_s == 864'000);
  CHECK(figures.downtime_s == 3'600);
  REQUIRE(figures.budget);
  CHECK(figures.budget->full_scheduled_s == 2'592'000);
  CHECK(figures.budget->allowed_s == Approx(12'960));
  CHECK(figures.budget->left_s == Approx(9'360));
  CHECK(figures.budget->left_min() == Approx(156));
  CHECK(figures.budget->forecast_downtime_s == Approx(10'800));
  CHECK(figures.budget->forecast_left_s == Approx(2'160));
  CHECK_FALSE(figures.budget->forecast_breach);
}

TEST_CASE("bad input is an error, not a wrong figure", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const std::vector<Interval> overlapping{{utc(2026, 4, 1), utc(2026, 4, 3), State::up},
                                          {utc(2026, 4, 2), utc(2026, 4, 4), State::down}};
  CHECK_FALSE(calculate(period, overlapping, {}, SampleSummary{}, {}, Policy{}));
  const std::vector<Observation> unordered{sample(utc(2026, 4, 3), State::up, 1.0),
                                           sample(utc(2026, 4, 2), State::up, 1.0)};
  CHECK_FALSE(calculate(period, {}, {}, unordered, {}, Policy{}));
  Policy bad;
  bad.merge_gap_s = -1;
  CHECK_FALSE(calculate(period, {}, {}, SampleSummary{}, {}, bad));
}

TEST_CASE("business hours in New York keep local hours across the DST change", "[unit][sla]") {
  const Period period = period_of(2026, 3, "America/New_York");  // 1 March 2026 is a Sunday
  Policy policy;
  BusinessHours hours;
  hours.start = std::chrono::hours{9};
  hours.end = std::chrono::hours{17};
  policy.business_hours = hours;
  // Monday 9 March (first weekday in EDT), 09:00-10:00 local = 13:00-14:00 UTC, is down.
  const auto figures = run(
      period, up_except(period.range(), {{utc(2026, 3, 9, 12), utc(2026, 3, 9, 14), State::down}}),
      policy);
  CHECK(figures.hours_s == 22 * 8 * 3600);  // 22 weekdays x 8 h
  CHECK(figures.downtime_s == 3600);        // 08:00-09:00 local is off hours
  REQUIRE(figures.outages.size() == 1);
  CHECK(figures.outages[0].start == utc(2026, 3, 9, 13));
}

TEST_CASE("the annotation that overlaps an outage most gives its cause", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto timeline =
      up_except(period.range(), {{utc(2026, 4, 3, 10), utc(2026, 4, 3, 12), State::down}});
  const std::vector<Annotation> annotations{
      {utc(2026, 4, 3, 9), utc(2026, 4, 3, 10, 30), Cause::customer, "LAN switch"},
      {utc(2026, 4, 3, 10, 30), utc(2026, 4, 3, 13), Cause::power, "site power"},
      {utc(2026, 4, 4), utc(2026, 4, 5), Cause::customer, "overlaps nothing"}};
  const auto figures = run(period, timeline, {}, {}, {}, annotations);
  REQUIRE(figures.outages.size() == 1);
  CHECK(figures.outages[0].cause == Cause::power);  // 90 min of overlap against 30
  CHECK(figures.outages[0].note == "site power");
  CHECK(figures.downtime_s == 0);
  CHECK(figures.excused_s == 7200);
  CHECK(figures.outage_count == 0);
  CHECK_FALSE(figures.mttr_s);
  CHECK(*figures.availability_pct == 100.0);
}

TEST_CASE("unknown under policy down is listed as monitoring downtime", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const auto timeline =
      up_except(period.range(), {{utc(2026, 4, 3, 10), utc(2026, 4, 3, 11), State::unknown}});
  Policy policy;
  policy.unknown = UnknownPolicy::down;
  const auto figures = run(period, timeline, policy);
  REQUIRE(figures.outages.size() == 1);
  CHECK(figures.outages[0].cause == Cause::monitoring);
  CHECK(figures.outages[0].is_downtime);
  CHECK_FALSE(figures.outages[0].counted);
  CHECK(figures.downtime_s == 3600);
  CHECK(figures.outage_count == 0);
}

TEST_CASE("without a credit model the credit is zero, not null", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  Policy policy;
  policy.credit.model = CreditModel::none;
  policy.monthly_fee_cents = 1'000'000;
  const auto figures = run(
      period, up_except(period.range(), {{utc(2026, 4, 3), utc(2026, 4, 4), State::down}}), policy);
  CHECK(figures.breach.availability);
  CHECK(figures.credit_pct == 0.0);
  CHECK(figures.credit_cents == 0);
}

TEST_CASE("empty timeline intervals are ignored wherever they are", "[unit][sla]") {
  const Period period = period_of(2026, 4, "UTC");
  const std::vector<Interval> timeline{
      {utc(2026, 4, 1), utc(2026, 4, 2), State::up},
      {utc(2026, 4, 3), utc(2026, 4, 2, 12), State::down},  // inverted: empty
      {utc(2026, 4, 2), utc(2026, 4, 2), State::down},      // empty
      {utc(2026, 4, 2), utc(2026, 5, 1), State::up}};
  const auto figures = run(period, timeline);
  CHECK(figures.up_s == 30 * 86400);
  CHECK(figures.unknown_s == 0);
  CHECK(figures.downtime_s == 0);
}
