#include "signals.hpp"

#include <pthread.h>
#include <cerrno>
#include <ctime>

namespace ill::daemon {

SignalSet::SignalSet() {
  sigemptyset(&m_set);
  sigaddset(&m_set, SIGTERM);
  sigaddset(&m_set, SIGINT);
  sigaddset(&m_set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &m_set, &m_previous);
}

SignalSet::~SignalSet() { pthread_sigmask(SIG_SETMASK, &m_previous, nullptr); }

Signal SignalSet::wait(std::chrono::milliseconds timeout) {
  for (;;) {
    int number = 0;
    if (timeout.count() > 0) {
      timespec ts{static_cast<time_t>(timeout.count() / 1000),
                  static_cast<long>(timeout.count() % 1000) * 1'000'000};
      number = sigtimedwait(&m_set, nullptr, &ts);
      if (number < 0) {
        if (errno == EAGAIN) return Signal::none;
        continue;  // EINTR
      }
    } else if (sigwait(&m_set, &number) != 0) {
      continue;
    }
    if (number == SIGHUP) return Signal::reload;
    return Signal::stop;
  }
}

}  // namespace ill::daemon
