// Signals as events: blocked in every thread and taken synchronously with sigwait.
#pragma once

#include <csignal>

namespace ill::daemon {

enum class Signal { reload, stop };

class SignalSet {
public:
  SignalSet();   // blocks SIGTERM, SIGINT, SIGHUP for this thread and threads it starts later
  ~SignalSet();  // restores the previous mask
  SignalSet(const SignalSet&) = delete;
  SignalSet& operator=(const SignalSet&) = delete;

  Signal wait();

private:
  sigset_t m_set{};
  sigset_t m_previous{};
};

}  // namespace ill::daemon
