#include "collect/fleet_status.hpp"

#include "core/format.hpp"
#include "store/database.hpp"
#include "store/link_state_repository.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace ill::collect {

namespace {

constexpr std::int64_t k_silent_grace_s = 30;

DaemonView daemon_view(std::optional<store::DaemonHeartbeat> heartbeat,
                       std::chrono::sys_seconds now) {
  DaemonView view;
  view.heartbeat = std::move(heartbeat);
  if (!view.heartbeat) return view;
  const auto& h = *view.heartbeat;
  view.silent_after_s = 2 * std::max<std::int64_t>(h.interval_s, 1) + k_silent_grace_s;
  view.heartbeat_age_s = (now - h.at).count();
  if (h.stopped)
    view.state = DaemonState::stopped;
  else if (view.heartbeat_age_s > view.silent_after_s)
    view.state = DaemonState::silent;
  else
    view.state = DaemonState::running;
  return view;
}

struct RouterInfo {
  bool online = false;
  std::int64_t interval_s = 0;
  RouterNotOnline* not_online = nullptr;  // into FleetStatus::routers_not_online
};

}  // namespace

std::string_view to_string(DaemonState state) {
  switch (state) {
  case DaemonState::never_seen: return "never-seen";
  case DaemonState::running: return "running";
  case DaemonState::stopped: return "stopped";
  case DaemonState::silent: return "silent";
  }
  return "never-seen";
}

std::string_view to_string(UnknownReason reason) {
  switch (reason) {
  case UnknownReason::router_not_online: return "router-not-online";
  case UnknownReason::no_timeline: return "no-timeline";
  case UnknownReason::stale_timeline: return "stale-timeline";
  case UnknownReason::timeline_unknown: return "timeline-unknown";
  }
  return "no-timeline";
}

Result<DaemonView> read_daemon_view(store::Database& db, std::chrono::sys_seconds now) {
  auto heartbeat = store::DaemonStatusRepository(db).get();
  if (!heartbeat)
    return fail(std::move(heartbeat.error()).with_context("reading illd's heartbeat"));
  return daemon_view(std::move(*heartbeat), now);
}

Result<FleetStatus> read_fleet_status(store::Database& db, std::chrono::sys_seconds now,
                                      std::int64_t default_interval_s) {
  FleetStatus out;
  out.now = now;

  auto daemon = read_daemon_view(db, now);
  if (!daemon) return fail(daemon.error());
  out.daemon = std::move(*daemon);
  const std::int64_t daemon_interval_s =
      out.daemon.heartbeat ? out.daemon.heartbeat->interval_s : default_interval_s;

  auto routers = store::RouterRepository(db).list();
  if (!routers) return fail(std::move(routers.error()).with_context("reading the routers"));
  auto links = store::LinkStateRepository(db).last_of_every_link();
  if (!links) return fail(std::move(links.error()).with_context("reading the link states"));

  // The vector is sized first, so the pointers kept in `by_id` stay valid.
  std::size_t not_online = 0;
  for (const auto& r : *routers)
    if (r.active && r.status != store::RouterStatus::online) ++not_online;
  out.routers_not_online.reserve(not_online);
  std::unordered_map<std::int64_t, RouterInfo> by_id;
  by_id.reserve(routers->size());
  for (auto& r : *routers) {
    if (!r.active) {
      ++out.routers.inactive;
      continue;
    }
    RouterInfo info;
    info.online = r.status == store::RouterStatus::online;
    info.interval_s = r.poll_interval_s ? *r.poll_interval_s : daemon_interval_s;
    switch (r.status) {
    case store::RouterStatus::online: ++out.routers.online; break;
    case store::RouterStatus::unreachable: ++out.routers.unreachable; break;
    case store::RouterStatus::auth_failed: ++out.routers.auth_failed; break;
    case store::RouterStatus::unknown: ++out.routers.unknown; break;
    }
    if (!info.online) {
      out.routers_not_online.push_back(RouterNotOnline{r.id, std::move(r.name), std::move(r.host),
                                                       r.port, r.status, r.last_poll,
                                                       std::move(r.last_error), 0});
      info.not_online = &out.routers_not_online.back();
    }
    by_id.emplace(r.id, info);
  }

  for (auto& l : *links) {
    auto router = by_id.find(l.router_id);
    if (!l.active || router == by_id.end()) {
      ++out.links.inactive;
      continue;
    }
    LinkNow link{l.link_id,           std::move(l.link),         std::move(l.client),
                 std::move(l.router), std::move(l.interface),    std::nullopt,
                 std::nullopt,        UnknownReason::no_timeline};
    const auto& last = l.last;
    if (last) {
      link.recorded_until = last->to;
      link.since = last->state == sla::State::unknown ? last->from : last->to;
    }
    const RouterInfo& info = router->second;
    if (!info.online) {
      ++info.not_online->links;
      link.reason = UnknownReason::router_not_online;
    } else if (!last) {
      link.reason = UnknownReason::no_timeline;
    } else if (now - last->to > std::chrono::seconds(2 * info.interval_s)) {
      link.reason = UnknownReason::stale_timeline;
    } else if (last->state == sla::State::up) {
      ++out.links.up;
      continue;
    } else if (last->state == sla::State::down) {
      link.since = last->from;
      out.links_down.push_back(std::move(link));
      continue;
    } else {
      link.reason = UnknownReason::timeline_unknown;
    }
    out.links_unknown.push_back(std::move(link));
  }
  out.links.down = static_cast<std::int64_t>(out.links_down.size());
  out.links.unknown = static_cast<std::int64_t>(out.links_unknown.size());
  // Longest outage first; the links arrive by name, which breaks the ties.
  std::stable_sort(out.links_down.begin(), out.links_down.end(),
                   [](const LinkNow& a, const LinkNow& b) { return *a.since < *b.since; });
  return out;
}

std::vector<std::string> problems(const FleetStatus& s) {
  std::vector<std::string> out;
  const auto& d = s.daemon;
  switch (d.state) {
  case DaemonState::never_seen: out.push_back("illd has never written to this database"); break;
  case DaemonState::stopped: out.push_back("illd is stopped"); break;
  case DaemonState::silent:
    out.push_back(fmt::format("illd is silent: no heartbeat for {} s", d.heartbeat_age_s));
    break;
  case DaemonState::running:
    if (d.heartbeat->cycle_lag_ms > d.heartbeat->interval_s * 1000) {
      out.push_back(fmt::format("illd runs {:.1f} s behind its schedule",
                                static_cast<double>(d.heartbeat->cycle_lag_ms) / 1000));
    }
    break;
  }
  if (s.routers.unreachable > 0) {
    out.push_back(fmt::format("{} router{} unreachable", s.routers.unreachable,
                              s.routers.unreachable == 1 ? "" : "s"));
  }
  if (s.routers.auth_failed > 0) {
    out.push_back(fmt::format("{} router{} refusing the login", s.routers.auth_failed,
                              s.routers.auth_failed == 1 ? "" : "s"));
  }
  if (s.links.down > 0)
    out.push_back(fmt::format("{} link{} down", s.links.down, s.links.down == 1 ? "" : "s"));
  return out;
}

}  // namespace ill::collect
