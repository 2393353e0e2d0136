// Where a listener binds: a numeric IPv4 or IPv6 address and a port (0: any free port). Parsed
// from configuration text by config::parse_listen_address; used by http::Server.
#pragma once

#include <cstdint>
#include <string>

namespace ill {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;

  bool operator==(const ListenAddress&) const = default;
};

}  // namespace ill
