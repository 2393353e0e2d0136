#include "collect/collector.hpp"

#include "collect/async_poll.hpp"
#include "collect/router_target.hpp"
#include "collect/schedule.hpp"
#include "routeros/async_session.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <map>
#include <mutex>
#include <thread>

namespace ill::collect {

namespace {
// The collector thread's shortest time between two looks at its sockets and timers (above).
constexpr std::chrono::milliseconds k_wake_quantum{10};
}  // namespace

using namespace std::chrono_literals;
using SysClock = std::chrono::system_clock;

std::chrono::seconds interval_of(const store::Router& router, std::chrono::seconds fallback) {
  if (router.poll_interval_s) return std::chrono::seconds(*router.poll_interval_s);
  return std::max(fallback, std::chrono::seconds(1));
}

namespace {

// Everything a session depends on: a change to any of these restarts the router's session.
bool same_connection(const store::Router& a, const store::Router& b) {
  return a.host == b.host && a.port == b.port && a.transport == b.transport &&
         a.username == b.username && a.sealed_secret == b.sealed_secret &&
         a.tls_verify == b.tls_verify && a.ca_file == b.ca_file &&
         a.ssh_key_file == b.ssh_key_file && a.ssh_jump_host == b.ssh_jump_host &&
         a.ssh_port == b.ssh_port && a.ssh_user == b.ssh_user &&
         a.sealed_ssh_passphrase == b.sealed_ssh_passphrase &&
         a.poll_interval_s == b.poll_interval_s && a.name == b.name;
}

// A failure after which the session cannot be trusted: the connection broke, or the router went
// silent past the deadline. A `!trap` or a malformed value leaves the session usable.
bool breaks_session(const Error& error, const routeros::AsyncSession& session) {
  if (!session.is_open()) return true;
  switch (error.category()) {
  case Errc::timeout:
  case Errc::connection:
  case Errc::unreachable:
  case Errc::cancelled: return true;
  default: return false;
  }
  return false;
}

std::string address_of(const store::Router& router) {
  return fmt::format("{}:{}", router.host, router.port);
}

}  // namespace

struct RouterTask {
  RouterTask(asio::io_context& io, PollTarget t, std::chrono::seconds i)
      : target(std::move(t)), interval(i), timer(io) {}

  PollTarget target;  // replaced by update() when only the links changed
  std::chrono::seconds interval;
  asio::steady_timer timer;
  asio::cancellation_signal cancel;
  std::optional<routeros::AsyncSession> session;
  bool online = false;  // the last poll succeeded
  bool stopped = false;
  // A loop that ended with an exception is started again as a new task, after a wait that
  // doubles with each consecutive failure (reset by a successful poll).
  unsigned failures = 0;
  std::chrono::milliseconds start_delay{0};

  void stop() {
    stopped = true;
    timer.cancel();
    if (session) session->close();
    cancel.emit(asio::cancellation_type::terminal);
  }
};

struct Collector::Impl {
  CollectorOptions options;
  PasswordOf password_of;
  Sink sink;

  // Touched on the collector thread only.
  std::map<std::int64_t, std::shared_ptr<RouterTask>> tasks;

  mutable std::mutex stats_mutex;
  std::size_t routers = 0;
  std::size_t online_count = 0;
  // Largest lag of the current and the previous window of one interval each.
  std::chrono::milliseconds lag_window_max{0}, lag_previous_max{0};
  SysClock::time_point lag_window_start{};
  std::chrono::steady_clock::time_point last_tick{};

  std::thread thread;
  // Last: destroyed first, which destroys the coroutine frames while the members above live.
  std::unique_ptr<asio::io_context> io;

  void apply(const Inventory& inventory);
  void start_task(PollTarget target, unsigned failures = 0);
  void restart_failed(const std::shared_ptr<RouterTask>& task, const std::string& what);
  asio::awaitable<void> run(std::shared_ptr<RouterTask> task);
  void note_lag(std::chrono::milliseconds lag);
  void set_online(RouterTask& task, bool online);
  asio::awaitable<void> tick();
};

// Marks, once a second, that the collector's thread turns: a loop that blocks it (a bug, a
// library call that hangs) shows in illd's health instead of polls silently stopping.
asio::awaitable<void> Collector::Impl::tick() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    {
      std::lock_guard lock(stats_mutex);
      last_tick = std::chrono::steady_clock::now();
    }
    timer.expires_after(1s);
    std::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
  }
}

