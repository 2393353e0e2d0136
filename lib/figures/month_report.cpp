#include "figures/month_report.hpp"

#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "figures/report_json.hpp"
#include "store/client_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace ill::figures {

namespace {

using std::chrono::sys_seconds;

// Below this many links a fleet is not worth a second connection.
constexpr std::size_t k_links_per_thread = 64;

Result<std::optional<date::year_month_day>> activation_of(const store::Link& link) {
  if (!link.activation_date) return std::optional<date::year_month_day>{};
  std::istringstream in(*link.activation_date);
  date::year_month_day day{};
  in >> date::parse("%Y-%m-%d", day);
  if (in.fail() || !day.ok())
    return fail(Errc::invalid_input, "link {}: activation date '{}' is not YYYY-MM-DD", link.name,
                *link.activation_date);
  return std::optional<date::year_month_day>{day};
}

// One link's month under `policy`, measured to `measured_to`, with `inputs` as scratch; the slots
// from `unsettled` on are read raw (unsettled_from()).
Result<MonthReport> compute(store::Database& db, const store::Link& link, LinkMonth lm,
                            const sla::Policy& policy, sys_seconds measured_to, sys_seconds now,
                            sys_seconds unsettled, MonthInputs& inputs) {
  if (auto st = read_month_inputs(db, link, lm.period, policy, measured_to, unsettled, inputs); !st)
    return fail(std::move(st.error()).with_context(fmt::format("link {}", link.name)));
  auto figures = sla::calculate(lm.period, inputs.timeline, inputs.maintenance, inputs.samples,
                                inputs.annotations, policy, measured_to);
  if (!figures)
    return fail(std::move(figures.error()).with_context(fmt::format("link {}", link.name)));
  MonthReport r{std::move(lm.month), lm.period, policy, std::move(*figures), {}, inputs.rows};
  r.text = figures_text(link, r.month, r.period, r.figures, rfc3339(now));
  return r;
}

// The zones of every client, by client id.
Result<std::map<std::int64_t, const date::time_zone*>> all_zones(store::Database& db) {
  auto clients = store::ClientRepository(db).list();
  if (!clients) return fail(clients.error());
  std::map<std::int64_t, const date::time_zone*> zones;
  for (const auto& c : *clients) {
    auto zone = sla::find_zone(c.timezone);
    if (!zone) return fail(std::move(zone.error()).with_context(fmt::format("client {}", c.name)));
    zones[c.id] = *zone;
  }
  return zones;
}

// What a worker hands the writer.
struct Computed {
  std::int64_t link_id = 0;
  FleetReport report;
  std::string policy;  // policy_json, dumped
  ReadCounts rows;
};

Result<Computed> compute_for_fleet(store::Database& db, const store::Link& link,
                                   const date::time_zone* zone, std::string_view month,
                                   sys_seconds now, sys_seconds unsettled,
                                   const config::SlaSettings& defaults, int pretty_depth,
                                   MonthInputs& inputs) {
  auto lm = link_month(link, zone, month, now);
  if (!lm) return fail(lm.error());
  auto policy = effective_policy(link, defaults);
  if (!policy) return fail(policy.error());
  auto r = compute(db, link, std::move(*lm), *policy, now, now, unsettled, inputs);
  if (!r) return fail(r.error());
  Computed c;
  c.link_id = link.id;
  c.report.link = link.name;
  c.report.month = r->month;
  c.report.month_to_date = r->figures.measured.to < r->period.to;
  c.report.text = std::move(r->text);
  if (pretty_depth >= 0)
    c.report.pretty =
        figures_text(link, r->month, r->period, r->figures, rfc3339(now), 2, pretty_depth);
  c.report.figures = std::move(r->figures);
  c.policy = policy_json(r->policy).dump();
  c.rows = r->rows;
  return c;
}

}  // namespace

std::string month_text(date::year_month m) {
  return fmt::format("{:04}-{:02}", static_cast<int>(m.year()), static_cast<unsigned>(m.month()));
}

Result<LinkMonth> link_month(const store::Link& link, const date::time_zone* zone,
                             std::string_view month, sys_seconds now) {
  std::string text(month);
  if (text == "last" || text == "this") text += " month";
  auto parsed = sla::parse_month(text, now, zone);
  if (!parsed) return fail(Errc::usage, "--month: {}", parsed.error().message());
  auto activation = activation_of(link);
  if (!activation) return fail(activation.error());
  auto period = sla::month_period(*parsed, zone, *activation);
  if (!period) return fail(period.error());
  return LinkMonth{month_text(*parsed), *period};
}

Result<const date::time_zone*> zone_of(store::Database& db, const store::Link& link) {
  auto client = store::ClientRepository(db).get(link.client_id);
  if (!client) return fail(client.error());
  return sla::find_zone(client->timezone);
}

Result<MonthReport> compute_month(store::Database& db, const store::Link& link,
                                  std::string_view month, sys_seconds now,
                                  const config::SlaSettings& defaults) {
  auto policy = effective_policy(link, defaults);
  if (!policy) return fail(policy.error());
  return compute_month(db, link, month, *policy, now, now);
}

Result<MonthReport> compute_month(store::Database& db, const store::Link& link,
                                  std::string_view month, const sla::Policy& policy,
                                  sys_seconds measured_to, sys_seconds now) {
  auto zone = zone_of(db, link);
  if (!zone) return fail(zone.error());
  auto lm = link_month(link, *zone, month, now);
  if (!lm) return fail(lm.error());
  auto unsettled = unsettled_from(db, now);
  if (!unsettled) return fail(unsettled.error());
  MonthInputs inputs;
  return compute(db, link, std::move(*lm), policy, measured_to, now, *unsettled, inputs);
}

