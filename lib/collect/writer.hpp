// illd's single writer: a thread that takes poll results from the collector through a bounded
// queue and commits them in batches, one transaction each (recorder.hpp), so a crash loses at
// most the batch in flight and the store is never half-written. A batch closes after `linger`
// or `max_batch` results, whichever comes first. Raw samples and 5-minute rollups past their
// retention are expired as it goes; 1-hour rollups are kept.
//
// A batch that cannot be committed (disk full, a locked database) is kept and retried with the
// next one, up to `queue_capacity` results; past that the oldest are dropped and counted. The
// first failure and the recovery are logged, not every retry.
#pragma once

#include "collect/recorder.hpp"
#include "core/channel.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <thread>

namespace ill::collect {

struct RetentionPolicy {
  std::chrono::hours samples{40 * 24};      // raw samples and router health
  std::chrono::hours rollups_5m{400 * 24};  // 5-minute and daily rollups; 1-hour ones are kept
};

struct WriterOptions {
  std::chrono::milliseconds linger{1'000};
  std::size_t max_batch = 5'000;
  std::size_t queue_capacity = 100'000;
  RetentionPolicy retention;
  std::chrono::minutes expire_every{10};
  BatchHook in_transaction;  // see recorder.hpp
};

struct WriterStats {
  std::uint64_t batches = 0;
  std::uint64_t results = 0;
  std::uint64_t samples = 0;
  std::uint64_t errors = 0;   // batches that failed to commit
  std::uint64_t dropped = 0;  // results given up after repeated failures
  std::size_t queue_depth = 0;
  std::chrono::microseconds last_batch{0};
};

class Writer {
public:
  // `after_batch` runs on the writer thread after each committed batch (illd's heartbeat).
  Writer(std::unique_ptr<store::Database> db, WriterOptions options,
         std::function<void(store::Database&, const WriterStats&)> after_batch = {});
  ~Writer();  // stop()
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a result (collector thread); waits while the queue is full. False once stopped.
  bool push(PollResult result);
  void set_inventory(const Inventory& inventory);
  // Writes what is queued, then joins the thread. Idempotent.
  void stop();

  metrics::FleetSnapshot snapshot() const;  // the recorder's live figures
  std::map<std::string, std::size_t> router_status_counts() const {
    return m_recorder.router_status_counts();
  }
  WriterStats stats() const;

private:
  void run();
  void write(std::vector<PollResult>& batch);
  void expire();

  std::unique_ptr<store::Database> m_db;
  WriterOptions m_options;
  std::function<void(store::Database&, const WriterStats&)> m_after_batch;
  Recorder m_recorder;
  Channel<PollResult> m_queue;
  std::deque<PollResult> m_retry;  // writer thread only
  std::chrono::steady_clock::time_point m_last_expire;
  bool m_failing = false;  // the last batch failed (guarded by m_stats_mutex)

  mutable std::mutex m_stats_mutex;
  WriterStats m_stats;
  std::thread m_thread;
};

}  // namespace ill::collect
