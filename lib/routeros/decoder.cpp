#include "routeros/decoder.hpp"

#include "routeros/word_codec.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ill::routeros {

Decoder::Decoder(DecoderLimits limits) : m_limits(limits) {}

bool Decoder::mid_sentence() const { return !m_current.empty() || m_in_word || m_prefix_have > 0; }

Status Decoder::fail_with(Error error) {
  m_error = error;
  return tl::unexpected<Error>(std::move(error));
}

void Decoder::finish_sentence() {
  if (m_current.empty()) return;  // an empty sentence is not a reply; skip it
  m_last_bytes = m_current.m_bytes.size();
  m_last_words = m_current.m_words.size();
  if (m_ready_pos == m_ready.size()) {
    m_ready.clear();
    m_ready_pos = 0;
  }
  m_ready.push_back(std::move(m_current));
  m_current = Sentence();
}

Status Decoder::feed(std::string_view bytes) {
  if (m_error) return tl::unexpected<Error>(*m_error);
  const char* p = bytes.data();
  const char* const end = p + bytes.size();

  while (p != end) {
    if (m_in_word) {
      // Copy as much of the open word as this chunk holds.
      const std::size_t avail = static_cast<std::size_t>(end - p);
      const std::size_t n = std::min<std::size_t>(avail, m_word_left);
      m_current.m_bytes.append(p, n);
      p += n;
      m_word_left -= static_cast<std::uint32_t>(n);
      if (m_word_left == 0) m_in_word = false;
      continue;
    }

    // Read a length prefix: whole from the chunk when possible, else collect it byte by byte.
    std::uint32_t length = 0;
    const auto b0 = static_cast<unsigned char>(*p);
    if (m_prefix_have == 0 && b0 < 0x80u) {
      length = b0;
      ++p;
    } else {
      LengthPrefix prefix;
      if (m_prefix_have == 0) {
        prefix = decode_length(std::string_view(p, static_cast<std::size_t>(end - p)));
        if (prefix.status == LengthPrefix::Status::complete) p += prefix.size;
      } else {
        prefix =
            decode_length(std::string_view(reinterpret_cast<const char*>(m_prefix), m_prefix_have));
      }
      if (prefix.status == LengthPrefix::Status::invalid) {
        return fail_with(
            Error(Errc::protocol, fmt::format("invalid word length prefix byte 0x{:02X}",
                                              m_prefix_have ? m_prefix[0] : b0)));
      }
      if (prefix.status == LengthPrefix::Status::need_more) {
        // Collect prefix bytes until the prefix is complete.
        while (p != end && m_prefix_have < prefix.size) {
          m_prefix[m_prefix_have++] = static_cast<unsigned char>(*p++);
        }
        if (m_prefix_have < prefix.size) break;  // wait for more bytes
        prefix =
            decode_length(std::string_view(reinterpret_cast<const char*>(m_prefix), m_prefix_have));
        m_prefix_have = 0;
      }
      length = prefix.length;
    }

    if (length == 0) {
      finish_sentence();
      continue;
    }
    if (length > m_limits.max_word_bytes) {
      return fail_with(
          Error(Errc::protocol, fmt::format("word of {} bytes exceeds the limit of {} bytes",
                                            length, m_limits.max_word_bytes)));
    }
    if (m_current.m_bytes.size() + length > m_limits.max_sentence_bytes) {
      return fail_with(Error(Errc::protocol, fmt::format("sentence exceeds the limit of {} bytes",
                                                         m_limits.max_sentence_bytes)));
    }
    if (m_current.m_words.size() >= m_limits.max_sentence_words) {
      return fail_with(Error(Errc::protocol, fmt::format("sentence exceeds the limit of {} words",
                                                         m_limits.max_sentence_words)));
    }
    if (m_current.m_words.empty() && m_current.m_words.capacity() == 0) {
      // Reserve like the previous sentence (rows of one reply look alike), within reason.
      constexpr std::size_t k_max_reserve_bytes = 64 * 1024;
      m_current.reserve(std::clamp<std::size_t>(m_last_bytes, 64, k_max_reserve_bytes),
                        std::clamp<std::size_t>(m_last_words, 8, k_max_reserve_bytes / 8));
    }
    m_current.m_words.push_back({static_cast<std::uint32_t>(m_current.m_bytes.size()), length});
    // Fast path: the whole word is in this chunk.
    const std::size_t avail = static_cast<std::size_t>(end - p);
    if (avail >= length) {
      m_current.m_bytes.append(p, length);
      p += length;
    } else {
      m_current.m_bytes.append(p, avail);
      p = end;
      m_word_left = static_cast<std::uint32_t>(length - avail);
      m_in_word = true;
    }
  }
  return {};
}

std::optional<Sentence> Decoder::next() {
  if (m_ready_pos == m_ready.size()) return std::nullopt;
  Sentence out = std::move(m_ready[m_ready_pos++]);
  if (m_ready_pos == m_ready.size()) {
    m_ready.clear();
    m_ready_pos = 0;
  }
  return out;
}

}  // namespace ill::routeros
