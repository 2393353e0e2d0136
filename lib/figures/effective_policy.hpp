// A link's effective SLA policy: sla::Policy's defaults, then the config's [sla] section
// (excluded_time, unknown, merge_gap_s, min_outage_s, percentile, counted_causes), then the link's
// commitments (uptime, latency, loss, fee, currency), then the link's own overrides (`link edit
// --sla-*`). And the policy as the JSON stored beside each month's figures in sla_reports.
//
// Override formats (link columns sla_credit and sla_business_hours): credit is {"model":
// "availability_pct_of_fee" | "availability_days_of_rental" | "outage_length_pct_of_fee" |
// "days_per_started_hour" | "none", "bands": [{"at_least": x, "value": y}, ...], "cap_pct": z},
// every key optional (a model without bands gets that model's example bands from sla.md); business
// hours are {"weekdays": [1, 2, 3, 4, 5] (0 = Sunday), "start": "09:00", "end": "18:00"}.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "sla/policy.hpp"
#include "store/link_repository.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace ill::figures {

Result<sla::Policy> effective_policy(const store::Link& link, const config::SlaSettings& defaults);

// The effective policy and where each of its top-level values came from: "link override",
// "link" (commitments, fee, currency), the config's origin of the [sla] key ("file
// /etc/ill/illd.conf:4", "environment ILL_...", "flag --..."), or "default".
struct ExplainedPolicy {
  sla::Policy policy;
  std::map<std::string, std::string> sources;  // keyed like policy_json()'s members
};
Result<ExplainedPolicy> explain_policy(const store::Link& link, const config::LoadedConfig& config);

// The policy as stored in sla_reports.policy, and back: policy_from_json(policy_json(p)) == p.
nlohmann::json policy_json(const sla::Policy& policy);
Result<sla::Policy> policy_from_json(const nlohmann::json& json);

// An outage cause by its name ("provider", "customer", "planned", "power", "monitoring").
Result<sla::Cause> parse_cause(std::string_view text);

}  // namespace ill::figures
