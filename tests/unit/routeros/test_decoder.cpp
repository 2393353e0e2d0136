#include "routeros/decoder.hpp"

#include "hex.hpp"
#include "routeros/word_codec.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace ill::routeros;
using ill::routeros::test::unhex;

namespace {

std::vector<Sentence> drain(Decoder& decoder) {
  std::vector<Sentence> out;
  while (auto s = decoder.next()) out.push_back(std::move(*s));
  return out;
}

std::vector<Sentence> decode_in_chunks(std::string_view bytes, std::size_t chunk) {
  Decoder decoder;
  std::vector<Sentence> out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    REQUIRE(decoder.feed(bytes.substr(i, chunk)));
    for (auto& s : drain(decoder)) out.push_back(std::move(s));
  }
  CHECK_FALSE(decoder.mid_sentence());
  return out;
}

std::string encode(const std::vector<Sentence>& sentences) {
  std::string out;
  for (const Sentence& s : sentences) append_sentence(out, s);
  return out;
}

}  // namespace

TEST_CASE("decoder yields the sentences of a stream fed one byte at a time", "[unit][routeros]") {
  const std::vector<Sentence> sentences = {
      {"!re", ".tag=7", "=name=ether1", "=running=true"},
      {"!re", ".tag=7", "=name=ether2", "=running=false"},
      {"!done", ".tag=7"},
  };
  const std::string bytes = encode(sentences);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 1000u}) {
    INFO("chunk " << chunk);
    CHECK(decode_in_chunks(bytes, chunk) == sentences);
  }
}

TEST_CASE("decoder reassembles a length prefix split across reads", "[unit][routeros]") {
  // 45012-byte word ('lotsofdata!' x 4092) with a 3-byte prefix, split inside the prefix.
  std::string word;
  for (int i = 0; i < 4092; ++i) word += "lotsofdata!";
  REQUIRE(word.size() == 45012);
  std::string stream;
  append_word(stream, "!re");
  append_word(stream, word);
  stream.push_back('\0');
  REQUIRE(static_cast<unsigned char>(stream[4]) == 0xC0);
  for (std::size_t cut : {5u, 6u, 7u, 8u}) {
    Decoder decoder;
    REQUIRE(decoder.feed(std::string_view(stream).substr(0, cut)));
    CHECK(decoder.ready() == 0);
    CHECK(decoder.mid_sentence());
    REQUIRE(decoder.feed(std::string_view(stream).substr(cut)));
    auto out = drain(decoder);
    REQUIRE(out.size() == 1);
    CHECK(out[0][1] == word);
  }
}

TEST_CASE("decoder handles a 10009-byte word and a 256-byte word with a zero in its prefix",
          "[unit][routeros]") {
  const std::string comment = "=comment=" + std::string(10000, 'c');
  REQUIRE(comment.size() == 10009);
  const std::string long_word(256, 'x');
  const std::vector<Sentence> sentences = {{"!re", comment}, {"!re", long_word}, {"!done"}};
  const std::string bytes = encode(sentences);
  CHECK(decode_in_chunks(bytes, 1) == sentences);
  CHECK(decode_in_chunks(bytes, 4096) == sentences);
}

TEST_CASE("decoder skips empty sentences between replies", "[unit][routeros]") {
  std::string bytes = encode({{"!re", "=a=1"}});
  bytes.push_back('\0');
  bytes.push_back('\0');
  bytes += encode({{"!done"}});
  const auto out = decode_in_chunks(bytes, 1);
  REQUIRE(out.size() == 2);
  CHECK(out[0].reply_kind() == ReplyKind::re);
  CHECK(out[1].reply_kind() == ReplyKind::done);
}

TEST_CASE("decoder keeps non-UTF-8 bytes untouched", "[unit][routeros]") {
  std::string raw = "=comment=";
  raw += std::string("J\xf6rgensen \xff\xfe", 13);
  raw.push_back('\0');
  raw.push_back('\x80');
  const std::vector<Sentence> sentences = {{"!re", raw}};
  const auto out = decode_in_chunks(encode(sentences), 1);
  REQUIRE(out.size() == 1);
  CHECK(out[0][1] == raw);
  CHECK(out[0].attribute("comment")->size() == raw.size() - 9);
}

