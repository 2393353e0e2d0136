// What one poll says about each link of its router: DESIGN's counting rule in one pure place. No
// store, no clock, no state of its own: the recorder keeps each link's previous counter reading
// and hands it in, then persists what comes out.
//
// Decisions:
// - A link is `up` when its interface is running (and not disabled) and its probe answered;
//   `down` when the interface is not running or every probe of the poll was lost; `unknown` when
//   the router answered but has no such interface (a renamed port must not count as down).
// - A rate needs the previous reading within the span the coverage rule joins (two intervals,
//   plus a second for a poll that ran late): across a longer gap it would smear hours into one
//   figure. Counter or uptime resets give no rate (counter_rate.hpp). Rates are whole bit/s, as
//   stored.
// - A link whose interface is missing keeps its previous reading, so the rate resumes when the
//   interface comes back within the span above.
// - Interfaces and probe targets are matched by name through one index per poll, so a router
//   that returned many interfaces costs one pass, not a scan per link.
#pragma once

#include "collect/counter_rate.hpp"
#include "collect/router_poll.hpp"
#include "sla/timeline.hpp"
#include "store/link_repository.hpp"
#include "store/sample_repository.hpp"

#include <chrono>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace ill::collect {

// A poll's interfaces and probe summaries by name. Borrows from the poll.
class PollIndex {
public:
  explicit PollIndex(const RouterPoll& poll);
  const InterfaceStats* interface(std::string_view name) const;
  const PingSummary* ping(const std::optional<std::string>& target) const;

private:
  std::unordered_map<std::string_view, const InterfaceStats*> m_interfaces;
  std::unordered_map<std::string_view, const PingSummary*> m_pings;
};

struct LinkObservation {
  store::Sample sample;  // what is stored: time (to the millisecond), state, counters, rates...
  // The reading the link's next rate starts from: this poll's, or the previous one when the
  // interface was missing.
  std::optional<CounterReading> counters;
  bool interface_missing = false;

  // The sample as the timeline sees it.
  sla::Observation observation() const;
};

// `previous`: the link's last counter reading, if any; `interval`: its router's poll interval.
LinkObservation observe_link(const RouterPoll& poll, const PollIndex& index,
                             const store::Link& link, const std::optional<CounterReading>& previous,
                             std::chrono::seconds interval);

}  // namespace ill::collect
