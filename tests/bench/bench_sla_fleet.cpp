// `illctl sla calculate --all --month` for a fleet, through the real store (issue #6's aim: 10,000
// links x a month of one-minute data in under 5 s). Run by hand:
//   bench_sla_fleet [links=10000] [raw_links=100] [dir=$TMPDIR] [store]
//
// It builds a store in `dir` (checking the free space first), or reuses `store` (a path to an
// ill.db it built before with the same links and raw_links, kept with ILL_BENCH_KEEP=1), and
// times nothing of that but reports it: 2,000 routers, 500 clients in Asia/Kolkata (a month there
// starts at 18:30 UTC, so the first and last hours of every link's month are read from rollups_5m),
// `links` links, one global and one per-router maintenance window, an annotation on one link in a
// hundred, and for every link January 2026 of one-minute polls (jittered, with outages and blind
// spots): its link_state and its rollups_5m and rollups_1d rows. The first `raw_links` links also
// get their raw samples, written the way the collector writes them (SampleRepository::put then
// RollupRepository::add per sample); the other links' rollups are built here in bulk
// (RollupRepository::put) from the same observations, because 446 million raw rows would take hours
// and ~40 GB. The bulk rows are first checked equal to what add() makes of the same samples.
//
// Then it runs `illctl -v sla calculate --all --month 2026-01` (table, then --json) as a child
// process and reports its wall time, CPU time, peak RSS (the child's ru_maxrss) and the rows it
// read (its -v log line), and checks the raw links' figures against sla::calculate over their raw
// observations.
#include "core/format.hpp"
#include "figures/effective_policy.hpp"
#include "figures/month_inputs.hpp"
#include "inventory/importer.hpp"
#include "sla/calculate.hpp"
#include "sla/timeline.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/maintenance_repository.hpp"
#include "store/outage_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/sample_repository.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using ill::sla::Observation;
using ill::sla::State;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_seconds;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// xorshift64*: cheap and deterministic.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
  }
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }
};

