// Deadlines: every RouterOS operation takes one and fails with Errc::timeout rather than block
// past it.
#pragma once

#include <chrono>

namespace ill::routeros {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// A deadline `timeout` from now.
inline Deadline deadline_in(Clock::duration timeout) { return Clock::now() + timeout; }

}  // namespace ill::routeros
