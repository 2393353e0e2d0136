// Unsigned LEB128 varints: seven bits a byte, low bits first, the high bit set on every byte but
// the last. The rollup blobs (rollup_codec.hpp, day_codec.hpp) are made of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ill::store {

inline void put_varint(std::vector<unsigned char>& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<unsigned char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<unsigned char>(value));
}

// Reads one varint at `pos` and moves `pos` past it; false when the bytes end first or it is
// longer than 64 bits.
inline bool get_varint(std::span<const unsigned char> in, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) return false;
    const unsigned char byte = in[pos++];
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace ill::store
