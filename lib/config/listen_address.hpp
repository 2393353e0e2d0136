// "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464" as a ListenAddress. Host names are refused: a
// listener binds to an address, and resolving a name at start would make the bind depend on DNS.
#pragma once

#include "core/listen_address.hpp"
#include "core/result.hpp"

#include <string_view>

namespace ill::config {

Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace ill::config