// A month of one-minute polls of one link: jitter of +-4 s, a blind spot (no polls for up to an
// hour) once in ~20,000 polls, an outage of 1-30 polls once in ~3,000; traffic with a daily cycle
// and noise; latency a per-link base of 5-40 ms with up to 3 ms of jitter (at 0.01 ms) and a spike
// once in ~500 polls; loss 0 but now and then 1-5 %; down polls have 100 % loss and no latency.
void generate(std::vector<Observation>& out, ill::sla::TimeRange month, std::uint64_t seed) {
  out.clear();
  Random random{seed * 0x9E3779B97F4A7C15ULL + 1};
  const double base_latency = 5.0 + static_cast<double>(random.below(3500)) / 100.0;
  const double capacity = 1e6 * static_cast<double>(10 + random.below(990));
  State state = State::up;
  std::int64_t state_left = 0;
  for (auto t = month.from; t < month.to; t += std::chrono::seconds{60}) {
    if (random.below(20'000) == 0) t += std::chrono::seconds{random.below(3600)};
    if (state_left == 0) {
      state = random.below(3000) == 0 ? State::down : State::up;
      state_left = state == State::down ? 1 + random.below(30) : 1;
    }
    --state_left;
    Observation o;
    o.t = t + std::chrono::seconds{random.below(9) - 4};
    if (o.t >= month.to) break;
    o.state = state;
    const double hour = static_cast<double>((ill::unix_seconds(o.t) + 19'800) % 86'400) / 3600.0;
    const double daily = 0.55 + 0.45 * std::sin((hour - 8.0) / 24.0 * 2 * M_PI);
    const double noise = static_cast<double>(random.below(1000)) / 1000.0;
    if (state == State::up) {
      o.rx_bps = std::floor(capacity * daily * (0.5 + 0.4 * noise));
      o.tx_bps = std::floor(capacity * 0.3 * daily * (0.6 + 0.3 * noise));
      o.latency_ms = base_latency + static_cast<double>(random.below(300)) / 100.0;
      if (random.below(500) == 0) o.latency_ms = *o.latency_ms + random.below(400);
      // As the store keeps it (whole microseconds), so the bulk rows equal add()'s.
      o.latency_ms = ill::store::stored_latency_ms(o.latency_ms);
      o.loss_pct = random.below(200) == 0 ? static_cast<double>(1 + random.below(5)) : 0.0;
    } else {
      o.rx_bps = 0.0;
      o.tx_bps = 0.0;
      o.loss_pct = 100.0;
    }
    out.push_back(o);
  }
}

ill::store::Sample sample_of(std::int64_t link_id, const Observation& o) {
  ill::store::Sample s;
  s.link_id = link_id;
  s.t = o.t;
  s.state = o.state;
  s.rx_bps = o.rx_bps;
  s.tx_bps = o.tx_bps;
  s.latency_avg_ms = o.latency_ms;
  s.loss_pct = o.loss_pct;
  return s;
}

std::int64_t floor_to(std::int64_t t, std::int64_t period) {
  std::int64_t r = t % period;
  return r < 0 ? t - r - period : t - r;
}

// Equal but for the rounding of sums: an hour read back is the sum of its 5-minute rows, added in
// another order than sample by sample.
bool same_rollups(const std::vector<ill::store::Rollup>& a,
                  const std::vector<ill::store::Rollup>& b) {
  if (a.size() != b.size()) return false;
  const auto near = [](double x, double y) {
    return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)});
  };
  for (std::size_t i = 0; i < a.size(); ++i) {
    ill::store::Rollup x = a[i];
    const ill::store::Rollup& y = b[i];
    for (auto field : {&ill::store::Rollup::rx_sum, &ill::store::Rollup::tx_sum,
                       &ill::store::Rollup::latency_sum, &ill::store::Rollup::loss_sum,
                       &ill::store::Rollup::up_latency_sum, &ill::store::Rollup::up_loss_sum}) {
      if (!near(x.*field, y.*field)) return false;
      x.*field = y.*field;
    }
    if (x.slots.size() == y.slots.size())
      for (std::size_t k = 0; k < x.slots.size(); ++k) {
        if (!near(x.slots[k].rx_sum, y.slots[k].rx_sum) ||
            !near(x.slots[k].tx_sum, y.slots[k].tx_sum))
          return false;
        x.slots[k].rx_sum = y.slots[k].rx_sum;
        x.slots[k].tx_sum = y.slots[k].tx_sum;
      }
    if (!(x == y)) return false;
  }
  return true;
}

// What RollupRepository::add() makes of `observations`, one period's rows at a time.
std::vector<ill::store::Rollup> rollups_of(std::int64_t link_id,
                                           const std::vector<Observation>& observations,
                                           ill::store::RollupPeriod period) {
  const std::int64_t seconds = ill::store::length_of(period).count();
  std::vector<ill::store::Rollup> rows;
  std::map<std::int64_t, std::uint64_t> hist;
  auto close = [&] {
    if (rows.empty()) return;
    for (const auto& [bucket, count] : hist) rows.back().up_latencies.push_back({bucket, count});
    hist.clear();
  };
  auto max_of = [](std::optional<double>& m, double v) { m = m ? std::max(*m, v) : v; };
  for (const Observation& o : observations) {
    const std::int64_t t = ill::unix_seconds(o.t);
    const std::int64_t slot = floor_to(t, seconds);
    if (rows.empty() || rows.back().t != ill::from_unix_seconds(slot)) {
      close();
      rows.push_back({});
      rows.back().link_id = link_id;
      rows.back().t = ill::from_unix_seconds(slot);
    }
    ill::store::Rollup& r = rows.back();
    ++r.samples;
    if (period == ill::store::RollupPeriod::one_day) {
      // A day row keeps only what the SLA figures need.
      if (o.state == State::up) {
        if (o.latency_ms) {
          ++r.up_latency_n;
          r.up_latency_sum += *o.latency_ms;
          ++hist[ill::sla::latency_bucket(*o.latency_ms)];
        }
        if (o.loss_pct) {
          ++r.up_loss_n;
          r.up_loss_sum += *o.loss_pct;
        }
      }
      if (r.slots.empty()) r.slots.resize(ill::store::k_slots_per_day);
      ill::store::SlotSums& s = r.slots[ill::store::slot_in_day(t)];
      if (o.rx_bps) {
        ++s.rx_n;
        s.rx_sum += *o.rx_bps;
      }
      if (o.tx_bps) {
        ++s.tx_n;
        s.tx_sum += *o.tx_bps;
      }
      continue;
    }
    r.up_samples += o.state == State::up;
    r.down_samples += o.state == State::down;
    if (o.rx_bps) {
      ++r.rx_n;
      r.rx_sum += *o.rx_bps;
      max_of(r.rx_max, *o.rx_bps);
    }
    if (o.tx_bps) {
      ++r.tx_n;
      r.tx_sum += *o.tx_bps;
      max_of(r.tx_max, *o.tx_bps);
    }
    if (o.latency_ms) {
      ++r.latency_n;
      r.latency_sum += *o.latency_ms;
      max_of(r.latency_max, *o.latency_ms);
    }
    if (o.loss_pct) {
      ++r.loss_n;
      r.loss_sum += *o.loss_pct;
    }
    if (o.state == State::up) {
      if (o.latency_ms) {
        ++r.up_latency_n;
        r.up_latency_sum += *o.latency_ms;
        ++hist[ill::sla::latency_bucket(*o.latency_ms)];
      }
      if (o.loss_pct) {
        ++r.up_loss_n;
        r.up_loss_sum += *o.loss_pct;
      }
    }
  }
  close();
  return rows;
}

