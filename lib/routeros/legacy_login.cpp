#include "routeros/legacy_login.hpp"

#include <openssl/evp.h>

#include <memory>

namespace ill::routeros {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> legacy_login_response(std::string_view password, std::string_view challenge) {
  if (challenge.empty() || challenge.size() % 2 != 0) {
    return fail(Errc::protocol, "login challenge is not hex: {} characters", challenge.size());
  }
  std::string raw;
  raw.reserve(challenge.size() / 2);
  for (std::size_t i = 0; i < challenge.size(); i += 2) {
    const int hi = hex_value(challenge[i]);
    const int lo = hex_value(challenge[i + 1]);
    if (hi < 0 || lo < 0) return fail(Errc::protocol, "login challenge is not hex");
    raw.push_back(static_cast<char>(hi * 16 + lo));
  }

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  const char zero = '\0';
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), &zero, 1) != 1 ||
      EVP_DigestUpdate(ctx.get(), password.data(), password.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), raw.data(), raw.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &digest_size) != 1) {
    return fail(Errc::internal, "MD5 is not available from OpenSSL");
  }

  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out = "00";
  for (unsigned int i = 0; i < digest_size; ++i) {
    out.push_back(k_hex[digest[i] >> 4]);
    out.push_back(k_hex[digest[i] & 0x0F]);
  }
  return out;
}

}  // namespace ill::routeros
