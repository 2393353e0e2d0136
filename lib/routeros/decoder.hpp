// Incremental RouterOS API decoder: bytes in, whole sentences out. Accepts any chunking, down to
// one byte at a time. No I/O: the caller reads from wherever and calls feed().
#pragma once

#include "core/result.hpp"
#include "routeros/sentence.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ill::routeros {

struct DecoderLimits {
  // A word longer than this is a protocol error, raised before anything is allocated for it.
  std::uint32_t max_word_bytes = 16u * 1024 * 1024;
  // Sum of word bytes in one sentence.
  std::size_t max_sentence_bytes = 64u * 1024 * 1024;
  std::size_t max_sentence_words = 1u << 20;
  // One command's reply (rows kept for it, and their bytes): far above a real router's largest
  // print, so only a hostile or broken router reaches them. Exceeding either fails that command
  // (Errc::protocol), not the session.
  std::size_t max_reply_rows = 200'000;
  std::size_t max_reply_bytes = 64u * 1024 * 1024;
};

class Decoder {
public:
  explicit Decoder(DecoderLimits limits = {});

  // Consumes all of `bytes`. Completed sentences queue up for next(); empty sentences (a lone
  // 0x00) are skipped. A protocol error (control byte, over-limit word) is returned, and the
  // decoder stays failed: later calls return the same error and decode nothing. Sentences
  // completed before the error stay available from next().
  Status feed(std::string_view bytes);

  // The oldest completed sentence, if any.
  std::optional<Sentence> next();
  // How many completed sentences wait in next().
  std::size_t ready() const { return m_ready.size() - m_ready_pos; }

  bool failed() const { return m_error.has_value(); }
  // True when bytes of an unfinished sentence are buffered: EOF now would cut a sentence.
  bool mid_sentence() const;

private:
  Status fail_with(Error error);
  void finish_sentence();

  DecoderLimits m_limits;
  Sentence m_current;
  // Length prefix bytes collected so far when a prefix is split across feeds.
  unsigned char m_prefix[5] = {};
  std::size_t m_prefix_have = 0;
  // Bytes still to copy into the current word; `m_in_word` means a word is open.
  std::uint32_t m_word_left = 0;
  bool m_in_word = false;
  // Sizes of the last sentence, used to reserve the next one in one step.
  std::size_t m_last_bytes = 0;
  std::size_t m_last_words = 0;
  std::vector<Sentence> m_ready;
  std::size_t m_ready_pos = 0;
  std::optional<Error> m_error;
};

}  // namespace ill::routeros
