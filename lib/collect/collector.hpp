// The daemon's collector: one Asio thread holding a persistent, logged-in session to every active
// router and polling each once per interval at its own slot (schedule.hpp), with the commands
// of a poll in flight together. A router that cannot be reached is retried with capped,
// jittered exponential backoff (backoff.hpp) and logged once per change of state, not once per
// attempt; a stalled or hostile router only ever waits on its own deadline, never delays another.
//
// Every poll and every failed connection attempt becomes a PollResult handed to the sink on the
// collector's thread (the daemon's sink queues it for the writer). Inventory changes are applied
// by update(): routers whose connection settings are unchanged keep their session and only take
// the new list of links at their next poll.
#pragma once

#include "collect/backoff.hpp"
#include "collect/inventory.hpp"
#include "collect/router_poll.hpp"
#include "core/error.hpp"
#include "core/result.hpp"
#include "store/router_repository.hpp"
#include "store/secret.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ill::collect {

struct CollectorOptions {
  std::chrono::seconds interval{60};          // a router's own poll_interval_s overrides it
  std::chrono::milliseconds timeout{10'000};  // connect + login; and a whole poll
  unsigned ping_count = 3;
  std::chrono::milliseconds ping_interval{1'000};
  BackoffPolicy backoff;
  // SSH routers: the known_hosts file their host keys are checked against, and the passphrase
  // of a router's key file (none: the key is not encrypted).
  std::string known_hosts;
  std::function<Result<store::Secret>(const store::Router&)> ssh_passphrase_of;
};

struct PollResult {
  PollTarget target;
  std::chrono::system_clock::time_point at;  // when the poll (or attempt) started
  std::chrono::milliseconds duration{0};
  // How late the poll started behind its slot; none for attempts off the schedule (reconnects).
  std::optional<std::chrono::milliseconds> lag;
  store::RouterStatus status = store::RouterStatus::unknown;  // online when `poll` is set
  std::optional<RouterPoll> poll;
  std::optional<Error> error;         // why there is no poll
  std::chrono::seconds interval{60};  // the router's effective poll interval
};

struct CollectorStats {
  std::size_t routers = 0;               // routers with a session loop
  std::size_t online = 0;                // with a logged-in session
  std::chrono::milliseconds max_lag{0};  // largest poll lag over the last interval
  // The collector thread's last tick (once a second while it turns): illd's health.
  std::chrono::steady_clock::time_point last_tick{};
};

class Collector {
public:
  using Sink = std::function<void(PollResult&&)>;
  // Passwords of the routers, opened from their sealed secrets when a session starts.
  using PasswordOf = std::function<Result<store::Secret>(const store::Router&)>;

  Collector(CollectorOptions options, PasswordOf password_of, Sink sink);
  ~Collector();  // stop()
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Starts the thread and a session loop for every router of `inventory`.
  void start(const Inventory& inventory);
  // Applies a new inventory: new routers start, removed ones stop (their sessions closed),
  // routers whose connection settings or interval changed restart, the others keep their session.
  void update(const Inventory& inventory);
  // Closes every session and joins the thread. Polls in flight end without a result.
  void stop();

  CollectorStats stats() const;

  struct Impl;

private:
  std::shared_ptr<Impl> m_impl;
};

// The effective poll interval of a router: its own override, else the default.
std::chrono::seconds interval_of(const store::Router& router, std::chrono::seconds fallback);

}  // namespace ill::collect
