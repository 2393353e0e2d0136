#include "report/client_month.hpp"

#include "figures/month_report.hpp"
#include "store/database.hpp"
#include "store/sla_report_repository.hpp"

#include <algorithm>
#include <map>

namespace ill::report {
namespace {

using json = nlohmann::json;

}  // namespace

Result<std::vector<store::Link>> links_in(store::Database& db, const Scope& scope) {
  store::LinkRepository links(db);
  if (scope.link) {
    auto link = links.resolve(*scope.link);
    if (!link) return fail(link.error());
    return std::vector<store::Link>{*link};
  }
  store::LinkFilter filter;
  if (scope.client) {
    auto client = store::ClientRepository(db).resolve(*scope.client);
    if (!client) return fail(client.error());
    filter.client_id = client->id;
  }
  auto all = links.list(filter);
  if (!all) return fail(all.error());
  if (all->empty() && scope.client)
    return fail(Errc::not_found, "client {} has no links", *scope.client);
  return all;
}

std::chrono::sys_seconds ClientMonth::computed_at() const {
  std::chrono::sys_seconds latest{};
  for (const auto& l : links) latest = std::max(latest, l.computed_at);
  return latest;
}

Result<std::vector<ClientMonth>> load_client_months(
    store::Database& db, const std::vector<store::Link>& links, std::string_view month,
    std::chrono::sys_seconds now, const config::SlaSettings& defaults, const LoadOptions& options) {
  store::SlaReportRepository reports(db);
  store::ClientRepository clients(db);
  // Figures first: calculate and store the rows that are missing, all in one go.
  std::vector<store::Link> missing;
  std::map<std::int64_t, figures::LinkMonth> months;
  for (const auto& link : links) {
    auto zone = figures::zone_of(db, link);
    if (!zone) return fail(zone.error());
    auto lm = figures::link_month(link, *zone, month, now);
    if (!lm) return fail(lm.error());
    if (lm->period.month_range.from > now)
      return fail(Errc::not_found, "month {} has not begun yet in {} (link {})", lm->month,
                  (*zone)->name(), link.name);
    auto row = reports.get(link.id, lm->month);
    if (!row) return fail(row.error());
    if (!*row) missing.push_back(link);
    months.emplace(link.id, std::move(*lm));
  }
  if (!missing.empty()) {
    figures::FleetOptions fleet;
    fleet.threads = 1;
    auto stored = figures::calculate_and_store(db, missing, month, now, defaults, fleet);
    if (!stored) return fail(stored.error());
  }

  std::map<std::string, ClientMonth> by_client;  // by name
  for (const auto& link : links) {
    const auto& lm = months.at(link.id);
    auto row = reports.get(link.id, lm.month);
    if (!row) return fail(row.error());
    if (!*row)
      return fail(Errc::internal, "link {}: no stored figures for {} after calculating them",
                  link.name, lm.month);
    LinkMonthData data;
    data.link = link;
    data.period = lm.period;
    data.figures = json::parse((*row)->figures, nullptr, false);
    data.policy = json::parse((*row)->policy, nullptr, false);
    if (data.figures.is_discarded() || data.policy.is_discarded())
      return fail(Errc::database, "sla report of link {} for {} is not JSON", link.name, lm.month);
    data.computed_at = (*row)->computed_at;
    if (options.charts) {
      const sla::TimeRange range = lm.period.month_range;
      auto spans = read_state_spans(db, link.id, range);
      if (!spans) return fail(spans.error());
      data.spans = std::move(*spans);
      auto series = read_series(db, link.id, range);
      if (!series) return fail(series.error());
      data.series = std::move(*series);
      auto windows = store::MaintenanceRepository(db).for_link(link.id, range);
      if (!windows) return fail(windows.error());
      data.maintenance = std::move(*windows);
    }
    auto it = by_client.find(link.client_name);
    if (it == by_client.end()) {
      auto client = clients.get(link.client_id);
      if (!client) return fail(client.error());
      ClientMonth cm;
      cm.client = *client;
      cm.zone = lm.period.zone;
      cm.month = lm.month;
      it = by_client.emplace(link.client_name, std::move(cm)).first;
    }
    it->second.links.push_back(std::move(data));
  }
  std::vector<ClientMonth> out;
  out.reserve(by_client.size());
  for (auto& [name, cm] : by_client) {
    std::sort(cm.links.begin(), cm.links.end(),
              [](const auto& a, const auto& b) { return a.link.name < b.link.name; });
    out.push_back(std::move(cm));
  }
  return out;
}

}  // namespace ill::report
