// illd's single writer: a thread that takes poll results from the collector through a bounded
// queue and commits them in batches, one transaction each (recorder.hpp), so a crash loses at
// most the batch in flight and the store is never half-written. A batch closes after `linger`
// or `max_batch` results, whichever comes first. Raw samples and 5-minute rollups past their
// retention are expired as it goes; 1-hour rollups are kept.
//
// A batch that cannot be committed because the store is failing (disk full, a locked database,
// an I/O error) is kept whole and retried with the next one, up to `queue_capacity` results;
// past that the oldest are dropped and counted. Only when the failure is about the data (a
// constraint violation: a link deleted while its router was polled) is the batch written result
// by result, and the results that fail on their own are dropped, each logged. The first failure
// and the recovery are logged, not every retry.
//
// The collector never waits on the writer: when the queue is full, the oldest queued result
// makes room and is counted as dropped. On stop, the queue is drained for at most
// `drain_limit` once the store fails, so a stop under a held lock ends within systemd's
// TimeoutStopSec; what is left is logged and counted.
#pragma once

#include "collect/recorder.hpp"
#include "core/channel.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace ill::collect {

struct RetentionPolicy {
  std::chrono::hours samples{40 * 24};      // raw samples and router health
  std::chrono::hours rollups_5m{400 * 24};  // 5-minute and daily rollups; 1-hour ones are kept
};

// What one retention pass did.
struct RetentionCounts {
  std::int64_t samples = 0, health = 0, rollups_5m = 0, days = 0;
  std::int64_t packed = 0;  // closed link-days packed into their day rows
};

// One retention pass, in one transaction (the writer runs one every `expire_every`): raw samples
// and router health, then 5-minute and daily rollups past their retention (their hours written
// out first: hours are kept), then at most `max_pack_days` closed days packed
// (RollupRepository::pack_before). Each goes link by link (or router by router) along its key,
// so a pass costs what it deletes and packs, not the size of the store.
Result<RetentionCounts> expire_pass(store::Database& db, const RetentionPolicy& retention,
                                    std::chrono::system_clock::time_point now,
                                    std::int64_t max_pack_days);

struct WriterOptions {
  std::chrono::milliseconds linger{1'000};
  std::size_t max_batch = 5'000;
  std::size_t queue_capacity = 100'000;
  RetentionPolicy retention;
  std::chrono::minutes expire_every{10};
  std::chrono::seconds drain_limit{15};  // see above; illd.service's TimeoutStopSec covers it
  BatchHook in_transaction;              // see recorder.hpp
};

struct WriterStats {
  std::uint64_t batches = 0;
  std::uint64_t results = 0;
  std::uint64_t samples = 0;
  std::uint64_t errors = 0;   // batches that failed to commit
  std::uint64_t dropped = 0;  // results given up: unwritable, queue overflow, stop
  std::size_t queue_depth = 0;
  std::chrono::microseconds last_batch{0};
  // Progress, for illd's health (collect/health.hpp): the writer thread's last turn of its loop
  // (it turns at least every 10 s when idle), and since when commits fail, with the first error.
  std::chrono::steady_clock::time_point last_progress{};
  std::optional<std::chrono::steady_clock::time_point> failing_since;
  std::string failure;
};

class Writer {
public:
  // `after_batch` runs on the writer thread after each committed batch (illd's heartbeat).
  Writer(std::unique_ptr<store::Database> db, WriterOptions options,
         std::function<void(store::Database&, const WriterStats&)> after_batch = {});
  ~Writer();  // stop()
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a result (collector thread); never waits: a full queue drops its oldest result.
  // False once stopped.
  bool push(PollResult result);
  void set_inventory(const Inventory& inventory);
  // Writes what is queued, then joins the thread. Idempotent.
  void stop();

  metrics::FleetSnapshot snapshot() const;  // the recorder's live figures
  std::map<std::string, std::size_t> router_status_counts() const {
    return m_recorder.live().router_status_counts();
  }
  WriterStats stats() const;

private:
  void run();
  void mark_progress();
  void write(std::vector<PollResult>& batch);
  void expire();

  std::unique_ptr<store::Database> m_db;
  WriterOptions m_options;
  std::function<void(store::Database&, const WriterStats&)> m_after_batch;
  Recorder m_recorder;
  Channel<PollResult> m_queue;
  std::deque<PollResult> m_retry;  // writer thread only
  std::chrono::steady_clock::time_point m_last_expire;

  mutable std::mutex m_stats_mutex;
  WriterStats m_stats;
  std::thread m_thread;
};

}  // namespace ill::collect
