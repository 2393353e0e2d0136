// libFuzzer target for the RouterOS decoder: the same bytes fed whole and in chunks chosen by the
// input itself must give the same sentences and the same verdict, and re-encoding the sentences
// must decode to them again.
#include "routeros/decoder.hpp"
#include "routeros/sentence.hpp"
#include "routeros/word_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Outcome {
  std::vector<ill::routeros::Sentence> sentences;
  bool failed = false;
};

Outcome decode(std::string_view bytes, std::size_t chunk_seed) {
  ill::routeros::DecoderLimits limits;
  limits.max_word_bytes = 1 << 20;  // keep the fuzzer's memory bounded
  ill::routeros::Decoder decoder(limits);
  Outcome out;
  std::size_t i = 0;
  std::size_t step = 0;
  while (i < bytes.size()) {
    // Chunk sizes cycle through 1..(chunk_seed+1); chunk_seed 0 means "all at once".
    std::size_t chunk =
        chunk_seed == 0 ? bytes.size() : 1 + (step++ * 7 + chunk_seed) % (chunk_seed + 1);
    if (!decoder.feed(bytes.substr(i, chunk))) out.failed = true;
    i += chunk;
    while (auto s = decoder.next()) out.sentences.push_back(std::move(*s));
    if (out.failed) break;
  }
  return out;
}

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Outcome whole = decode(bytes, 0);
  const std::size_t seed = size == 0 ? 1 : 1 + data[0] % 13;
  const Outcome chunked = decode(bytes, seed);
  check(whole.failed == chunked.failed);
  check(whole.sentences == chunked.sentences);

  std::string again;
  for (const auto& s : whole.sentences) {
    check(!s.empty());
    ill::routeros::append_sentence(again, s);
    // Exercise the accessors on arbitrary words.
    (void)s.reply_kind();
    (void)s.tag();
    (void)s.attribute("message");
    (void)s.trap();
    (void)s.reason();
    (void)s.to_log_string();
  }
  const Outcome round_trip = decode(again, 1);
  check(!round_trip.failed);
  check(round_trip.sentences == whole.sentences);
  return 0;
}
