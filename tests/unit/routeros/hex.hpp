// Hex helpers for byte-level RouterOS tests.
#pragma once

#include <string>
#include <string_view>

namespace ill::routeros::test {

// "06 2f6c…" -> bytes; spaces are ignored.
inline std::string unhex(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  int high = -1;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

inline std::string hex(std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(k_hex[b >> 4]);
    out.push_back(k_hex[b & 15]);
  }
  return out;
}

}  // namespace ill::routeros::test
