#include "sla/credit.hpp"

#include <catch2/catch.hpp>

using namespace ill::sla;

namespace {

constexpr std::int64_t k_30_days = 30 * 86400;  // 2,592,000 s
constexpr std::int64_t k_31_days = 31 * 86400;  // 2,678,400 s

Policy with_model(CreditModel model, std::vector<Band> bands, std::int64_t fee_cents) {
  Policy policy;
  policy.credit.model = model;
  policy.credit.bands = std::move(bands);
  policy.monthly_fee_cents = fee_cents;
  return policy;
}

}  // namespace

TEST_CASE("availability is compared exactly, not as a rounded double", "[unit][sla]") {
  // 99.5 % of 30 days allows 12,960 s (216 min) exactly.
  CHECK(availability_at_least(k_30_days, 12'960, 99.5));
  CHECK_FALSE(availability_at_least(k_30_days, 12'961, 99.5));
  // 99.5 % of 31 days allows 13,392 s (223.2 min).
  CHECK(availability_at_least(k_31_days, 13'392, 99.5));
  CHECK_FALSE(availability_at_least(k_31_days, 13'393, 99.5));
  CHECK(availability_at_least(k_30_days, 0, 100.0));
  CHECK_FALSE(availability_at_least(k_30_days, 1, 100.0));
}

TEST_CASE("model a pays percent of the fee at each availability band edge", "[unit][sla]") {
  // Bands: >= 99.99: 0; 99.5-99.99: 5 %; 99.0-99.5: 10 %; below 99.0: 20 %. Fee 100,000.00.
  const Policy policy = with_model(CreditModel::availability_pct_of_fee,
                                   default_availability_pct_bands(), 10'000'000);
  // 99.99 % of 2,500,000 s allows 250 s.
  CHECK(compute_credit(policy, 2'500'000, 250, 30).amount_cents == 0);
  CHECK(compute_credit(policy, 2'500'000, 251, 30).amount_cents == 500'000);
  CHECK(compute_credit(policy, 2'500'000, 251, 30).pct == 5.0);
  CHECK(compute_credit(policy, k_30_days, 12'960, 30).amount_cents == 500'000);    // 99.5 exactly
  CHECK(compute_credit(policy, k_30_days, 12'961, 30).amount_cents == 1'000'000);  // just below
  CHECK(compute_credit(policy, k_30_days, 25'920, 30).amount_cents == 1'000'000);  // 99.0 exactly
  CHECK(compute_credit(policy, k_30_days, 25'921, 30).amount_cents == 2'000'000);  // just below
  CHECK(compute_credit(policy, k_30_days, k_30_days, 30).amount_cents == 2'000'000);  // 0 %
}

TEST_CASE("model b pays days of rental at each availability band edge", "[unit][sla]") {
  // 99.0-99.5: 1 day; 98.5-99.0: 2; 97.5-98.5: 3; below 97.5: 4. 31-day month, fee 100,000.00:
  // a day is 10,000,000 / 31 = 322,580.645... cents.
  const Policy policy = with_model(CreditModel::availability_days_of_rental,
                                   default_availability_days_bands(), 10'000'000);
  auto cents = [&](std::int64_t downtime) {
    return compute_credit(policy, k_31_days, downtime, 31).amount_cents;
  };
  CHECK(cents(13'392) == 0);          // 99.5 % exactly
  CHECK(cents(13'393) == 322'581);    // 1 day
  CHECK(cents(26'784) == 322'581);    // 99.0 % exactly
  CHECK(cents(26'785) == 645'161);    // 2 days: 645,161.29
  CHECK(cents(40'176) == 645'161);    // 98.5 % exactly
  CHECK(cents(40'177) == 967'742);    // 3 days: 967,741.935
  CHECK(cents(66'960) == 967'742);    // 97.5 % exactly
  CHECK(cents(66'961) == 1'290'323);  // 4 days: 1,290,322.58
  const Credit one_day = compute_credit(policy, k_31_days, 13'393, 31);
  CHECK(one_day.days == 1.0);
  CHECK(one_day.pct == Approx(100.0 / 31).epsilon(1e-12));
}

TEST_CASE("model c pays percent of the fee at each outage length band edge", "[unit][sla]") {
  // 5-60 min: 5 %; 1-3 h: 15 %; 3-6 h: 35 %; 6 h or more: 50 %. Fee 10,000.00.
  const Policy policy =
      with_model(CreditModel::outage_length_pct_of_fee, default_outage_length_bands(), 1'000'000);
  auto pct = [&](std::int64_t downtime) {
    return compute_credit(policy, k_30_days, downtime, 30).pct;
  };
  CHECK(pct(0) == 0);
  CHECK(pct(299) == 0);
  CHECK(pct(300) == 5);
  CHECK(pct(3'599) == 5);
  CHECK(pct(3'600) == 15);
  CHECK(pct(10'799) == 15);
  CHECK(pct(10'800) == 35);
  CHECK(pct(21'599) == 35);
  CHECK(pct(21'600) == 50);
  CHECK(compute_credit(policy, k_30_days, 21'600, 30).amount_cents == 500'000);
}

TEST_CASE("model d pays a day per started hour, capped at the fee", "[unit][sla]") {
  // 30-day month, fee 30,000.00: a day is 1,000.00.
  Policy policy = with_model(CreditModel::days_per_started_hour, {}, 3'000'000);
  auto cents = [&](std::int64_t downtime) {
    return compute_credit(policy, k_30_days, downtime, 30).amount_cents;
  };
  CHECK(cents(0) == 0);
  CHECK(cents(1) == 100'000);
  CHECK(cents(3'600) == 100'000);
  CHECK(cents(3'601) == 200'000);
  CHECK(cents(30 * 3600) == 3'000'000);      // 30 started hours: the whole fee
  CHECK(cents(30 * 3600 + 1) == 3'000'000);  // 31 hours, capped at the fee
  CHECK(compute_credit(policy, k_30_days, 3'601, 30).days == 2.0);

  policy.credit.cap_pct = 50;
  CHECK(cents(20 * 3600) == 1'500'000);  // 20 days = 66.7 %, capped at 50 %
  CHECK(compute_credit(policy, k_30_days, 20 * 3600, 30).pct == 50.0);
}

TEST_CASE("the flat model is one band", "[unit][sla]") {
  // A fixed 2.5 % of the monthly rental below 99.5 %.
  const Policy policy =
      with_model(CreditModel::availability_pct_of_fee, {{99.5, 0}, {0, 2.5}}, 2'000'000);
  CHECK(compute_credit(policy, k_30_days, 12'960, 30).amount_cents == 0);
  CHECK(compute_credit(policy, k_30_days, 12'961, 30).amount_cents == 50'000);
}

TEST_CASE("credit amounts round to cents, halves away from zero", "[unit][sla]") {
  // 5 % (5,000,000 micro-percent of 100,000,000).
  CHECK(round_cents(100'010, 5'000'000, 100'000'000) == 5'001);  // 5,000.5 -> 5,001
  CHECK(round_cents(100'009, 5'000'000, 100'000'000) == 5'000);  // 5,000.45 -> 5,000
  CHECK(round_cents(10, 5'000'000, 100'000'000) == 1);           // 0.5 -> 1
  CHECK(round_cents(-100'010, 5'000'000, 100'000'000) == -5'001);
  CHECK(round_cents(100, 1, 3) == 33);
  CHECK(round_cents(200, 1, 3) == 67);

  const Policy policy = with_model(CreditModel::availability_pct_of_fee,
                                   default_availability_pct_bands(), 100'010);  // 1,000.10
  CHECK(compute_credit(policy, k_30_days, 12'960, 30).amount_cents == 5'001);   // 5 % = 50.005
}
