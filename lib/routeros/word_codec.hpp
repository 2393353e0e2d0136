// The RouterOS API word framing: length prefixes in their five forms, and appending words and
// sentences to a byte buffer. Pure functions on bytes; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace ill::routeros {

class Sentence;

// The largest length the 5-byte form (0xF0 + 4 bytes) can carry.
inline constexpr std::uint64_t k_max_word_length = 0xFFFFFFFFu;

// How many bytes the length prefix of a word of `length` bytes takes (1..5).
std::size_t length_prefix_size(std::uint32_t length);

// Appends the big-endian length prefix for `length` (table in routeros-api.md 1.2).
void append_length(std::string& out, std::uint32_t length);

// What decode_length() found at the start of a byte range.
struct LengthPrefix {
  enum class Status {
    complete,   // `length` and `size` (prefix bytes, 1..5) are valid
    need_more,  // the prefix is cut short; `size` is how many bytes it will take
    invalid,    // first byte is a reserved control byte (0xF8..0xFF)
  };
  Status status = Status::need_more;
  std::uint32_t length = 0;
  std::size_t size = 0;
};

// Decodes the length prefix at the start of `bytes`. An empty range yields need_more with size 0.
// The 5-byte form accepts only 0xF0 followed by four bytes; 0xF1..0xF7 are invalid too, because
// the spec reserves the whole 0xF8..0xFF range and no peer sends 35-bit lengths.
LengthPrefix decode_length(std::string_view bytes);

// Appends one word: its length prefix, then its bytes. Precondition: word.size() <= 0xFFFFFFFF.
void append_word(std::string& out, std::string_view word);

// Appends a whole sentence: each word, then the terminating empty word (a single 0x00 byte).
void append_sentence(std::string& out, std::span<const std::string_view> words);
void append_sentence(std::string& out, std::initializer_list<std::string_view> words);
void append_sentence(std::string& out, const Sentence& sentence);

}  // namespace ill::routeros
