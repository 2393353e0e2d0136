#include "collect/writer.hpp"

#include "core/format.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_health_repository.hpp"
#include "store/sample_repository.hpp"

#include <spdlog/spdlog.h>

#include <optional>
#include <thread>

namespace ill::collect {

using namespace std::chrono_literals;

namespace {

// Whether a failed write says something about the results rather than about the store: a
// constraint violation (Statement reports those as invalid input) or a row that names something
// no longer there. Anything else (busy, locked, full, I/O) is the store failing, and the same
// results may well be written later.
bool about_the_data(const Error& error) {
  return error.category() == Errc::invalid_input || error.category() == Errc::not_found;
}

}  // namespace

Writer::Writer(std::unique_ptr<store::Database> db, WriterOptions options,
               std::function<void(store::Database&, const WriterStats&)> after_batch)
    : m_db(std::move(db)),
      m_options(options),
      m_after_batch(std::move(after_batch)),
      m_recorder(*m_db, options.in_transaction),
      m_queue(options.queue_capacity, Overflow::drop_oldest),
      m_last_expire(std::chrono::steady_clock::now() - options.expire_every) {
  m_stats.last_progress = std::chrono::steady_clock::now();
  m_thread = std::thread([this] { run(); });
}

Writer::~Writer() { stop(); }

bool Writer::push(PollResult result) { return m_queue.push(std::move(result)); }

void Writer::set_inventory(const Inventory& inventory) {
  m_recorder.live().set_inventory(inventory);
}

void Writer::stop() {
  m_queue.close();
  if (m_thread.joinable()) m_thread.join();
}

metrics::FleetSnapshot Writer::snapshot() const { return m_recorder.live().snapshot(); }

WriterStats Writer::stats() const {
  std::lock_guard lock(m_stats_mutex);
  WriterStats out = m_stats;
  out.queue_depth = m_queue.size();
  out.dropped += m_queue.dropped();
  return out;
}

void Writer::mark_progress() {
  std::lock_guard lock(m_stats_mutex);
  m_stats.last_progress = std::chrono::steady_clock::now();
}

void Writer::run() {
  std::vector<PollResult> batch;
  std::optional<std::chrono::steady_clock::time_point> stopping_since;
  for (;;) {
    mark_progress();
    batch.clear();
    for (auto& r : m_retry) batch.push_back(std::move(r));
    m_retry.clear();
    // Wait for the first new result (waking now and then to expire old rows), then gather
    // whatever else arrives within the linger time.
    auto first =
        m_queue.pop_for(batch.empty() ? std::chrono::milliseconds(10'000) : m_options.linger);
    if (first) {
      batch.push_back(std::move(*first));
      if (batch.size() < m_options.max_batch)
        m_queue.take_batch(std::chrono::steady_clock::now() + m_options.linger,
                           m_options.max_batch - batch.size(), batch);
    }
    if (!batch.empty()) write(batch);
    mark_progress();
    if (m_queue.closed()) {
      if (m_queue.size() == 0 && m_retry.empty()) break;  // drained
      if (!stopping_since) stopping_since = std::chrono::steady_clock::now();
      if (!m_retry.empty()) {
        // A store that keeps failing must not hold the stop beyond systemd's patience.
        if (std::chrono::steady_clock::now() - *stopping_since >= m_options.drain_limit) break;
        std::this_thread::sleep_for(100ms);  // nor spin meanwhile
      }
    } else if (std::chrono::steady_clock::now() - m_last_expire >= m_options.expire_every) {
      expire();
    }
  }
  // The slots still open get their rollups now rather than at the next start.
  if (auto st = m_recorder.settle_open_slots(); !st)
    spdlog::warn(
        "stopping with rollups of open 5-minute slots not settled (the next start "
        "settles them): {}",
        st.error().what());
  std::size_t left = m_retry.size();
  while (m_queue.pop_for(0ms)) ++left;
  if (left > 0) {
    spdlog::error("stopping with {} poll results that could not be written", left);
    std::lock_guard lock(m_stats_mutex);
    m_stats.dropped += left;
  }
}

void Writer::write(std::vector<PollResult>& batch) {
  const auto started = std::chrono::steady_clock::now();
  Result<BatchCounts> whole = m_recorder.record(batch);
  BatchCounts written;
  std::size_t unwritable = 0;
  std::optional<Error> failure;
  if (whole) {
    written = *whole;
  } else if (!about_the_data(whole.error())) {
    failure = whole.error();  // the store fails: keep the batch whole
  } else {
    // A bad result (say, for a link deleted while its router was being polled) must not block
    // the others for ever: write them one by one and drop those that fail on their own. Should
    // the store start failing meanwhile, that result and the rest are kept for the retry.
    std::vector<PollResult> kept;
    for (auto& result : batch) {
      if (failure) {
        kept.push_back(std::move(result));
        continue;
      }
      auto one = m_recorder.record(std::span<const PollResult>(&result, 1));
      if (one) {
        written.results += one->results;
        written.samples += one->samples;
        written.intervals += one->intervals;
      } else if (about_the_data(one.error())) {
        spdlog::error("dropping a poll of router {} that cannot be written: {}",
                      result.target->router.name, one.error().what());
        ++unwritable;
      } else {
        failure = one.error();
        kept.push_back(std::move(result));
      }
    }
    batch = std::move(kept);
  }
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  WriterStats stats;
  {
    std::lock_guard lock(m_stats_mutex);
    m_stats.dropped += unwritable;
    m_stats.results += written.results;
    m_stats.samples += written.samples;
    if (failure) {
      ++m_stats.errors;
      // Keep the newest results up to the queue's capacity for the next attempt.
      std::size_t keep = std::min(batch.size(), m_options.queue_capacity);
      m_stats.dropped += batch.size() - keep;
      for (std::size_t i = batch.size() - keep; i < batch.size(); ++i)
        m_retry.push_back(std::move(batch[i]));
      if (!m_stats.failing_since) {
        m_stats.failing_since = std::chrono::steady_clock::now();
        m_stats.failure = failure->what();
        spdlog::error("cannot write to the database, keeping {} poll results to retry: {}",
                      m_retry.size(), failure->what());
      }
      if (written.results == 0) return;
    } else if (m_stats.failing_since) {
      spdlog::info("writing to the database again ({} poll results caught up)", written.results);
      m_stats.failing_since.reset();
      m_stats.failure.clear();
    }
    ++m_stats.batches;
    m_stats.last_batch = took;
    stats = m_stats;
  }
  stats.queue_depth = m_queue.size();
  if (m_after_batch) m_after_batch(*m_db, stats);
}

namespace {
// Days of 5-minute rollups packed a pass (every expire_every): 50,000 links close 50,000 days a
// day, about 350 per 10-minute pass, so this keeps up with room to spare while one pass holds
// the write lock for a fraction of a second.
constexpr std::int64_t k_pack_days_per_pass = 2000;
}  // namespace

Result<RetentionCounts> expire_pass(store::Database& db, const RetentionPolicy& retention,
                                    std::chrono::system_clock::time_point now,
                                    std::int64_t max_pack_days) {
  auto before_time = [&](std::chrono::hours keep) {
    return std::chrono::floor<std::chrono::seconds>(now - keep);
  };
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  RetentionCounts n;
  auto samples = store::SampleRepository(db).expire_before(before_time(retention.samples));
  if (!samples) return fail(samples.error());
  n.samples = *samples;
  auto health = store::RouterHealthRepository(db).expire_before(before_time(retention.samples));
  if (!health) return fail(health.error());
  n.health = *health;
  store::RollupRepository rollups(db);
  auto five =
      rollups.expire_before(store::RollupPeriod::five_minutes, before_time(retention.rollups_5m));
  if (!five) return fail(five.error());
  n.rollups_5m = *five;
  // The daily rows carry the same 5-minute slots, so they share the 5-minute retention.
  auto days =
      rollups.expire_before(store::RollupPeriod::one_day, before_time(retention.rollups_5m));
  if (!days) return fail(days.error());
  n.days = *days;
  // Closed days' 5-minute rows into their day rows, a bounded number a pass.
  auto packed =
      rollups.pack_before(before_time(std::chrono::hours(0)) - store::k_pack_after, max_pack_days);
  if (!packed) return fail(packed.error());
  n.packed = *packed;
  if (auto st = tx->commit(); !st) return fail(st.error());
  return n;
}

void Writer::expire() {
  m_last_expire = std::chrono::steady_clock::now();
  auto n = expire_pass(*m_db, m_options.retention, std::chrono::system_clock::now(),
                       k_pack_days_per_pass);
  if (!n) {
    spdlog::warn("expiring old samples failed: {}", n.error().what());
    return;  // the transaction rolled back
  }
  if (n->samples + n->health + n->rollups_5m + n->days + n->packed > 0) {
    spdlog::debug(
        "expired {} samples, {} router health rows, {} 5-minute and {} daily rollups; "
        "packed {} days of 5-minute rollups",
        n->samples, n->health, n->rollups_5m, n->days, n->packed);
  }
}

}  // namespace ill::collect
