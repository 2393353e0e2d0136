// The pre-6.43 challenge login: the router answers `/login` with `!done =ret=<32 hex digits>`,
// and the client proves the password with an MD5 digest.
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace ill::routeros {

// "00" + hex(MD5(0x00 ‖ password ‖ unhex(challenge))), e.g. challenge
// "259e0bc05acd6f46926dc2f809ed1bba" and password "test" give
// "00c7fd865183a43a772dde231f6d0bff13". A challenge that is not an even number of hex digits is
// Errc::protocol.
Result<std::string> legacy_login_response(std::string_view password, std::string_view challenge);

}  // namespace ill::routeros
