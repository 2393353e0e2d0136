// The byte pipe under a blocking RouterOS client: TCP, TLS, or a fake in tests. Every call takes
// a deadline and returns Errc::timeout rather than block past it.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace ill::routeros {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// A deadline `timeout` from now.
inline Deadline deadline_in(Clock::duration timeout) { return Clock::now() + timeout; }

class Transport {
public:
  virtual ~Transport() = default;

  // Writes every byte before the deadline. On a timeout some bytes may have been written, so the
  // stream is no longer usable.
  virtual Status write_all(std::string_view bytes, Deadline deadline) = 0;
  // Reads at least one byte into `buffer`, or returns 0 at an orderly end of stream.
  virtual Result<std::size_t> read_some(std::span<char> buffer, Deadline deadline) = 0;
  virtual void close() = 0;
  // "127.0.0.1:8729 (TLS)" for messages and logs.
  virtual std::string peer() const = 0;
};

}  // namespace ill::routeros
