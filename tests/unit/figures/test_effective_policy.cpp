// A link's effective policy: defaults, then the config's [sla], then the link; and the policy JSON
// stored in sla_reports, which reads back as the same policy.
#include "figures/effective_policy.hpp"

#include <catch2/catch.hpp>

using namespace ill;

namespace {

store::Link link_with(store::SlaPolicyOverrides overrides) {
  store::Link l;
  l.name = "acme-1";
  l.committed_uptime_pct = 99.9;
  l.committed_latency_ms = 45;
  l.committed_loss_pct = 0.5;
  l.monthly_fee = 1234.56;
  l.currency = "INR";
  l.sla = std::move(overrides);
  return l;
}

}  // namespace

TEST_CASE("the config's [sla] sits between the defaults and the link's overrides",
          "[unit][figures]") {
  config::SlaSettings defaults;
  defaults.unknown = "down";
  defaults.merge_gap_s = 120;
  defaults.counted_causes = "provider, power";
  store::SlaPolicyOverrides overrides;
  overrides.merge_gap_s = 60;
  overrides.credit = R"({"model": "outage_length_pct_of_fee", "cap_pct": 50})";
  overrides.business_hours = R"({"weekdays": [1, 2, 3], "start": "08:30", "end": "24:00"})";
  auto p = figures::effective_policy(link_with(overrides), defaults);
  REQUIRE(p);
  CHECK(p->unknown == sla::UnknownPolicy::down);
  CHECK(p->merge_gap_s == 60);
  CHECK(p->counts(sla::Cause::power));
  CHECK_FALSE(p->counts(sla::Cause::customer));
  CHECK(p->commitments.uptime_pct == 99.9);
  CHECK(p->monthly_fee_cents == 123'456);
  CHECK(p->credit.model == sla::CreditModel::outage_length_pct_of_fee);
  CHECK(p->credit.bands.size() == sla::default_outage_length_bands().size());
  CHECK(p->credit.cap_pct == 50);
  REQUIRE(p->business_hours);
  CHECK(p->business_hours->start == std::chrono::minutes{510});
  CHECK(p->business_hours->end == std::chrono::minutes{1440});
  CHECK(p->business_hours->weekdays ==
        std::array<bool, 7>{false, true, true, true, false, false, false});

  store::SlaPolicyOverrides bad;
  bad.percentile = "median";
  auto refused = figures::effective_policy(link_with(bad), defaults);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message(), Catch::Contains("acme-1") && Catch::Contains("median"));
}

TEST_CASE("the stored policy JSON reads back as the same policy", "[unit][figures]") {
  store::SlaPolicyOverrides overrides;
  overrides.excluded_time = "removed";
  overrides.percentile = "interpolated";
  overrides.min_outage_s = 300;
  overrides.counted_causes = "provider,customer";
  overrides.credit =
      R"({"model": "availability_days_of_rental", "bands": [{"at_least": 99, "value": 1}]})";
  overrides.business_hours = R"({"start": "09:07"})";
  auto p = figures::effective_policy(link_with(overrides), config::SlaSettings{});
  REQUIRE(p);
  const auto text = figures::policy_json(*p).dump();
  auto back = figures::policy_from_json(nlohmann::json::parse(text));
  REQUIRE(back);
  CHECK(figures::policy_json(*back) == figures::policy_json(*p));
  CHECK(back->excluded_time == p->excluded_time);
  CHECK(back->percentile == p->percentile);
  CHECK(back->min_outage_s == 300);
  CHECK(back->cause_counts == p->cause_counts);
  CHECK(back->monthly_fee_cents == p->monthly_fee_cents);
  CHECK(back->business_hours->start == std::chrono::minutes{547});
  CHECK(back->credit.bands.size() == 1);

  auto broken = nlohmann::json::parse(text);
  broken.erase("unknown");
  CHECK_FALSE(figures::policy_from_json(broken));
}
