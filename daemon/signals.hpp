// Signals as events: blocked in every thread and taken synchronously with sigwait.
#pragma once

#include <chrono>
#include <csignal>

namespace ill::daemon {

enum class Signal { none, reload, stop };

class SignalSet {
public:
  SignalSet();   // blocks SIGTERM, SIGINT, SIGHUP for this thread and threads it starts later
  ~SignalSet();  // restores the previous mask
  SignalSet(const SignalSet&) = delete;
  SignalSet& operator=(const SignalSet&) = delete;

  // Waits for a signal; Signal::none when `timeout` (if positive) passes first.
  Signal wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

private:
  sigset_t m_set{};
  sigset_t m_previous{};
};

}  // namespace ill::daemon
