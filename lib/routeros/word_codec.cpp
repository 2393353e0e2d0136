#include "routeros/word_codec.hpp"

#include "routeros/sentence.hpp"

#include <cassert>

namespace ill::routeros {

std::size_t length_prefix_size(std::uint32_t length) {
  if (length < 0x80u) return 1;
  if (length < 0x4000u) return 2;
  if (length < 0x200000u) return 3;
  if (length < 0x10000000u) return 4;
  return 5;
}

void append_length(std::string& out, std::uint32_t length) {
  char buf[5];
  std::size_t n = 0;
  if (length < 0x80u) {
    buf[n++] = static_cast<char>(length);
  } else if (length < 0x4000u) {
    const std::uint32_t v = length | 0x8000u;
    buf[n++] = static_cast<char>(v >> 8);
    buf[n++] = static_cast<char>(v);
  } else if (length < 0x200000u) {
    const std::uint32_t v = length | 0xC00000u;
    buf[n++] = static_cast<char>(v >> 16);
    buf[n++] = static_cast<char>(v >> 8);
    buf[n++] = static_cast<char>(v);
  } else if (length < 0x10000000u) {
    const std::uint32_t v = length | 0xE0000000u;
    buf[n++] = static_cast<char>(v >> 24);
    buf[n++] = static_cast<char>(v >> 16);
    buf[n++] = static_cast<char>(v >> 8);
    buf[n++] = static_cast<char>(v);
  } else {
    buf[n++] = static_cast<char>(0xF0);
    buf[n++] = static_cast<char>(length >> 24);
    buf[n++] = static_cast<char>(length >> 16);
    buf[n++] = static_cast<char>(length >> 8);
    buf[n++] = static_cast<char>(length);
  }
  out.append(buf, n);
}

LengthPrefix decode_length(std::string_view bytes) {
  LengthPrefix result;
  if (bytes.empty()) return result;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char b0 = p[0];
  std::size_t size = 0;
  if (b0 < 0x80u) {
    size = 1;
  } else if (b0 < 0xC0u) {
    size = 2;
  } else if (b0 < 0xE0u) {
    size = 3;
  } else if (b0 < 0xF0u) {
    size = 4;
  } else if (b0 == 0xF0u) {
    size = 5;
  } else {
    result.status = LengthPrefix::Status::invalid;
    result.size = 1;
    return result;
  }
  result.size = size;
  if (bytes.size() < size) return result;
  std::uint32_t v = 0;
  switch (size) {
  case 1: v = b0; break;
  case 2: v = ((b0 & 0x3Fu) << 8) | p[1]; break;
  case 3: v = ((b0 & 0x1Fu) << 16) | (std::uint32_t{p[1]} << 8) | p[2]; break;
  case 4:
    v = ((b0 & 0x0Fu) << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    break;
  default:
    v = (std::uint32_t{p[1]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 8) |
        p[4];
    break;
  }
  result.status = LengthPrefix::Status::complete;
  result.length = v;
  return result;
}

void append_word(std::string& out, std::string_view word) {
  assert(word.size() <= k_max_word_length);
  append_length(out, static_cast<std::uint32_t>(word.size()));
  out.append(word);
}

void append_sentence(std::string& out, std::span<const std::string_view> words) {
  for (std::string_view word : words) append_word(out, word);
  out.push_back('\0');
}

void append_sentence(std::string& out, std::initializer_list<std::string_view> words) {
  append_sentence(out, std::span<const std::string_view>(words.begin(), words.size()));
}

void append_sentence(std::string& out, const Sentence& sentence) {
  for (std::string_view word : sentence) append_word(out, word);
  out.push_back('\0');
}

}  // namespace ill::routeros