Result<FleetResult> calculate_and_store(store::Database& db, const std::vector<store::Link>& links,
                                        std::string_view month, sys_seconds now,
                                        const config::SlaSettings& defaults,
                                        const FleetOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto zones = all_zones(db);
  if (!zones) return fail(zones.error());
  // Read once for the fleet; illd settles more meanwhile, and a settled slot read raw is the same.
  auto unsettled = unsettled_from(db, now);
  if (!unsettled) return fail(unsettled.error());
  auto zone_for = [&](const store::Link& link) -> Result<const date::time_zone*> {
    auto it = zones->find(link.client_id);
    if (it == zones->end())
      return fail(Errc::not_found, "link {}: client {} not found", link.name, link.client_id);
    return it->second;
  };
  const std::size_t n = links.size();
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(std::min<std::size_t>(
      std::max(threads, 1U), std::max<std::size_t>(n / k_links_per_thread, 1)));
  // An in-memory database has no second connection.
  if (db.path() == ":memory:" || db.path().empty()) threads = 1;

  FleetResult result;
  result.reports.reserve(n);
  // The rows to store, written in one short transaction once every link is computed, so that
  // illd's writer is never kept waiting for the whole calculation.
  std::vector<store::SlaReport> rows;
  rows.reserve(n);
  auto take = [&](Computed& c, std::size_t done) -> Status {
    store::SlaReport row;
    row.link_id = c.link_id;
    row.month = c.report.month;
    row.figures = std::move(c.report.text);
    row.policy = std::move(c.policy);
    row.computed_at = now;
    rows.push_back(std::move(row));
    result.rows += c.rows;
    result.reports.push_back(std::move(c.report));
    if (options.progress) options.progress(done, n);
    return {};
  };

  if (threads <= 1) {
    MonthInputs inputs;
    for (std::size_t i = 0; i < n; ++i) {
      auto zone = zone_for(links[i]);
      if (!zone) return fail(zone.error());
      auto c = compute_for_fleet(db, links[i], *zone, month, now, *unsettled, defaults,
                                 options.pretty_depth, inputs);
      if (!c) return fail(c.error());
      if (auto st = take(*c, i + 1); !st) return fail(st.error());
    }
  } else {
    // Workers compute links in any order into `slots`; this thread stores them in link order.
    struct Slot {
      std::optional<Computed> computed;
      std::optional<Error> error;
    };
    std::vector<Slot> slots(n);
    std::mutex mutex;
    std::condition_variable ready;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    unsigned running = threads;
    auto worker = [&] {
      auto finish = [&](std::size_t i, Result<Computed> c) {
        std::lock_guard lock(mutex);
        if (c)
          slots[i].computed = std::move(*c);
        else {
          slots[i].error = std::move(c.error());
          stop = true;
        }
        ready.notify_all();
      };
      auto reader = store::Database::open(db.path(), store::OpenMode::read_only);
      std::optional<store::Transaction> snapshot;
      if (reader) {
        auto read = (*reader)->begin_read();
        if (read) snapshot.emplace(std::move(*read));
      }
      MonthInputs inputs;
      for (;;) {
        const std::size_t i = next++;
        if (i >= n || stop) break;
        if (!reader) {
          finish(i, fail(reader.error()));
          break;
        }
        auto zone = zone_for(links[i]);
        if (!zone) {
          finish(i, fail(zone.error()));
          break;
        }
        finish(i, compute_for_fleet(**reader, links[i], *zone, month, now, *unsettled, defaults,
                                    options.pretty_depth, inputs));
      }
      snapshot.reset();
      std::lock_guard lock(mutex);
      --running;
      ready.notify_all();
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    std::optional<Error> failure;
    for (std::size_t i = 0; i < n && !failure; ++i) {
      std::unique_lock lock(mutex);
      ready.wait(lock,
                 [&] { return slots[i].computed || slots[i].error || (stop && running == 0); });
      if (slots[i].error) {
        failure = std::move(slots[i].error);
        break;
      }
      if (!slots[i].computed) {
        // Stopped by a later link's error: report that one.
        for (auto& slot : slots) {
          if (slot.error) {
            failure = std::move(slot.error);
            break;
          }
        }
        break;
      }
      Computed c = std::move(*slots[i].computed);
      slots[i].computed.reset();
      lock.unlock();
      if (auto st = take(c, i + 1); !st) {
        failure = std::move(st.error());
        stop = true;
      }
    }
    stop = true;
    pool.clear();  // joins
    if (failure) return fail(std::move(*failure));
  }
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  store::SlaReportRepository reports(db);
  for (const auto& row : rows)
    if (auto st = reports.put(row); !st) return fail(st.error());
  if (auto st = tx->commit(); !st) return fail(st.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::debug(
      "sla calculate: {} links in {:.3f} s on {} thread(s); rows read: {} link_state, {} "
      "maintenance, {} annotations, {} rollups_1d, {} rollups_1h, {} rollups_5m, {} samples ({} "
      "in all)",
      n, seconds, threads, result.rows.link_state, result.rows.maintenance, result.rows.annotations,
      result.rows.day_rollups, result.rows.hour_rollups, result.rows.slot_rollups,
      result.rows.samples, result.rows.total());
  return result;
}

}  // namespace ill::figures
