#include "store/password_hash.hpp"

#include "store/secret_box.hpp"

#include <sodium.h>

#include <cstdlib>
#include <string>

namespace ill::store {

HashCost hash_cost_from(const char* env, bool allow_min) {
  if (!env) return HashCost::interactive;
  std::string_view value(env);
  if (value == "min" && allow_min) return HashCost::min;
  if (value == "moderate") return HashCost::moderate;
  return HashCost::interactive;
}

HashCost default_hash_cost() {
#ifdef ILL_WEAK_PWHASH_FOR_TESTS
  constexpr bool allow_min = true;
#else
  constexpr bool allow_min = false;
#endif
  return hash_cost_from(std::getenv("ILL_PWHASH_COST"), allow_min);
}

Result<std::string> hash_password(const Secret& password, HashCost cost) {
  if (auto st = ensure_sodium(); !st) return fail(st.error());
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == HashCost::min) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  } else if (cost == HashCost::moderate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  }
  char out[crypto_pwhash_STRBYTES];
  std::string_view plain = password.reveal();
  if (crypto_pwhash_str_alg(out, plain.data(), plain.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(Errc::internal, "password hashing ran out of memory");
  return std::string(out);
}

bool verify_password(std::string_view hash, const Secret& password) {
  if (!ensure_sodium()) return false;
  std::string stored(hash);
  std::string_view plain = password.reveal();
  return crypto_pwhash_str_verify(stored.c_str(), plain.data(), plain.size()) == 0;
}

}  // namespace ill::store
