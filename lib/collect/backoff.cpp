#include "collect/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ill::collect {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed)
    : m_policy(policy), m_state(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}

double Backoff::random_unit() {
  // splitmix64: cheap, good enough to spread retries, and reproducible from the seed in tests.
  std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / 9007199254740992.0;
}

std::chrono::milliseconds Backoff::next_delay() {
  double base =
      static_cast<double>(m_policy.initial.count()) * std::pow(m_policy.factor, m_failures);
  base = std::min(base, static_cast<double>(m_policy.cap.count()));
  if (m_failures < 64) ++m_failures;
  double scale = 1.0 + m_policy.jitter * (2.0 * random_unit() - 1.0);
  double delay = std::min(base * scale, static_cast<double>(m_policy.cap.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(delay, 0.0)));
}

void Backoff::reset() { m_failures = 0; }

}  // namespace ill::collect
