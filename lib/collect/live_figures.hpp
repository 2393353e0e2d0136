// What illd knows of every router and link right now, as /metrics shows it: named from the
// inventory (set_inventory), filled from each committed batch (update), read by the HTTP thread
// (snapshot). Thread-safe.
//
// Decisions:
// - Only routers and links of the inventory have figures; a result for a router removed while
//   it was polled changes nothing.
// - A failed poll clears what it cannot tell (rates, latency, loss, CPU, memory, uptime) rather
//   than leaving the last poll's values to look current; counters may stay.
// - A link's live state follows its router at once: when the router cannot be polled the link
//   shows `unknown` from that attempt on, as `illctl status` does, although the stored timeline
//   keeps covering the last observation for up to two intervals (DESIGN's rule).
// - The links' labels are packed once per inventory and shared by every snapshot
//   (metrics::LinkLabelTable), so a scrape copies no names.
#pragma once

#include "collect/collector.hpp"
#include "collect/inventory.hpp"
#include "metrics/fleet_metrics.hpp"
#include "sla/timeline.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

namespace ill::collect {

class LiveFigures {
public:
  // One link after a successful poll, as the recorder worked it out.
  struct LinkUpdate {
    std::int64_t link_id = 0;
    std::optional<sla::Interval> last;     // the timeline's last interval: state and since
    std::optional<double> rx_bps, tx_bps;  // of the sample this poll wrote, if it wrote one
    std::optional<std::uint64_t> rx_bytes, tx_bytes;  // none: the interface is missing
    std::optional<double> latency_ms, loss_pct;       // none: no probe answer to tell
  };

  // Drops the figures of routers and links no longer in the inventory, names the others anew
  // (a renamed client or link shows under its new name at once) and adds the new ones.
  void set_inventory(const Inventory& inventory);
  // A result whose batch was committed; `links` for a successful poll only.
  void update(const PollResult& result, std::span<const LinkUpdate> links);

  metrics::FleetSnapshot snapshot() const;
  // Routers by status ("online", "unreachable", "auth-failed", "unknown": not polled yet).
  std::map<std::string, std::size_t> router_status_counts() const;

private:
  mutable std::mutex m_mutex;
  std::map<std::int64_t, metrics::RouterFigures> m_routers;  // by router id
  std::map<std::int64_t, metrics::LinkFigures> m_links;      // by link id
  std::shared_ptr<const metrics::LinkLabelTable> m_labels;   // m_links' labels, in their order
};

}  // namespace ill::collect
