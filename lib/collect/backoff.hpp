// Reconnect delays for a router that cannot be reached: exponential, capped, with jitter so that
// routers that failed together do not all retry together.
#pragma once

#include <chrono>
#include <cstdint>

namespace ill::collect {

struct BackoffPolicy {
  std::chrono::milliseconds initial{5'000};
  std::chrono::milliseconds cap{300'000};  // 5 min
  double factor = 2.0;
  double jitter = 0.2;  // each delay is scaled by a factor drawn from [1 - jitter, 1 + jitter]
};

class Backoff {
public:
  explicit Backoff(BackoffPolicy policy = {}, std::uint64_t seed = 0);

  // The delay before the next attempt; each call after a failure grows it up to the cap.
  std::chrono::milliseconds next_delay();
  // A success: the next failure starts again at the initial delay.
  void reset();
  unsigned failures() const { return m_failures; }

private:
  double random_unit();  // uniform in [0, 1)

  BackoffPolicy m_policy;
  unsigned m_failures = 0;
  std::uint64_t m_state;
};

}  // namespace ill::collect