void Collector::Impl::note_lag(std::chrono::milliseconds lag) {
  std::lock_guard lock(stats_mutex);
  auto now = SysClock::now();
  if (now - lag_window_start >= options.interval) {
    lag_previous_max = lag_window_max;
    lag_window_max = 0ms;
    lag_window_start = now;
  }
  lag_window_max = std::max(lag_window_max, lag);
}

void Collector::Impl::set_online(RouterTask& task, bool is_online) {
  if (task.online == is_online) return;
  task.online = is_online;
  std::lock_guard lock(stats_mutex);
  if (is_online)
    ++online_count;
  else
    --online_count;
}

void Collector::Impl::start_task(PollTarget target, unsigned failures) {
  const std::int64_t id = target->router.id;
  const auto interval = interval_of(target->router, options.interval);
  auto task = std::make_shared<RouterTask>(*io, std::move(target), interval);
  task->failures = failures;
  if (failures > 0) {
    // initial, 2 x initial, 4 x ... up to the backoff cap.
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(options.backoff.initial);
    for (unsigned i = 1; i < failures && delay < options.backoff.cap; ++i) delay *= 2;
    task->start_delay =
        std::min(delay, std::chrono::duration_cast<std::chrono::milliseconds>(options.backoff.cap));
  }
  tasks[id] = task;
  asio::co_spawn(*io, run(task),
                 asio::bind_cancellation_slot(
                     task->cancel.slot(),
                     [this, weak = std::weak_ptr<RouterTask>(task)](std::exception_ptr e) {
                       if (!e) return;
                       std::string what = "unknown exception";
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& caught) {
                         what = caught.what();
                       } catch (...) {
                       }
                       if (auto failed = weak.lock()) restart_failed(failed, what);
                     }));
}

// A router's loop ended with an exception (a bug, or a library throwing where it should not):
// its links go unknown like an unreachable router's, and the loop starts again with backoff
// rather than the router silently never being polled again until illd restarts.
void Collector::Impl::restart_failed(const std::shared_ptr<RouterTask>& task,
                                     const std::string& what) {
  const std::string& name = task->target->router.name;
  if (task->stopped) {
    spdlog::error("router {}: collector loop failed while stopping: {}", name, what);
    return;
  }
  auto current = tasks.find(task->target->router.id);
  if (current == tasks.end() || current->second != task) return;
  set_online(*task, false);
  if (task->session) task->session->close();
  PollResult result;
  result.target = task->target;
  result.interval = task->interval;
  result.at = SysClock::now();
  result.status = store::RouterStatus::unreachable;
  result.error = Error(Errc::internal, fmt::format("collector loop failed: {}", what));
  const unsigned failures = task->failures + 1;
  PollTarget target = task->target;
  const std::int64_t id = target->router.id;
  task->stopped = true;
  tasks.erase(current);
  start_task(std::move(target), failures);
  spdlog::error("router {}: collector loop failed: {}; restarting it in {} ms", name, what,
                tasks[id]->start_delay.count());
  sink(std::move(result));
}

void Collector::Impl::apply(const Inventory& inventory) {
  std::map<std::int64_t, const PollTarget*> wanted;
  for (const auto& r : inventory.routers) wanted[r->router.id] = &r;
  for (auto it = tasks.begin(); it != tasks.end();) {
    auto found = wanted.find(it->first);
    if (found == wanted.end()) {
      spdlog::info("router {}: removed from the inventory, session closed",
                   it->second->target->router.name);
      set_online(*it->second, false);
      it->second->stop();
      it = tasks.erase(it);
      continue;
    }
    const PollTarget& next = *found->second;
    if (!same_connection(it->second->target->router, next->router)) {
      spdlog::info("router {}: connection settings changed, reconnecting", next->router.name);
      set_online(*it->second, false);
      it->second->stop();
      it = tasks.erase(it);
      continue;  // started again below
    }
    // Same session; the next poll asks for the new set of links. The previous inventory's
    // object goes once no poll in flight holds it.
    it->second->target = next;
    ++it;
  }
  for (const auto& r : inventory.routers) {
    if (!tasks.contains(r->router.id)) start_task(r);
  }
  std::lock_guard lock(stats_mutex);
  routers = tasks.size();
}

