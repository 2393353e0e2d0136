// What illd sees now, read from the store alone (`illctl status`): whether the daemon is alive
// and on time, routers by status, links down now and since when, links whose state nobody
// knows now. Time is a parameter, so the verdicts are tested without a clock.
#pragma once

#include "core/result.hpp"
#include "store/daemon_status_repository.hpp"
#include "store/router_repository.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::collect {

enum class DaemonState {
  never_seen,  // no illd ever wrote a heartbeat to this database
  running,     // the last heartbeat is recent
  stopped,     // illd said it stopped (SIGTERM) in its last heartbeat
  silent,      // no heartbeat for more than silent_after_s: crashed, hung, or killed
};
std::string_view to_string(DaemonState state);  // "never-seen", "running", "stopped", "silent"

struct DaemonView {
  DaemonState state = DaemonState::never_seen;
  std::optional<store::DaemonHeartbeat> heartbeat;
  // How old the last heartbeat may be before the daemon counts as silent: 2 intervals + 30 s.
  std::int64_t silent_after_s = 0;
  // now - heartbeat.at (0 without a heartbeat).
  std::int64_t heartbeat_age_s = 0;
};

struct RouterCounts {
  std::int64_t online = 0, unreachable = 0, auth_failed = 0, unknown = 0;
  std::int64_t inactive = 0;  // not polled at all; not in the other counts
  std::int64_t active() const { return online + unreachable + auth_failed + unknown; }
};

// An active router whose status is not online.
struct RouterNotOnline {
  std::int64_t id = 0;
  std::string name;
  std::string host;
  int port = 0;
  store::RouterStatus status = store::RouterStatus::unknown;
  std::optional<std::chrono::sys_seconds> last_poll;  // the last poll or connection attempt
  std::optional<std::string> last_error;
  std::int64_t links = 0;  // its active links (all of them unknown now)
};

enum class UnknownReason {
  router_not_online,  // the link's router is unreachable, refused the login, or was never polled
  no_timeline,        // the daemon never recorded a state for the link
  stale_timeline,     // the timeline ends more than two poll intervals ago
  timeline_unknown,   // the daemon itself recorded unknown (a gap in polling)
};
// "router-not-online", "no-timeline", "stale-timeline", "timeline-unknown"
std::string_view to_string(UnknownReason reason);

struct LinkNow {
  std::int64_t id = 0;
  std::string name;
  std::string client;
  std::string router;
  std::string interface;
  // Down links: when the current down interval began. Unknown links: when the link's state was
  // last known (the end of its last up or down interval), none when it never was.
  std::optional<std::chrono::sys_seconds> since;
  // The end of the last interval of the timeline (none without a timeline).
  std::optional<std::chrono::sys_seconds> recorded_until;
  UnknownReason reason = UnknownReason::no_timeline;  // unknown links only
};

struct LinkCounts {
  std::int64_t up = 0, down = 0, unknown = 0;
  std::int64_t inactive = 0;  // inactive links, or links of inactive routers; not counted above
  std::int64_t watched() const { return up + down + unknown; }
};

struct FleetStatus {
  std::chrono::sys_seconds now{};
  DaemonView daemon;
  RouterCounts routers;
  std::vector<RouterNotOnline> routers_not_online;  // by name
  LinkCounts links;
  std::vector<LinkNow> links_down;     // longest outage first
  std::vector<LinkNow> links_unknown;  // by name
};

// Reads the heartbeat, the routers, and every link with the last interval of its timeline (three
// statements, whatever the size of the fleet). A link's state is current when its last interval
// ends within two poll intervals of `now`: the router's own interval, else the daemon's (from the
// heartbeat), else `default_interval_s`.
Result<FleetStatus> read_fleet_status(store::Database& db, std::chrono::sys_seconds now,
                                      std::int64_t default_interval_s = 60);

// The daemon's part alone: one read of the heartbeat (`illctl db compact` refuses a running illd).
Result<DaemonView> read_daemon_view(store::Database& db, std::chrono::sys_seconds now);

// What a monitoring script should hear about, one phrase each ("illd is silent: no heartbeat
// for 312 s", "2 routers unreachable", "1 link down"); empty when all is well. illd not
// running, or running more than one poll interval behind its schedule, is a problem; so is an
// unreachable or auth-failed router and a down link. Routers never polled yet and links whose
// state is unknown are not problems by themselves: they follow from a router or daemon
// problem, or from an inventory edit moments ago.
std::vector<std::string> problems(const FleetStatus& status);

}  // namespace ill::collect
