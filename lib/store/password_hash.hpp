// Portal passwords: argon2id through libsodium's crypto_pwhash_str, never reversible.
#pragma once

#include "core/result.hpp"
#include "store/secret.hpp"

#include <string>
#include <string_view>

namespace ill::store {

// How much work one hash costs. interactive (64 MiB, ~50 ms here) is the default; min exists
// for tests that hash many passwords. ILL_PWHASH_COST=min|interactive|moderate overrides.
enum class HashCost { min, interactive, moderate };

// ILL_PWHASH_COST when set and valid, otherwise interactive.
HashCost default_hash_cost();

Result<std::string> hash_password(const Secret& password, HashCost cost = default_hash_cost());
// True when `password` matches the stored argon2id `hash`.
bool verify_password(std::string_view hash, const Secret& password);

}  // namespace ill::store