TEST_CASE("decoder rejects a control byte and stays failed", "[unit][routeros]") {
  for (const char* bad : {"f8", "fc", "ff"}) {
    Decoder decoder;
    std::string bytes = encode({{"!done"}});
    bytes += unhex(bad);
    bytes += encode({{"!done"}});
    auto status = decoder.feed(bytes);
    REQUIRE_FALSE(status);
    CHECK(status.error().category() == ill::Errc::protocol);
    CHECK(decoder.failed());
    // The sentence before the error is still delivered; nothing after it.
    CHECK(decoder.ready() == 1);
    CHECK_FALSE(decoder.feed(encode({{"!done"}})));
    CHECK(drain(decoder).size() == 1);
  }
}

TEST_CASE("decoder rejects an over-limit length before allocating for it", "[unit][routeros]") {
  DecoderLimits limits;
  limits.max_word_bytes = 1024;
  Decoder decoder(limits);
  // 0xF0 FF FF FF FF: a 4 GiB word. Only the prefix is sent.
  auto status = decoder.feed(unhex("03 217265 f0ffffffff"));
  REQUIRE_FALSE(status);
  CHECK(status.error().category() == ill::Errc::protocol);
  CHECK(status.error().message().find("exceeds") != std::string::npos);

  // The default limit (16 MiB) rejects a 16 MiB + 1 word too.
  Decoder defaults;
  std::string prefix;
  append_length(prefix, 16u * 1024 * 1024 + 1);
  CHECK_FALSE(defaults.feed(prefix));
  Decoder ok;
  prefix.clear();
  append_length(prefix, 16u * 1024 * 1024);
  CHECK(ok.feed(prefix));
}

TEST_CASE("decoder accepts the 5-byte length form", "[unit][routeros]") {
  DecoderLimits limits;
  limits.max_word_bytes = 0xFFFFFFFFu;
  Decoder decoder(limits);
  REQUIRE(decoder.feed(unhex("f0 00 00 00 03 217265 00")));
  auto out = drain(decoder);
  REQUIRE(out.size() == 1);
  CHECK(out[0].first() == "!re");
}

TEST_CASE("decoder reports an unfinished sentence so EOF can be an error", "[unit][routeros]") {
  Decoder decoder;
  REQUIRE(decoder.feed(unhex("03 2172")));
  CHECK(decoder.mid_sentence());
  REQUIRE(decoder.feed(unhex("65 00")));
  CHECK_FALSE(decoder.mid_sentence());
  CHECK(decoder.ready() == 1);
}

TEST_CASE("random sentences survive encoding and any chunking", "[unit][routeros]") {
  std::mt19937_64 rng(20261123);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int round = 0; round < 300; ++round) {
    std::vector<Sentence> sentences;
    const std::size_t count = 1 + pick(8);
    for (std::size_t s = 0; s < count; ++s) {
      Sentence sentence;
      const std::size_t words = 1 + pick(12);
      for (std::size_t w = 0; w < words; ++w) {
        // Mostly short words, sometimes a word crossing the 1-, 2- and 3-byte prefix limits.
        std::size_t len = 1 + pick(40);
        const std::size_t roll = pick(50);
        if (roll == 0) len = 0x80 + pick(0x4000);
        if (roll == 1) len = 0x4000 + pick(0x400);
        std::string word(len, '\0');
        for (char& c : word) c = static_cast<char>(rng());
        sentence.add(word);
      }
      sentences.push_back(std::move(sentence));
    }
    const std::string bytes = encode(sentences);
    Decoder decoder;
    std::vector<Sentence> out;
    std::size_t i = 0;
    while (i < bytes.size()) {
      const std::size_t roll = pick(4);
      const std::size_t chunk = roll == 0 ? 1 : roll == 1 ? 1 + pick(8) : 1 + pick(4096);
      REQUIRE(decoder.feed(std::string_view(bytes).substr(i, chunk)));
      i += chunk;
      for (auto& s : drain(decoder)) out.push_back(std::move(s));
    }
    REQUIRE(out == sentences);
  }
}
