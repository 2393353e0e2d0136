// Portal passwords: argon2id through libsodium's crypto_pwhash_str, never reversible.
#pragma once

#include "core/result.hpp"
#include "store/secret.hpp"

#include <string>
#include <string_view>

namespace ill::store {

// How much work one hash costs. interactive (64 MiB, ~50 ms here) is the default; min exists
// for tests that hash many passwords. ILL_PWHASH_COST=min|interactive|moderate overrides, but
// `min` only in a build with the test suite (ILL_BUILD_TESTS): a production build configured
// with -DILL_BUILD_TESTS=OFF cannot be talked into weak hashes by its environment.
enum class HashCost { min, interactive, moderate };

// The cost named by `env` (ILL_PWHASH_COST's value, or null), `min` only when `allow_min`.
HashCost hash_cost_from(const char* env, bool allow_min);
// hash_cost_from(ILL_PWHASH_COST, built with tests).
HashCost default_hash_cost();

Result<std::string> hash_password(const Secret& password, HashCost cost = default_hash_cost());
// True when `password` matches the stored argon2id `hash`.
bool verify_password(std::string_view hash, const Secret& password);

}  // namespace ill::store
