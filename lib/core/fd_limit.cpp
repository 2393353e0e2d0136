#include "core/fd_limit.hpp"

#include <sys/resource.h>
#include <cerrno>
#include <cstring>

namespace ill {

Result<FdLimit> raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return fail(Errc::internal, "getrlimit(RLIMIT_NOFILE): {}", std::strerror(errno));
  }
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      return fail(Errc::internal, "setrlimit(RLIMIT_NOFILE, {}): {}",
                  static_cast<unsigned long long>(limit.rlim_max), std::strerror(errno));
    }
    limit = raised;
  }
  return FdLimit{.soft = static_cast<std::uint64_t>(limit.rlim_cur),
                 .hard = static_cast<std::uint64_t>(limit.rlim_max)};
}

}  // namespace ill
