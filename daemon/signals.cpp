#include "signals.hpp"

#include <pthread.h>

namespace ill::daemon {

SignalSet::SignalSet() {
  sigemptyset(&m_set);
  sigaddset(&m_set, SIGTERM);
  sigaddset(&m_set, SIGINT);
  sigaddset(&m_set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &m_set, &m_previous);
}

SignalSet::~SignalSet() { pthread_sigmask(SIG_SETMASK, &m_previous, nullptr); }

Signal SignalSet::wait() {
  for (;;) {
    int number = 0;
    if (sigwait(&m_set, &number) != 0) continue;
    if (number == SIGHUP) return Signal::reload;
    return Signal::stop;
  }
}

}  // namespace ill::daemon
