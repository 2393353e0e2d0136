// Encrypts router secrets with libsodium secretbox (XSalsa20-Poly1305) under a 32-byte key
// kept in a key file of mode 0600, so a copy of the database alone reveals no password.
#pragma once

#include "core/result.hpp"
#include "store/secret.hpp"

#include <array>
#include <string>
#include <vector>

namespace ill::store {

class SecretBox {
public:
  static constexpr std::size_t k_key_size = 32;

  // Creates a new random key file at `path` with mode 0600; refuses to overwrite one.
  static Status create_key_file(const std::string& path);

  // Loads the key; refuses a missing file, one readable or writable by group or others,
  // and one that does not hold a key, naming the path each time.
  static Result<SecretBox> load(const std::string& path);

  // A key given directly (tests).
  static SecretBox from_key(const std::array<unsigned char, k_key_size>& key);

  ~SecretBox();
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;

  // nonce || ciphertext, a fresh random nonce each time.
  std::vector<unsigned char> seal(const Secret& secret) const;
  // Fails with Errc::config (a key file problem) when the bytes were sealed under another key or
  // were altered.
  Result<Secret> open(const std::vector<unsigned char>& sealed) const;

private:
  SecretBox() = default;
  std::array<unsigned char, k_key_size> m_key{};
};

// Makes sure libsodium is initialised; safe to call from anywhere, any number of times.
Status ensure_sodium();

}  // namespace ill::store