asio::awaitable<void> Collector::Impl::run(std::shared_ptr<RouterTask> task) {
  auto executor = co_await asio::this_coro::executor;
  const std::string name = task->target->router.name;
  const auto interval = task->interval;
  const auto offset = slot_offset(name, interval);
  Backoff backoff(options.backoff, static_cast<std::uint64_t>(task->target->router.id));

  if (task->start_delay > 0ms) {
    task->timer.expires_after(task->start_delay);
    std::error_code ec;
    co_await task->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (task->stopped) co_return;
  }
  auto next = next_poll_after(SysClock::now(), interval, offset);
  bool on_slot = true;
  bool need_identity = true;
  // What was last logged, so that each change of state is logged once, not each attempt.
  enum class Logged { nothing, online, poll_failing, unreachable, auth_failed };
  Logged logged = Logged::nothing;

  for (;;) {
    // Sleep until the next attempt.
    auto wait = next - SysClock::now();
    if (wait > SysClock::duration::zero()) {
      task->timer.expires_after(
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
      std::error_code ec;
      co_await task->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (task->stopped) co_return;

    PollTarget target = task->target;
    const store::Router& router = target->router;
    PollResult result;
    result.target = target;
    result.interval = interval;
    result.at = SysClock::now();
    if (on_slot) {
      result.lag =
          std::max(0ms, std::chrono::duration_cast<std::chrono::milliseconds>(result.at - next));
      note_lag(*result.lag);
    }
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
    };

    if (!task->session) {
      auto password = password_of(router);
      // (No co_await inside ?: here: GCC 12 mishandles the temporaries of that form.)
      Result<routeros::AsyncSession> session = fail(Errc::auth, "no password");
      Result<store::Secret> passphrase = store::Secret();
      if (router.transport == store::Transport::ssh && router.sealed_ssh_passphrase &&
          options.ssh_passphrase_of)
        passphrase = options.ssh_passphrase_of(router);
      if (!password) {
        session = fail(password.error());
      } else if (!passphrase) {
        session = fail(passphrase.error());
      } else {
        const SshSecrets ssh{std::string(password->reveal()), std::string(passphrase->reveal()),
                             options.known_hosts};
        session = co_await routeros::AsyncSession::open(
            executor, endpoint_of(router, ssh), router.username, std::string(password->reveal()),
            routeros::deadline_in(options.timeout));
      }
      if (task->stopped) co_return;
      if (!session) {
        const bool auth = session.error().category() == Errc::auth;
        result.status = auth ? store::RouterStatus::auth_failed : store::RouterStatus::unreachable;
        result.error = session.error();
        result.duration = elapsed();
        auto delay = backoff.next_delay();
        const Logged now = auth ? Logged::auth_failed : Logged::unreachable;
        if (logged != now) {
          if (auth) {
            spdlog::error("router {} ({}): login refused: {}; check its user and password", name,
                          address_of(router), session.error().message());
          } else {
            spdlog::warn(
                "router {} ({}): unreachable: {}; retrying with backoff (at most {} s)", name,
                address_of(router), session.error().message(),
                std::chrono::duration_cast<std::chrono::seconds>(options.backoff.cap).count());
          }
          logged = now;
        }
        set_online(*task, false);
        sink(std::move(result));
        next = SysClock::now() + delay;
        on_slot = false;
        continue;
      }
      task->session.emplace(std::move(*session));
      need_identity = true;
    }

    PollPlan plan = plan_for(target->links, options.ping_count, options.ping_interval);
    plan.monitor_traffic = false;  // rates come from counter deltas
    plan.identity = need_identity;
    auto poll =
        co_await poll_router_async(*task->session, plan, routeros::deadline_in(options.timeout));
    if (task->stopped) co_return;
    result.duration = elapsed();
    if (poll) {
      result.status = store::RouterStatus::online;
      if (logged != Logged::online) {
        spdlog::info("router {} ({}): online, RouterOS {}, {} link{}", name, address_of(router),
                     poll->router.version, target->links.size(),
                     target->links.size() == 1 ? "" : "s");
        logged = Logged::online;
      }
      result.poll = std::move(*poll);
      need_identity = false;
      backoff.reset();
      task->failures = 0;
      set_online(*task, true);
      sink(std::move(result));
      next = next_poll_after(SysClock::now(), interval, offset);
      on_slot = true;
      continue;
    }

    result.error = poll.error();
    if (breaks_session(poll.error(), *task->session)) {
      task->session.reset();
      result.status = store::RouterStatus::unreachable;
      if (logged != Logged::unreachable) {
        spdlog::warn("router {} ({}): lost: {}; reconnecting with backoff", name,
                     address_of(router), poll.error().message());
        logged = Logged::unreachable;
      }
      set_online(*task, false);
      next = SysClock::now() + backoff.next_delay();
      on_slot = false;
    } else {
      // The router answers but the poll failed (a !trap, a malformed reply): keep the session.
      result.status = store::RouterStatus::online;
      if (logged != Logged::poll_failing) {
        spdlog::warn("router {} ({}): poll failed: {}", name, address_of(router),
                     poll.error().message());
        logged = Logged::poll_failing;
      }
      next = next_poll_after(SysClock::now(), interval, offset);
      on_slot = true;
    }
    sink(std::move(result));
  }
}

Collector::Collector(CollectorOptions options, PasswordOf password_of, Sink sink)
    : m_impl(std::make_shared<Impl>()) {
  m_impl->options = options;
  m_impl->password_of = std::move(password_of);
  m_impl->sink = std::move(sink);
}

Collector::~Collector() { stop(); }

void Collector::start(const Inventory& inventory) {
  if (m_impl->io) return;
  m_impl->io = std::make_unique<asio::io_context>(1);
  m_impl->lag_window_start = SysClock::now();
  m_impl->last_tick = std::chrono::steady_clock::now();
  Impl* impl = m_impl.get();
  asio::post(*impl->io, [impl, inventory] { impl->apply(inventory); });
  asio::co_spawn(*impl->io, impl->tick(), asio::detached);
  m_impl->thread = std::thread([impl] {
    auto guard = asio::make_work_guard(*impl->io);
    asio::io_context& io = *impl->io;
    // Wake-ups in batches: block until something is ready and run it, then wait a quantum and
    // run everything that became ready meanwhile, so a busy fleet's replies are taken many to a
    // wake-up instead of one each. A wake-up is a context switch, which on a small VM was most
    // of the collector's CPU (tests/bench/bench_illd_fleet.sh). Timers and replies wait at most
    // the quantum, far inside any poll deadline.
    while (io.run_one() > 0) {
      std::this_thread::sleep_for(k_wake_quantum);
      io.poll();
    }
  });
}

void Collector::update(const Inventory& inventory) {
  if (!m_impl->io) return;
  Impl* impl = m_impl.get();
  asio::post(*impl->io, [impl, inventory] { impl->apply(inventory); });
}

void Collector::stop() {
  if (!m_impl || !m_impl->io) return;
  m_impl->io->stop();
  if (m_impl->thread.joinable()) m_impl->thread.join();
  // The loops' frames still hold their tasks; destroying the context destroys the frames, and
  // with them the sessions and timers, while the context's services still exist.
  m_impl->tasks.clear();
  m_impl->io.reset();
}

CollectorStats Collector::stats() const {
  std::lock_guard lock(m_impl->stats_mutex);
  CollectorStats out;
  out.routers = m_impl->routers;
  out.online = m_impl->online_count;
  out.max_lag = std::max(m_impl->lag_window_max, m_impl->lag_previous_max);
  out.last_tick = m_impl->last_tick;
  return out;
}

}  // namespace ill::collect