std::string make_inventory(int routers, int links, int clients) {
  std::string csv = "[routers]\nname,host,port,transport,user,location,poll_interval_s\n";
  for (int i = 0; i < routers; ++i)
    csv += fmt::format("gw{:04},10.{}.{}.1,,api,ill-ro,POP {},60\n", i, i / 250, i % 250, i / 20);
  csv += "[clients]\nname,timezone,report_emails\n";
  for (int i = 0; i < clients; ++i)
    csv += fmt::format("client{:04},Asia/Kolkata,noc@client{}.example\n", i, i);
  csv +=
      "[links]\nname,client,router,interface,committed_mbps,committed_uptime_pct,monthly_fee,"
      "currency,activation_date\n";
  for (int i = 0; i < links; ++i)
    csv += fmt::format("link{:05},client{:04},gw{:04},ether{},{},99.5,25000,INR,2024-01-15\n", i,
                       i % clients, i % routers, i / routers + 1, 100 + (i % 10) * 100);
  return csv;
}

struct ChildRun {
  int exit_code = -1;
  double wall_s = 0;
  double user_s = 0;
  double sys_s = 0;
  long max_rss_kb = 0;
};

// Runs argv with stdout and stderr to files, and measures it.
ChildRun run_child(const std::vector<std::string>& argv, const std::string& out_path,
                   const std::string& err_path) {
  ChildRun run;
  std::fflush(stdout);
  std::fflush(stderr);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    std::FILE* err = std::freopen(err_path.c_str(), "w", stderr);
    if (out == nullptr || err == nullptr) _exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.wall_s = seconds_since(start);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.user_s = static_cast<double>(usage.ru_utime.tv_sec) + usage.ru_utime.tv_usec / 1e6;
  run.sys_s = static_cast<double>(usage.ru_stime.tv_sec) + usage.ru_stime.tv_usec / 1e6;
  run.max_rss_kb = usage.ru_maxrss;
  return run;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::uintmax_t store_bytes(const std::string& db_path) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const auto size = fs::file_size(db_path + suffix, ec);
    if (!ec) total += size;
  }
  return total;
}

