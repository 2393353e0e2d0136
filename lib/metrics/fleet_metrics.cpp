#include "metrics/fleet_metrics.hpp"

#include <array>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace ill::metrics {
namespace {

// The values of the enum-style families: each series carries one value as a label and is 1 for
// the current one, 0 for the others, so every state is a series that exists whether or not it
// holds (and `sum by (state)` counts links per state).
constexpr std::array<std::string_view, 3> k_link_states = {"up", "down", "unknown"};
// As the store writes them (its CHECK constraint on routers.status).
constexpr std::array<std::string_view, 4> k_router_statuses = {"online", "unreachable",
                                                               "auth-failed", "unknown"};

std::string_view state_name(LinkState state) {
  switch (state) {
  case LinkState::up: return "up";
  case LinkState::down: return "down";
  case LinkState::unknown: return "unknown";
  }
  return "unknown";
}

template <class T>
std::optional<double> as_double(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

std::optional<double> scaled(const std::optional<double>& value, double factor) {
  if (!value) return std::nullopt;
  return *value * factor;
}

// One family over `rows`: a sample for each row whose value is known. A family with no sample
// at all is left out, HELP and TYPE included, so an empty fleet exposes no empty families.
template <class Row, class Labels, class Value>
void write_family(Exposition& out, std::string_view name, MetricType type, std::string_view help,
                  const std::vector<Row>& rows, Labels labels, Value value) {
  bool started = false;
  for (const auto& row : rows) {
    std::optional<double> v = value(row);
    if (!v) continue;
    if (!started) out.family(name, type, help);
    started = true;
    out.sample(labels(row), *v);
  }
}

// A router's label sets, written once per page rather than once per family.
struct RouterRow {
  const RouterFigures* r = nullptr;
  LabelSet router;    // illd's: router
  LabelSet resource;  // mktxp's labels of /system/resource figures, in mktxp's order
};

std::vector<RouterRow> router_rows(const std::vector<RouterFigures>& routers) {
  std::vector<RouterRow> rows;
  rows.reserve(routers.size());
  for (const auto& r : routers) {
    rows.push_back({&r, LabelSet{{"router", r.name}},
                    LabelSet{{"version", r.version},
                             {"board_name", r.board},
                             {"cpu", r.cpu},
                             {"architecture_name", r.architecture},
                             {"routerboard_name", r.name},
                             {"routerboard_address", r.address}}});
  }
  return rows;
}

const LabelSet& resource_labels(const RouterRow& row) { return row.resource; }
const LabelSet& router_labels(const RouterRow& row) { return row.router; }

// A link (or an interface, for mktxp's families) and its labels from the fleet's LinkLabelTable.
struct LinkRow {
  const LinkFigures* l = nullptr;
  LabelsRef labels;
};

LabelsRef row_labels(const LinkRow& row) { return row.labels; }

const LinkLabelTable& labels_of(const FleetSnapshot& fleet) {
  static const LinkLabelTable k_none{{}};
  const LinkLabelTable& labels = fleet.link_labels ? *fleet.link_labels : k_none;
  if (labels.size() != fleet.links.size())
    throw std::logic_error("render_fleet: " + std::to_string(fleet.links.size()) + " links but " +
                           std::to_string(labels.size()) + " label sets");
  return labels;
}

std::vector<LinkRow> link_rows(const FleetSnapshot& fleet, const LinkLabelTable& labels) {
  std::vector<LinkRow> rows;
  rows.reserve(fleet.links.size());
  for (std::size_t i = 0; i < fleet.links.size(); ++i)
    rows.push_back({&fleet.links[i], labels.link(i)});
  return rows;
}

std::vector<LinkRow> interface_rows(const FleetSnapshot& fleet, const LinkLabelTable& labels) {
  std::vector<LinkRow> rows;
  rows.reserve(labels.interface_count());
  for (std::size_t i = 0; i < labels.interface_count(); ++i)
    rows.push_back({&fleet.links[labels.interface_link(i)], labels.interface(i)});
  return rows;
}

void write_mktxp(const FleetSnapshot& fleet, const LinkLabelTable& labels,
                 const std::vector<RouterRow>& routers, Exposition& out) {
  write_family(
      out, "mktxp_system_identity_info", MetricType::gauge,
      "System identity of the router (always 1; mktxp-compatible).", routers,
      [](const RouterRow& row) {
        const RouterFigures& r = *row.r;
        return std::vector<Label>{
            {"name", r.identity}, {"routerboard_name", r.name}, {"routerboard_address", r.address}};
      },
      [](const RouterRow& row) -> std::optional<double> {
        if (row.r->identity.empty()) return std::nullopt;  // not logged in yet
        return 1.0;
      });
  write_family(out, "mktxp_system_uptime", MetricType::gauge,
               "Time interval since boot-up, in seconds (mktxp-compatible).", routers,
               resource_labels, [](const RouterRow& row) { return row.r->uptime_s; });
  write_family(out, "mktxp_system_free_memory", MetricType::gauge,
               "Unused amount of RAM, in bytes (mktxp-compatible).", routers, resource_labels,
               [](const RouterRow& row) { return as_double(row.r->free_memory_bytes); });
  write_family(out, "mktxp_system_total_memory", MetricType::gauge,
               "Amount of installed RAM, in bytes (mktxp-compatible).", routers, resource_labels,
               [](const RouterRow& row) { return as_double(row.r->total_memory_bytes); });
  write_family(out, "mktxp_system_cpu_load", MetricType::gauge,
               "Percentage of used CPU resources, 0..100 (mktxp-compatible).", routers,
               resource_labels, [](const RouterRow& row) { return row.r->cpu_load_pct; });

  // Each interface once (LinkLabelTable::interface).
  const std::vector<LinkRow> rows = interface_rows(fleet, labels);
  write_family(out, "mktxp_interface_rx_byte_total", MetricType::counter,
               "Number of received bytes, the router's interface counter (mktxp-compatible).", rows,
               row_labels, [](const LinkRow& row) { return as_double(row.l->rx_bytes); });
  write_family(out, "mktxp_interface_tx_byte_total", MetricType::counter,
               "Number of transmitted bytes, the router's interface counter (mktxp-compatible).",
               rows, row_labels, [](const LinkRow& row) { return as_double(row.l->tx_bytes); });
}

void write_routers(const std::vector<RouterRow>& routers, Exposition& out) {
  write_family(out, "illd_router_up", MetricType::gauge,
               "1 when the last poll of the router (or attempt to reach it) succeeded, else 0.",
               routers, router_labels,
               [](const RouterRow& row) -> std::optional<double> { return row.r->up ? 1 : 0; });
  if (!routers.empty()) {
    out.family("illd_router_status", MetricType::gauge,
               "1 for the router's current status, 0 for the others: online, unreachable, "
               "auth-failed, unknown.");
    for (const auto& row : routers) {
      const std::string& status_now = row.r->status;
      bool known = false;
      for (auto status : k_router_statuses) {
        known = known || status == status_now;
        out.sample(row.router, {"status", status}, status == status_now ? 1 : 0);
      }
      if (!known && !status_now.empty()) out.sample(row.router, {"status", status_now}, 1);
    }
  }
  write_family(out, "illd_router_poll_duration_seconds", MetricType::gauge,
               "How long the last poll of the router, or the last failed attempt, took; NaN "
               "before the first attempt.",
               routers, router_labels, [](const RouterRow& row) -> std::optional<double> {
                 return row.r->poll_duration_s.value_or(std::numeric_limits<double>::quiet_NaN());
               });
  write_family(out, "illd_router_polls_total", MetricType::counter,
               "Polls of the router attempted since illd started, failed ones included.", routers,
               router_labels, [](const RouterRow& row) -> std::optional<double> {
                 return static_cast<double>(row.r->polls_total);
               });
  write_family(out, "illd_router_poll_errors_total", MetricType::counter,
               "Polls of the router that failed since illd started (connect, login, command or "
               "timeout).",
               routers, router_labels, [](const RouterRow& row) -> std::optional<double> {
                 return static_cast<double>(row.r->poll_errors_total);
               });
  write_family(out, "illd_router_last_success_timestamp_seconds", MetricType::gauge,
               "When the router was last polled successfully, in seconds since the Unix epoch.",
               routers, router_labels,
               [](const RouterRow& row) { return as_double(row.r->last_poll); });
}

void write_links(const FleetSnapshot& fleet, const LinkLabelTable& labels, Exposition& out) {
  const std::vector<LinkRow> links = link_rows(fleet, labels);
  if (!links.empty()) {
    out.family("illd_link_state", MetricType::gauge,
               "1 for the link's current state, 0 for the others: up, down, unknown (illd could "
               "not see the link: router not polled yet or its last poll failed, or no sample "
               "for two intervals).");
    for (const auto& row : links) {
      for (auto state : k_link_states) {
        out.sample(row.labels, {"state", state}, state == state_name(row.l->state) ? 1 : 0);
      }
    }
  }
  write_family(out, "illd_link_up", MetricType::gauge,
               "1 when the link is up, 0 when it is down; absent while its state is unknown.",
               links, row_labels, [](const LinkRow& row) -> std::optional<double> {
                 if (row.l->state == LinkState::unknown) return std::nullopt;
                 return row.l->state == LinkState::up ? 1 : 0;
               });
  write_family(out, "illd_link_state_since_timestamp_seconds", MetricType::gauge,
               "When the link's current state began, in seconds since the Unix epoch.", links,
               row_labels, [](const LinkRow& row) { return as_double(row.l->state_since); });
  write_family(out, "illd_link_rx_bytes_per_second", MetricType::gauge,
               "Bytes per second received on the link's interface between the last two polls; "
               "absent after a counter reset or a first poll.",
               links, row_labels,
               [](const LinkRow& row) { return scaled(row.l->rx_bps, 1.0 / 8); });
  write_family(out, "illd_link_tx_bytes_per_second", MetricType::gauge,
               "Bytes per second transmitted on the link's interface between the last two polls; "
               "absent after a counter reset or a first poll.",
               links, row_labels,
               [](const LinkRow& row) { return scaled(row.l->tx_bps, 1.0 / 8); });
  write_family(out, "illd_link_rx_bytes_total", MetricType::counter,
               "Bytes received on the link's interface: the router's counter at the last poll.",
               links, row_labels, [](const LinkRow& row) { return as_double(row.l->rx_bytes); });
  write_family(out, "illd_link_tx_bytes_total", MetricType::counter,
               "Bytes transmitted on the link's interface: the router's counter at the last poll.",
               links, row_labels, [](const LinkRow& row) { return as_double(row.l->tx_bytes); });
  write_family(out, "illd_link_latency_seconds", MetricType::gauge,
               "Average round-trip time of the last poll's probes to the link's target.", links,
               row_labels, [](const LinkRow& row) { return scaled(row.l->latency_ms, 1e-3); });
  write_family(out, "illd_link_loss_ratio", MetricType::gauge,
               "Share of the last poll's probes to the link's target that were lost, 0..1.", links,
               row_labels, [](const LinkRow& row) { return scaled(row.l->loss_pct, 1e-2); });
}

void write_collector(const CollectorFigures& c, Exposition& out) {
  auto single = [&out](std::string_view name, MetricType type, std::string_view help,
                       double value) {
    out.family(name, type, help);
    out.sample({}, value);
  };
  single("illd_poll_interval_seconds", MetricType::gauge,
         "The configured interval between two polls of a router.", c.poll_interval_s);
  single("illd_cycle_lag_seconds", MetricType::gauge,
         "Largest delay of a poll's start behind its slot over the last interval.", c.cycle_lag_s);
  single("illd_write_queue_depth", MetricType::gauge, "Poll results waiting for the writer thread.",
         static_cast<double>(c.write_queue_depth));
  single("illd_write_batches_total", MetricType::counter,
         "Batches the writer committed, one transaction each.",
         static_cast<double>(c.batches_total));
  single("illd_write_samples_total", MetricType::counter, "Link samples the writer committed.",
         static_cast<double>(c.samples_total));
  single("illd_write_errors_total", MetricType::counter, "Batches the writer failed to commit.",
         static_cast<double>(c.write_errors_total));
  single("illd_write_dropped_total", MetricType::counter,
         "Poll results the writer gave up on: unwritable, queue overflow, or left at stop.",
         static_cast<double>(c.dropped_results_total));
  single("illd_write_last_batch_duration_seconds", MetricType::gauge,
         "How long the writer took to commit its last batch.", c.last_batch_duration_s);
}

}  // namespace

LinkLabelTable::LinkLabelTable(std::span<const LinkNames> links) {
  // About 100 bytes of labels a link, or an interface.
  m_links.reserve(links.size(), links.size() * 96);
  m_interfaces.reserve(links.size(), links.size() * 96);
  std::unordered_set<std::string> seen;  // interface label texts
  seen.reserve(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    const LinkNames& n = links[i];
    m_links.push_back(LabelSet{
        {"link", n.link}, {"client", n.client}, {"router", n.router}, {"interface", n.interface}});
    LabelSet port{{"name", n.interface},
                  {"routerboard_name", n.router},
                  {"routerboard_address", n.router_address}};
    if (!seen.insert(port.text()).second) continue;
    m_interfaces.push_back(port);
    m_interface_links.push_back(i);
  }
}

void FleetSnapshot::name_links(std::span<const LinkNames> names) {
  link_labels = std::make_shared<const LinkLabelTable>(names);
}

void render_fleet(const FleetSnapshot& snapshot, Exposition& out) {
  const LinkLabelTable& labels = labels_of(snapshot);
  const std::vector<RouterRow> routers = router_rows(snapshot.routers);
  write_mktxp(snapshot, labels, routers, out);
  write_routers(routers, out);
  write_links(snapshot, labels, out);
  write_collector(snapshot.collector, out);
  render_alerts(snapshot.alerts, out);
}

}  // namespace ill::metrics
