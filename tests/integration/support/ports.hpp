// A loopback port nothing listens on right now, for test servers that need a port up front.
#pragma once

#include <cstdint>

namespace ill::test {

// Bound to 127.0.0.1:0 and released: another process may take it before the caller does, so a
// server that fails to bind should be started again with another one.
std::uint16_t free_loopback_port();

}  // namespace ill::test
