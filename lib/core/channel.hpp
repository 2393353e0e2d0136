// A bounded queue between threads. The capacity and what happens when it is full are chosen where
// each channel is created; close() wakes every waiter and makes further pushes fail.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

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
    lock.unlock();
    m_not_empty.notify_one();
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

  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_not_empty.notify_all();
    m_not_full.notify_all();
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

  mutable std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<T> m_items;
  std::size_t m_capacity;
  Overflow m_overflow;
  std::size_t m_dropped = 0;
  bool m_closed = false;
};

}  // namespace ill
