// The descriptor limit of a process that keeps a socket open to every router.
#pragma once

#include "core/result.hpp"

#include <cstdint>

namespace ill {

struct FdLimit {
  std::uint64_t soft = 0;
  std::uint64_t hard = 0;
};

// Raises the soft RLIMIT_NOFILE to the hard limit (systemd's LimitNOFILE= or the shell's ulimit
// -Hn) and returns the limits in force afterwards. The soft limit is often 1024, far below what
// thousands of router sessions need; the hard limit is what the administrator allowed.
Result<FdLimit> raise_fd_limit();

}  // namespace ill
