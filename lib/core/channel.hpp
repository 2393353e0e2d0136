// A bounded queue between threads. The capacity and what happens when it is full are chosen where
// each channel is created; close() wakes every waiter and makes further pushes fail.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace ill {

enum class Overflow {
  block,        // push waits for room (back-pressure)
  drop_oldest,  // push makes room by discarding the oldest item
};

template <typename T>
class Channel {
public:
  Channel(std::size_t capacity, Overflow overflow) : m_capacity(capacity), m_overflow(overflow) {}

  // False when the channel is closed. With Overflow::block waits for room.
  bool push(T item) {
    std::unique_lock lock(m_mutex);
    if (m_overflow == Overflow::block) {
      m_not_full.wait(lock, [&] { return m_closed || m_items.size() < m_capacity; });
    }
    if (m_closed) return false;
    if (m_items.size() >= m_capacity) {
      m_items.pop_front();
      ++m_dropped;
    }
    m_items.push_back(std::move(item));
    const bool batch_full = m_items.size() >= m_batch_wake;
    lock.unlock();
    m_not_empty.notify_one();
    if (batch_full) m_batch_ready.notify_one();
    return true;
  }

  // Waits for an item; nullopt once the channel is closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [&] { return m_closed || !m_items.empty(); });
    return take(lock);
  }

  // Like pop(), but gives up after `timeout` (nullopt then too).
  std::optional<T> pop_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait_for(lock, timeout, [&] { return m_closed || !m_items.empty(); });
    return take(lock);
  }

  // Waits until `deadline`, until `count` items wait, or until the channel is closed, then
  // moves up to `count` items to the end of `out`. Items pushed meanwhile do not wake the caller
  // one by one (a wake-up is a context switch for the caller and a system call for the pusher):
  // only the push that makes `count`, or close().
  template <typename Clock, typename Duration>
  void take_batch(std::chrono::time_point<Clock, Duration> deadline, std::size_t count,
                  std::vector<T>& out) {
    if (count == 0) return;
    std::unique_lock lock(m_mutex);
    m_batch_wake = count;
    m_batch_ready.wait_until(lock, deadline, [&] { return m_closed || m_items.size() >= count; });
    m_batch_wake = k_no_batch;
    const std::size_t n = std::min(count, m_items.size());
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(std::move(m_items.front()));
      m_items.pop_front();
    }
    lock.unlock();
    if (n > 0) m_not_full.notify_all();
  }

  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_not_empty.notify_all();
    m_not_full.notify_all();
    m_batch_ready.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(m_mutex);
    return m_closed;
  }
  std::size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_items.size();
  }
  std::size_t dropped() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
  }

private:
  std::optional<T> take(std::unique_lock<std::mutex>& lock) {
    if (m_items.empty()) return std::nullopt;
    T item = std::move(m_items.front());
    m_items.pop_front();
    lock.unlock();
    m_not_full.notify_one();
    return item;
  }

  static constexpr std::size_t k_no_batch = static_cast<std::size_t>(-1);

  mutable std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::condition_variable m_batch_ready;
  std::size_t m_batch_wake = k_no_batch;  // a take_batch() waits for this many items
  std::deque<T> m_items;
  std::size_t m_capacity;
  Overflow m_overflow;
  std::size_t m_dropped = 0;
  bool m_closed = false;
};

}  // namespace ill