int fail_with(const std::string& message) {
  fmt::print(stderr, "bench_sla_fleet: {}\n", message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const int links = argc > 1 ? std::atoi(argv[1]) : 10'000;
  const int raw_links = std::min(argc > 2 ? std::atoi(argv[2]) : 100, links);
  const fs::path base = argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path();
  const int routers = std::max(1, std::min(2000, links / 5));
  const int clients = std::max(1, std::min(500, links / 20));

  // ~1.2 kB of rollups per link-hour, ~70 B per raw sample, doubled for the WAL and headroom.
  const double estimate =
      static_cast<double>(links) * 744 * 1250 + static_cast<double>(raw_links) * 44'640 * 70;
  const auto space = fs::space(base);
  fmt::print("store estimate {:.1f} GB; {:.1f} GB free in {}\n", estimate / 1e9,
             static_cast<double>(space.available) / 1e9, base.string());
  if (static_cast<double>(space.available) < 2 * estimate)
    return fail_with("not enough free space for the store; give a smaller fleet or another dir");

  const bool reuse = argc > 4;
  const fs::path dir = reuse ? fs::path(argv[4]).parent_path()
                             : base / fmt::format("ill-bench-sla-fleet-{}", ::getpid());
  fs::create_directories(dir);
  const std::string db_path = reuse ? std::string(argv[4]) : (dir / "ill.db").string();

  // --- Fill (not timed against the aim) ---------------------------------------------------
  const auto fill_start = Clock::now();
  auto db = ill::store::Database::open(db_path, ill::store::OpenMode::create);
  if (!db) return fail_with(db.error().what());
  if (!reuse) {
    auto imported =
        ill::inventory::import_inventory(**db, make_inventory(routers, links, clients), {});
    if (!imported || !imported->errors.empty() || !imported->committed)
      return fail_with("inventory import failed");
  }
  auto all_links = ill::store::LinkRepository(**db).list();
  if (!all_links) return fail_with(all_links.error().what());

  auto zone = ill::sla::find_zone("Asia/Kolkata");
  auto period = ill::sla::month_period(date::year{2026} / 1, *zone);
  if (!zone || !period) return fail_with("no period");
  const ill::sla::TimeRange month = period->range();

  ill::store::MaintenanceRepository maintenance(**db);
  if (!reuse) {
    ill::store::MaintenanceWindow all;
    all.scope = ill::store::MaintenanceScope::all;
    all.start_t = month.from + days{9} + minutes{30};  // the 10th, 00:00-04:00 IST
    all.end_t = all.start_t + hours{4};
    all.reason = "core upgrade";
    if (auto id = maintenance.add(all); !id) return fail_with(id.error().what());
    for (int r = 0; r < routers; ++r) {
      ill::store::MaintenanceWindow w;
      w.scope = ill::store::MaintenanceScope::router;
      w.router_id = r + 1;
      w.start_t = month.from + days{3 + r % 25} + minutes{30};
      w.end_t = w.start_t + hours{2};
      w.reason = "router firmware";
      if (auto id = maintenance.add(w); !id) return fail_with(id.error().what());
    }
  }

  std::vector<Observation> observations;
  ill::store::LinkStateRepository states(**db);
  ill::store::RollupRepository rollups(**db);
  ill::store::SampleRepository samples(**db);
  ill::store::OutageRepository notes(**db);
  std::size_t total_observations = 0;
  std::size_t total_intervals = 0;
  bool bulk_checked = false;
  constexpr int k_links_per_transaction = 50;
  std::optional<ill::store::Transaction> tx;
  for (int i = 0; i < links; ++i) {
    const ill::store::Link& link = (*all_links)[static_cast<std::size_t>(i)];
    if (reuse) break;
    if (!tx) {
      auto begun = (*db)->begin();
      if (!begun) return fail_with(begun.error().what());
      tx.emplace(std::move(*begun));
    }
    generate(observations, month, static_cast<std::uint64_t>(link.id));
    total_observations += observations.size();
    auto timeline = ill::sla::build_timeline(observations, std::chrono::seconds{60});
    if (!timeline) return fail_with(timeline.error().what());
    total_intervals += timeline->size();
    std::vector<ill::store::StateInterval> intervals;
    for (const auto& iv : *timeline) intervals.push_back({link.id, iv.from, iv.to, iv.state});
    if (auto st = states.replace(link.id, {month.from, month.to + hours{1}}, intervals); !st)
      return fail_with(st.error().what());
    if (i < raw_links) {
      // The collector's way: each sample, then its rollups.
      for (const Observation& o : observations) {
        const auto s = sample_of(link.id, o);
        if (auto st = samples.put(s); !st) return fail_with(st.error().what());
        if (auto st = rollups.add(s); !st) return fail_with(st.error().what());
      }
      if (!bulk_checked) {
        // The bulk rows below must be what add() made.
        for (auto period_kind :
             {ill::store::RollupPeriod::five_minutes, ill::store::RollupPeriod::one_hour,
              ill::store::RollupPeriod::one_day}) {
          auto stored =
              rollups.range(period_kind, link.id, {month.from - days{1}, month.to + days{1}});
          if (!stored) return fail_with(stored.error().what());
          if (!same_rollups(*stored, rollups_of(link.id, observations, period_kind)))
            return fail_with("bulk rollups differ from RollupRepository::add()'s");
        }
        bulk_checked = true;
      }
    } else {
      // No hour rows: as the writer, which leaves a day's hours to be summed when read.
      for (auto period_kind :
           {ill::store::RollupPeriod::five_minutes, ill::store::RollupPeriod::one_day})
        for (const auto& row : rollups_of(link.id, observations, period_kind))
          if (auto st = rollups.put(period_kind, row); !st) return fail_with(st.error().what());
    }
    if (i % 100 == 7) {
      // An operator's cause on one link in a hundred: its first hour of the 20th.
      ill::store::OutageAnnotation a;
      a.link_id = link.id;
      a.start_t = month.from + days{19};
      a.end_t = a.start_t + hours{1};
      a.cause = "customer";
      a.note = "CPE";
      a.changed_by = "bench";
      a.changed_at = month.to;
      if (auto st = notes.annotate(a); !st) return fail_with(st.error().what());
    }
    if ((i + 1) % k_links_per_transaction == 0 || i + 1 == links) {
      if (auto st = tx->commit(); !st) return fail_with(st.error().what());
      tx.reset();
    }
    if ((i + 1) % 500 == 0 || i + 1 == links) {
      fmt::print(stderr, "\rfill: {} of {} links ({:.0f} s)", i + 1, links,
                 seconds_since(fill_start));
    }
  }
  if (!reuse) fmt::print(stderr, "\n");
  // The closed days' 5-minute and hourly rows into their day rows, as illd's writer does.
  double pack_s = 0;
  std::int64_t packed_days = 0;
  if (!reuse) {
    const auto pack_start = Clock::now();
    auto begun = (*db)->begin();
    if (!begun) return fail_with(begun.error().what());
    auto packed = rollups.pack_before(month.to + days{2});
    if (!packed) return fail_with(packed.error().what());
    if (auto st = begun->commit(); !st) return fail_with(st.error().what());
    packed_days = *packed;
    pack_s = seconds_since(pack_start);
  }
  if (auto st = (*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)"); !st)
    return fail_with(st.error().what());
  const double fill_s = seconds_since(fill_start);
  db->reset();
  if (reuse)
    fmt::print("reusing the store {}\n", db_path);
  else
    fmt::print(
        "fill: {} links x January 2026 (Asia/Kolkata) in {:.0f} s, not counted: {} polls ({:.0f} "
        "per link), {} link_state rows, raw samples for {} links ({} rows); bulk rollups checked "
        "against add()\n",
        links, fill_s, total_observations,
        static_cast<double>(total_observations) / static_cast<double>(links), total_intervals,
        raw_links, raw_links * 44'640);
  if (!reuse)
    fmt::print("packed {} link-days of 5-minute and hourly rows in {:.0f} s, not counted\n",
               packed_days, pack_s);
  fmt::print("store: {:.2f} GB\n", static_cast<double>(store_bytes(db_path)) / 1e9);

  // --- The measured runs -------------------------------------------------------------------
  unsetenv("ILL_CONFIG");
  const std::string illctl = ILL_ILLCTL_PATH;
  // The child's peak RSS counts the memory this process had when it forked (Linux records the old
  // address space's peak at exec), so keep it small: nothing big is held from here until the
  // runs are done.
  observations = {};
  malloc_trim(0);
  std::string json_out;
  for (const bool json : {false, true, false}) {
    std::vector<std::string> args{illctl, "--db", db_path, "-v"};
    if (json) args.emplace_back("--json");
    for (const char* a : {"sla", "calculate", "--all", "--month", "2026-01"}) args.emplace_back(a);
    const std::string out = (dir / "out.txt").string();
    const std::string err = (dir / "err.txt").string();
    const ChildRun run = run_child(args, out, err);
    const std::string log = read_file(err);
    if (run.exit_code != 0)
      return fail_with(fmt::format("illctl exited {}: {}", run.exit_code, log));
    std::string rows = "(no -v line)";
    if (auto at = log.find("rows read:"); at != std::string::npos)
      rows = log.substr(at, log.find('\n', at) - at);
    std::string threads;
    if (auto at = log.find(" on "); at != std::string::npos)
      threads = log.substr(at + 4, log.find(';', at) - at - 4);
    fmt::print(
        "illctl sla calculate --all --month 2026-01{}: wall {:.2f} s, CPU {:.2f} s user + {:.2f} "
        "s sys, peak RSS {:.0f} MB, {}\n  {}\n",
        json ? " --json" : "", run.wall_s, run.user_s, run.sys_s,
        static_cast<double>(run.max_rss_kb) / 1024.0, threads, rows);
    if (json) {
      json_out = (dir / "reports.json").string();
      fs::rename(out, json_out);
    }
  }
  const nlohmann::json reports = nlohmann::json::parse(read_file(json_out));
  fmt::print("store after: {:.2f} GB\n", static_cast<double>(store_bytes(db_path)) / 1e9);

  // --- The raw links' figures against sla::calculate over their raw observations ---------------
  int checked = 0;
  int mismatched = 0;
  for (int i = 0; i < raw_links; ++i) {
    const ill::store::Link& link = (*all_links)[static_cast<std::size_t>(i)];
    const nlohmann::json* report = nullptr;
    for (const auto& r : reports)
      if (r["link"] == link.name) report = &r;
    if (report == nullptr) return fail_with("no report for " + link.name);
    auto open = ill::store::Database::open(db_path, ill::store::OpenMode::read_only);
    if (!open) return fail_with(open.error().what());
    ill::figures::MonthInputs inputs;
    auto policy = ill::figures::effective_policy(link, ill::config::SlaSettings{});
    if (!policy) return fail_with(policy.error().what());
    if (auto st = ill::figures::read_month_inputs(**open, link, *period, *policy, std::nullopt,
                                                  std::nullopt, inputs);
        !st)
      return fail_with(st.error().what());
    generate(observations, month, static_cast<std::uint64_t>(link.id));
    auto raw = ill::sla::calculate(*period, inputs.timeline, inputs.maintenance, observations,
                                   inputs.annotations, *policy);
    if (!raw) return fail_with(raw.error().what());
    auto near = [](const nlohmann::json& a, const std::optional<double>& b) {
      if (a.is_null() || !b) return a.is_null() && !b;
      return std::abs(a.get<double>() - *b) <= 1e-9 * std::max(1.0, std::abs(*b));
    };
    const nlohmann::json& r = *report;
    const bool same = r["downtime_s"] == raw->downtime_s && r["unknown_s"] == raw->unknown_s &&
                      r["excluded_s"] == raw->excluded_s &&
                      near(r["availability_pct"], raw->availability_pct) &&
                      r["latency_n"] == raw->latency_n && r["loss_n"] == raw->loss_n &&
                      near(r["latency_avg_ms"], raw->latency_avg_ms) &&
                      r["latency_p95_ms"] == nlohmann::json(*raw->latency_p95_ms) &&
                      near(r["loss_avg_pct"], raw->loss_avg_pct) &&
                      r["p95_in_bps"] == nlohmann::json(*raw->traffic.in_bps) &&
                      r["p95_out_bps"] == nlohmann::json(*raw->traffic.out_bps) &&
                      r["p95_in_slots"] == raw->traffic.in_slots;
    ++checked;
    if (!same) {
      ++mismatched;
      fmt::print(stderr, "link {}: store {} vs raw downtime {} p95 in {} latency p95 {}\n",
                 link.name, r.dump(), raw->downtime_s, *raw->traffic.in_bps, *raw->latency_p95_ms);
    }
  }
  fmt::print("raw links checked against sla::calculate over their samples: {} of {} equal\n",
             checked - mismatched, checked);
  if (std::getenv("ILL_BENCH_KEEP") == nullptr && !reuse) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  } else {
    fmt::print("kept {}\n", dir.string());
  }
  return mismatched == 0 ? 0 : 1;
}
