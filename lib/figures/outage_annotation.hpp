// `illctl outage annotate`: set the cause of one outage, and keep the stored figures of its month
// true to it.
//
// Decision: an annotation changes the month's figures (downtime, availability, credit), so the
// stored sla_reports row of that month, when there is one, is recalculated at once, in the same
// transaction as the annotation and its audit entry: a stored report is never stale with respect
// to causes, and `sla show` needs no "stale" state. The row is recalculated with the policy
// stored in it and up to the end it measured (its measured_to), so the annotation is the only
// thing that changes; its computed_at becomes now. A month with no stored row is left alone
// (`sla calculate` computes it when asked).
//
// The outage is looked up, as `outage list` shows it, in the figures of the month (in the
// client's zone) that contains `start`: an unannotated `provider` outage, or an annotated one,
// starting exactly there. An outage that crosses the end of a month appears in each month, clipped;
// each part is annotated on its own.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "sla/outage.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/outage_repository.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ill::figures {

struct AnnotateRequest {
  std::chrono::sys_seconds start_t;
  sla::Cause cause = sla::Cause::provider;
  std::string note;
  std::string changed_by;
};

struct StoredChange {
  std::optional<double> availability_pct;
  std::int64_t downtime_s = 0;
  std::optional<double> credit_pct;
};

struct AnnotateResult {
  store::OutageAnnotation annotation;
  std::string month;  // YYYY-MM of the outage, in the client's zone
  // When the month had stored figures: them before and after.
  std::optional<StoredChange> before;
  std::optional<StoredChange> after;
};

Result<AnnotateResult> annotate_outage(store::Database& db, const store::Link& link,
                                       const AnnotateRequest& request, std::chrono::sys_seconds now,
                                       const config::SlaSettings& defaults);

}  // namespace ill::figures
