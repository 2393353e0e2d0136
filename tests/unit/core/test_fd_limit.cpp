#include "core/fd_limit.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

TEST_CASE("raise_fd_limit lifts the soft descriptor limit to the hard one", "[unit][core]") {
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
  // Start from a low soft limit, as a shell or a service manager often leaves it.
  rlimit low = before;
  low.rlim_cur = before.rlim_max < 256 ? before.rlim_max : 256;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);

  auto raised = ill::raise_fd_limit();
  REQUIRE(raised);
  CHECK(raised->soft == raised->hard);
  CHECK(raised->hard == static_cast<std::uint64_t>(before.rlim_max));
  rlimit after{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &after) == 0);
  CHECK(after.rlim_cur == before.rlim_max);

  REQUIRE(::setrlimit(RLIMIT_NOFILE, &before) == 0);
}
