// Secrets the portal hands out: session and API tokens (256 random bits), form tokens, and the
// SHA-256 under which the store keeps them.
#pragma once

#include "store/portal_auth_repository.hpp"

#include <string>
#include <string_view>

namespace ill::portal {

// 32 random bytes from libsodium, base64url without padding (43 characters).
std::string random_token();
// SHA-256 of the token's text, as stored.
store::TokenHash token_hash(std::string_view token);
// Compares without leaking where they differ.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace ill::portal
