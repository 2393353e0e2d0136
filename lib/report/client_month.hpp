// A client's month as a report shows it: per link, the stored figures (exactly what
// `illctl sla show --json` prints), the stored policy, and what the charts draw.
//
// Decisions:
// - The figures are the stored sla_reports row of each link and month. A link without a row
//   for that month has its figures calculated and stored first (figures::calculate_and_store,
//   as `illctl sla calculate` would), so the report and `sla show` never disagree.
// - The month ("YYYY-MM", "last", "this") is resolved in the client's zone.
// - Links are grouped by client, clients by name, links by name within a client.
// - A month that has not started in a link's client's zone is an error (nothing to report).
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "report/chart.hpp"
#include "report/series.hpp"
#include "sla/period.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/maintenance_repository.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::report {

// Which links a report covers.
struct Scope {
  std::optional<std::string> link;    // a link's name or id
  std::optional<std::string> client;  // a client's name or id
  // Neither: every link.
};
Result<std::vector<store::Link>> links_in(store::Database& db, const Scope& scope);

struct LinkMonthData {
  store::Link link;
  sla::Period period;
  nlohmann::json figures;  // the stored row's figures
  nlohmann::json policy;   // the stored row's policy
  std::chrono::sys_seconds computed_at;
  // For the charts (empty when charts are not wanted).
  std::vector<StateSpan> spans;
  Series series;
  std::vector<store::MaintenanceWindow> maintenance;
};

struct ClientMonth {
  store::Client client;
  const date::time_zone* zone = nullptr;
  std::string month;  // YYYY-MM
  std::vector<LinkMonthData> links;
  std::chrono::sys_seconds computed_at() const;  // the latest of its links'
};

struct LoadOptions {
  bool charts = true;  // read the series and spans too
};

// The months of `links` (any clients), one ClientMonth per client.
Result<std::vector<ClientMonth>> load_client_months(store::Database& db,
                                                    const std::vector<store::Link>& links,
                                                    std::string_view month,
                                                    std::chrono::sys_seconds now,
                                                    const config::SlaSettings& defaults,
                                                    const LoadOptions& options = {});

}  // namespace ill::report
