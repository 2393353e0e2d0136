// Randomised property checks (fixed seeds) of the month figures against a per-minute brute force.
#include "sla/calculate.hpp"

#include "sla_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using namespace ill::sla;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

struct Scenario {
  Period period;
  std::vector<Interval> timeline;
  std::vector<TimeRange> maintenance;
  std::vector<Observation> samples;
  std::vector<Annotation> annotations;
  Policy policy;
  std::optional<sys_seconds> now;
};

// Everything on whole minutes, so a per-minute walk is exact.
Scenario random_scenario(std::mt19937_64& random, bool with_annotations) {
  static const char* const zones[] = {"UTC", "America/New_York", "Asia/Kolkata", "Europe/London",
                                      "Australia/Lord_Howe"};
  auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>{low, high}(random);
  };
  Scenario s;
  auto zone = find_zone(zones[uniform(0, 4)]);
  REQUIRE(zone);
  std::optional<date::year_month_day> activation;
  const date::year_month month = date::year{2026} / static_cast<unsigned>(uniform(1, 12));
  if (uniform(0, 4) == 0) {
    activation = date::year_month_day{date::sys_days{month / 1} + date::days{uniform(-5, 35)}};
  }
  auto period = month_period(month, *zone, activation);
  REQUIRE(period);
  s.period = *period;
  const auto base = s.period.month_range.from - minutes{uniform(0, 3000)};
  const auto limit = s.period.month_range.to + minutes{uniform(0, 3000)};

  // Timeline: runs of random length and state, with holes.
  auto t = base;
  while (t < limit) {
    const auto length = minutes{uniform(0, 9) < 7 ? uniform(1, 30) : uniform(30, 4000)};
    const auto pick = uniform(0, 99);
    if (pick < 8) {  // a hole
      t += length;
      continue;
    }
    const State state = pick < 60 ? State::up : pick < 85 ? State::down : State::unknown;
    s.timeline.push_back({t, t + length, state});
    t += length;
  }
  for (int i = 0, n = static_cast<int>(uniform(0, 5)); i < n; ++i) {
    const auto from = base + minutes{uniform(0, 50'000)};
    s.maintenance.push_back({from, from + minutes{uniform(1, 900)}});
  }
  if (with_annotations) {
    const Cause causes[] = {Cause::provider, Cause::customer, Cause::planned, Cause::power,
                            Cause::monitoring};
    for (int i = 0, n = static_cast<int>(uniform(0, 6)); i < n; ++i) {
      const auto from = base + minutes{uniform(0, 50'000)};
      s.annotations.push_back(
          {from, from + minutes{uniform(1, 3000)}, causes[uniform(0, 4)], "note"});
    }
  }
  // Samples every 1-7 minutes.
  for (auto at = base; at < limit; at += minutes{uniform(1, 7)}) {
    Observation o;
    o.t = at;
    o.state = uniform(0, 9) < 8 ? State::up : State::down;
    if (uniform(0, 9) < 8) o.latency_ms = static_cast<double>(uniform(1, 200));
    if (uniform(0, 9) < 8) o.loss_pct = static_cast<double>(uniform(0, 5));
    if (uniform(0, 9) < 9) o.rx_bps = static_cast<double>(uniform(0, 1'000'000));
    if (uniform(0, 9) < 9) o.tx_bps = static_cast<double>(uniform(0, 1'000'000));
    s.samples.push_back(o);
  }

  Policy& p = s.policy;
  p.excluded_time = uniform(0, 1) ? ExcludedTime::removed : ExcludedTime::available;
  p.unknown = static_cast<UnknownPolicy>(uniform(0, 2));
  p.merge_gap_s = uniform(0, 2) == 0 ? 0 : uniform(0, 180) * 60;
  p.min_outage_s = uniform(0, 2) == 0 ? 0 : uniform(0, 60) * 60;
  p.percentile = uniform(0, 1) ? PercentileMethod::interpolated : PercentileMethod::nearest_rank;
  if (uniform(0, 3) == 0) {
    BusinessHours hours;
    for (auto& day : hours.weekdays) day = uniform(0, 1) == 1;
    // Away from the 00:00-03:00 DST changes (see policy.hpp on ambiguous local times).
    hours.start = minutes{uniform(4 * 60, 12 * 60)};
    hours.end = hours.start + minutes{uniform(1, 24 * 60 - hours.start.count())};
    p.business_hours = hours;
  }
  p.commitments.uptime_pct = std::vector<double>{99.0, 99.5, 99.9, 99.99}[uniform(0, 3)];
  p.credit.model = static_cast<CreditModel>(uniform(0, 4));
  if (p.credit.model == CreditModel::availability_days_of_rental) {
    p.credit.bands = default_availability_days_bands();
  } else if (p.credit.model == CreditModel::outage_length_pct_of_fee) {
    p.credit.bands = default_outage_length_bands();
  }
  p.monthly_fee_cents = uniform(0, 10'000'000);
  if (uniform(0, 3) == 0) {
    s.now = s.period.month_range.from + minutes{uniform(-100, 46'000)};
  }
  return s;
}

MonthFigures calc(const Scenario& s) {
  auto figures =
      calculate(s.period, s.timeline, s.maintenance, s.samples, s.annotations, s.policy, s.now);
  REQUIRE(figures);
  return *figures;
}

// What one minute of the measured period is.
enum class Minute { off_hours, maintenance, up, down, unknown };

std::vector<Minute> classify(const Scenario& s, TimeRange measured) {
  std::vector<Minute> minutes_of;
  const auto* zone = s.period.zone;
  for (auto m = measured.from; m < measured.to; m += minutes{1}) {
    if (s.policy.business_hours) {
      const auto local = zone->to_local(m);
      const auto day = date::floor<date::days>(local);
      const auto time_of_day = std::chrono::duration_cast<minutes>(local - day);
      const auto& hours = *s.policy.business_hours;
      if (!hours.weekdays[date::weekday{day}.c_encoding()] || time_of_day < hours.start ||
          time_of_day >= hours.end) {
        minutes_of.push_back(Minute::off_hours);
        continue;
      }
    }
    bool in_maintenance = false;
    for (const TimeRange& window : s.maintenance) {
      in_maintenance = in_maintenance || (window.from <= m && m < window.to);
    }
    if (in_maintenance) {
      minutes_of.push_back(Minute::maintenance);
      continue;
    }
    State state = State::unknown;
    auto found = std::upper_bound(s.timeline.begin(), s.timeline.end(), m,
                                  [](sys_seconds at, const Interval& i) { return at < i.from; });
    if (found != s.timeline.begin() && std::prev(found)->to > m) {
      state = std::prev(found)->state;
    }
    minutes_of.push_back(state == State::up     ? Minute::up
                         : state == State::down ? Minute::down
                                                : Minute::unknown);
  }
  return minutes_of;
}

}  // namespace

TEST_CASE("month figures match a per-minute brute force", "[unit][sla]") {
  std::mt19937_64 random{424242};
  for (int round = 0; round < 120; ++round) {
    const Scenario s = random_scenario(random, false);
    const MonthFigures f = calc(s);
    INFO("round " << round);
    const auto minutes_of = classify(s, f.measured);
    std::int64_t hours = 0, excluded = 0, up = 0, down = 0, unknown = 0;
    // Outages from runs of down minutes, merged over all-up gaps of at most merge_gap_s.
    struct Run {
      std::int64_t start, end, down;
    };
    std::vector<Run> runs;
    bool in_run = false;
    bool gap_clean = false;
    for (std::size_t i = 0; i < minutes_of.size(); ++i) {
      const auto kind = minutes_of[i];
      const auto at = static_cast<std::int64_t>(i) * 60;
      hours += kind != Minute::off_hours ? 60 : 0;
      excluded += kind == Minute::maintenance ? 60 : 0;
      up += kind == Minute::up ? 60 : 0;
      unknown += kind == Minute::unknown ? 60 : 0;
      if (kind == Minute::down) {
        down += 60;
        if (in_run) {
          runs.back().end = at + 60;
          runs.back().down += 60;
        } else if (!runs.empty() && gap_clean && at - runs.back().end <= s.policy.merge_gap_s) {
          runs.back().end = at + 60;
          runs.back().down += 60;
        } else {
          runs.push_back({at, at + 60, 60});
        }
        in_run = true;
        gap_clean = true;
      } else {
        in_run = false;
        gap_clean = gap_clean && kind == Minute::up;
      }
    }
    CHECK(f.hours_s == hours);
    CHECK(f.excluded_s == excluded);
    CHECK(f.up_s == up);
    CHECK(f.unknown_s == unknown);
    const bool unknown_down = s.policy.unknown == UnknownPolicy::down;
    CHECK(f.downtime_s == down + (unknown_down ? unknown : 0));
    CHECK(f.excused_s == 0);
    std::vector<Outage> proper;
    for (const Outage& o : f.outages) {
      if (o.cause == Cause::provider) proper.push_back(o);
    }
    REQUIRE(proper.size() == runs.size());
    std::int64_t counted = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      CHECK((proper[i].start - f.measured.from).count() == runs[i].start);
      CHECK((proper[i].end - f.measured.from).count() == runs[i].end);
      CHECK(proper[i].down_s == runs[i].down);
      counted += runs[i].end - runs[i].start >= s.policy.min_outage_s ? 1 : 0;
    }
    CHECK(f.outage_count == counted);
  }
}

TEST_CASE("month figures obey the time identity under every policy", "[unit][sla]") {
  std::mt19937_64 random{20280229};
  for (int round = 0; round < 300; ++round) {
    const Scenario s = random_scenario(random, true);
    const MonthFigures f = calc(s);
    INFO("round " << round);
    const Policy& p = s.policy;
    const bool removed = p.excluded_time == ExcludedTime::removed;
    std::int64_t all_down = 0, counted_down = 0, excused = 0;
    for (const Outage& o : f.outages) {
      if (o.cause == Cause::monitoring && !o.annotated) continue;
      if (o.cause == Cause::planned && !o.annotated) continue;
      all_down += o.down_s;
      (o.is_downtime ? counted_down : excused) += o.down_s;
      CHECK(o.is_downtime == p.counts(o.cause));
      CHECK(o.counted == (o.is_downtime && o.duration_s >= p.min_outage_s));
    }
    CHECK(f.excused_s == excused);
    CHECK(f.hours_s == f.excluded_s + f.up_s + all_down + f.unknown_s);
    CHECK(f.downtime_s == counted_down + (p.unknown == UnknownPolicy::down ? f.unknown_s : 0));
    CHECK(f.scheduled_s == f.hours_s - (removed ? f.excluded_s + f.excused_s : 0) -
                               (p.unknown == UnknownPolicy::excluded ? f.unknown_s : 0));
    // What is scheduled and not down is up, or counted as available.
    CHECK(f.scheduled_s - f.downtime_s ==
          f.up_s + (removed ? 0 : f.excluded_s + f.excused_s) +
              (p.unknown == UnknownPolicy::not_down ? f.unknown_s : 0));
    CHECK(f.period_s == f.measured.length_s());
    CHECK(f.hours_s <= f.period_s);
    CHECK(f.availability_pct.has_value() == (f.scheduled_s > 0));
    CHECK(f.credit_pct.has_value() == (f.scheduled_s > 0));
    CHECK(f.null_reason.empty() == (f.scheduled_s > 0));
    if (f.availability_pct) {
      CHECK(*f.availability_pct >= 0.0);
      CHECK(*f.availability_pct <= 100.0);
      CHECK(*f.credit_pct >= 0.0);
      CHECK(*f.credit_pct <= 100.0);
    }
    CHECK(std::is_sorted(f.outages.begin(), f.outages.end(),
                         [](const Outage& a, const Outage& b) { return a.start < b.start; }));
    // Calculating twice gives the same figures.
    CHECK(calc(s) == f);
  }
}

TEST_CASE("latency, loss and traffic match a direct computation", "[unit][sla]") {
  std::mt19937_64 random{95};
  for (int round = 0; round < 60; ++round) {
    Scenario s = random_scenario(random, false);
    s.policy.business_hours.reset();
    s.policy.percentile = PercentileMethod::nearest_rank;
    const MonthFigures f = calc(s);
    INFO("round " << round);
    std::vector<double> latencies;
    double loss_sum = 0;
    std::size_t loss_n = 0;
    std::map<std::int64_t, std::pair<double, int>> in_slots;
    for (const Observation& o : s.samples) {
      if (o.t < f.measured.from || o.t >= f.measured.to) continue;
      if (o.rx_bps) {
        auto& slot = in_slots[o.t.time_since_epoch().count() / 300];
        slot.first += *o.rx_bps;
        slot.second += 1;
      }
      if (o.state != State::up) continue;
      if (o.latency_ms) latencies.push_back(*o.latency_ms);
      if (o.loss_pct) {
        loss_sum += *o.loss_pct;
        ++loss_n;
      }
    }
    REQUIRE(f.latency_n == latencies.size());
    if (!latencies.empty()) {
      double sum = 0;
      for (double v : latencies) sum += v;
      CHECK(*f.latency_avg_ms == Approx(sum / static_cast<double>(latencies.size())));
      std::sort(latencies.begin(), latencies.end());
      const auto rank =
          static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(latencies.size()) - 1e-9));
      CHECK(*f.latency_p95_ms == latencies[rank - 1]);
    }
    CHECK(f.loss_n == loss_n);
    if (loss_n > 0) CHECK(*f.loss_avg_pct == Approx(loss_sum / static_cast<double>(loss_n)));
    std::vector<double> rates;
    for (const auto& [slot, value] : in_slots) rates.push_back(value.first / value.second);
    REQUIRE(f.traffic.in_slots == rates.size());
    if (!rates.empty()) {
      std::sort(rates.begin(), rates.end());
      const auto rank =
          static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(rates.size()) - 1e-9));
      CHECK(*f.traffic.in_bps == rates[rank - 1]);
    }
  }
}
