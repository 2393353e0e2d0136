// What illd knows of every router and link right now, as /metrics exposes it. The collector
// fills a FleetSnapshot after each batch; render_fleet() writes it in the text format.
//
// Names and labels follow mktxp where the figures overlap (mktxp_interface_rx_byte_total,
// mktxp_system_cpu_load, mktxp_system_identity_info; labels routerboard_name,
// routerboard_address, name), so Grafana dashboard 13679 works unchanged. ill's own families are
// illd_* with the labels link, client, router, interface. Counters end in _total, and state that
// changes (running, comment) is never a label on a counter. Every router has an up gauge and a
// poll-duration gauge, so a dead router shows as 0 rather than going missing.
//
// Units: the illd_* families use base units (seconds, bytes, ratios 0..1) and convert from the
// fields below (bits per second, milliseconds, percent); the mktxp_* families keep mktxp's own
// units (CPU load in percent). An absent optional field means "not known": its sample is left
// out, never written as 0. So the collector clears what a failed poll leaves stale (rates,
// latency, loss, CPU, memory, uptime) rather than keeping the last poll's values; counters
// (rx_bytes, tx_bytes) may stay. A link's state `unknown` is written as illd_link_state{state=
// "unknown"} 1 with no illd_link_up sample. The families, their types and labels are listed in
// illd(8), METRICS.
#pragma once

#include "metrics/alert_metrics.hpp"
#include "metrics/exposition.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ill::metrics {

enum class LinkState { unknown, up, down };

// What names a link on /metrics: illd's families carry link, client, router and interface;
// mktxp's interface families name (the interface), routerboard_name and routerboard_address (the
// router's host as polled).
struct LinkNames {
  std::string link, client, router, router_address, interface;
};

// The label sets of a fleet's links, escaped and packed once per inventory in the order of the
// snapshot's links, and shared by every snapshot until the inventory changes: a scrape copies no
// names and follows no pointer per link. Packing them per page instead cost a 50,000-link page
// about a quarter of its CPU (tests/bench/bench_metrics), allocating and filling megabytes anew.
class LinkLabelTable {
public:
  explicit LinkLabelTable(std::span<const LinkNames> links);

  std::size_t size() const { return m_links.size(); }
  // The illd_link_* labels of link `index`.
  LabelsRef link(std::size_t index) const { return {m_links, index}; }

  // mktxp counts per interface of a router: two links on one interface would be one series
  // twice, which Prometheus refuses, so each distinct interface label set is listed once, with
  // the first link that has it (whose counters it shows).
  std::size_t interface_count() const { return m_interfaces.size(); }
  LabelsRef interface(std::size_t index) const { return {m_interfaces, index}; }
  std::size_t interface_link(std::size_t index) const { return m_interface_links[index]; }

private:
  PackedLabelSets m_links;
  PackedLabelSets m_interfaces;
  std::vector<std::size_t> m_interface_links;
};

struct LinkFigures {
  // The router's 64-bit interface counters at the last successful poll.
  std::optional<std::uint64_t> rx_bytes, tx_bytes;
  // Bits per second between the last two polls; none after a counter reset or a first poll.
  std::optional<double> rx_bps, tx_bps;
  LinkState state = LinkState::unknown;
  std::optional<std::int64_t> state_since;  // Unix seconds the current state began
  std::optional<double> latency_ms;         // average RTT of the last poll's probes
  std::optional<double> loss_pct;           // probe loss of the last poll
};

struct RouterFigures {
  std::string name;
  std::string address;
  std::string identity;      // /system/identity, once per session
  std::string version;       // "7.16.2 (stable)"
  std::string board;         // board-name of /system/resource (mktxp's board_name)
  std::string cpu;           // cpu of /system/resource, "ARMv7" (mktxp's cpu)
  std::string architecture;  // architecture-name of /system/resource, "arm" (architecture_name)
  std::string status;        // online | unreachable | auth-failed | unknown
  bool up = false;           // the last poll (or connection attempt) succeeded
  std::optional<double> cpu_load_pct;
  std::optional<std::uint64_t> free_memory_bytes, total_memory_bytes;
  std::optional<double> uptime_s;
  std::optional<double> poll_duration_s;  // the last poll or failed attempt
  std::uint64_t polls_total = 0;          // polls attempted, failed ones included
  std::uint64_t poll_errors_total = 0;    // attempts that failed (connect, login, command, timeout)
  std::optional<std::int64_t> last_poll;  // Unix seconds of the last successful poll
};

struct CollectorFigures {
  double poll_interval_s = 60;
  double cycle_lag_s = 0;  // largest delay of a poll start behind its slot, over the last interval
  std::uint64_t write_queue_depth = 0;      // poll results waiting for the writer
  std::uint64_t batches_total = 0;          // transactions committed by the writer
  std::uint64_t samples_total = 0;          // link samples written
  std::uint64_t write_errors_total = 0;     // batches that failed to commit
  std::uint64_t dropped_results_total = 0;  // poll results given up after repeated failures
  double last_batch_duration_s = 0;
};

struct FleetSnapshot {
  std::vector<RouterFigures> routers;
  std::vector<LinkFigures> links;
  // Entry i names links[i]; null only when there are no links. render_fleet() throws
  // std::logic_error when the two disagree in size.
  std::shared_ptr<const LinkLabelTable> link_labels;
  CollectorFigures collector;
  AlertFigures alerts;

  // Names the links, one entry of `names` per link in order (as LiveFigures does once per
  // inventory).
  void name_links(std::span<const LinkNames> names);
};

// Appends the router, link and collector families to `out`. Throws std::logic_error when
// snapshot.link_labels does not name every link.
void render_fleet(const FleetSnapshot& snapshot, Exposition& out);

}  // namespace ill::metrics
