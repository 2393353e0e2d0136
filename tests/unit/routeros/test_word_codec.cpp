#include "routeros/word_codec.hpp"

#include "hex.hpp"
#include "routeros/command.hpp"
#include "routeros/sentence.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace ill::routeros;
using ill::routeros::test::hex;
using ill::routeros::test::unhex;

namespace {

// Every vector of routeros-api.md 1.2.
const std::vector<std::pair<std::uint32_t, const char*>> k_length_vectors = {
    {0, "00"},
    {1, "01"},
    {0x39, "39"},
    {0x7F, "7f"},
    {0x80, "8080"},
    {0x82, "8082"},
    {0x87, "8087"},
    {0x100, "8100"},
    {300, "812c"},
    {0x1C42, "9c42"},
    {0x3FFF, "bfff"},
    {0x4000, "c04000"},
    {0x4321, "c04321"},
    {17000, "c04268"},
    {45012, "c0afd4"},
    {0xAD73B, "cad73b"},
    {0x1FFFF4, "dffff4"},
    {0x1FFFFF, "dfffff"},
    {0x200000, "e0200000"},
    {0x2ACDEF, "e02acdef"},
    {0x5AD736B, "e5ad736b"},
    {0xFFFFFF0, "effffff0"},
    {0xFFFFFFF, "efffffff"},
    {0x10000000, "f010000000"},
    {0x10000080, "f010000080"},
    {0xFFFFFFFF, "f0ffffffff"},
};

}  // namespace

TEST_CASE("word lengths encode to the documented bytes", "[unit][routeros]") {
  for (const auto& [length, expected] : k_length_vectors) {
    std::string out;
    append_length(out, length);
    INFO("length " << length);
    CHECK(hex(out) == expected);
    CHECK(length_prefix_size(length) == out.size());
  }
}

TEST_CASE("word lengths decode from the documented bytes", "[unit][routeros]") {
  for (const auto& [length, encoded] : k_length_vectors) {
    const std::string bytes = unhex(encoded);
    INFO("encoding " << encoded);
    const LengthPrefix prefix = decode_length(bytes);
    REQUIRE(prefix.status == LengthPrefix::Status::complete);
    CHECK(prefix.length == length);
    CHECK(prefix.size == bytes.size());
    // Every shorter prefix asks for more, and says how many bytes it needs.
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      const LengthPrefix partial = decode_length(std::string_view(bytes).substr(0, cut));
      CHECK(partial.status == LengthPrefix::Status::need_more);
      if (cut > 0) CHECK(partial.size == bytes.size());
    }
  }
}

TEST_CASE("encoding boundaries switch to the next form exactly at the limit", "[unit][routeros]") {
  const std::vector<std::pair<std::uint32_t, std::size_t>> boundaries = {
      {0x7F, 1},     {0x80, 2},      {0x3FFF, 2},     {0x4000, 3},     {0x1FFFFF, 3},
      {0x200000, 4}, {0xFFFFFFF, 4}, {0x10000000, 5}, {0xFFFFFFFF, 5},
  };
  for (const auto& [length, size] : boundaries) {
    CHECK(length_prefix_size(length) == size);
    std::string out;
    append_length(out, length);
    CHECK(decode_length(out).length == length);
  }
}

TEST_CASE("control bytes 0xF8 to 0xFF and 0xF1 to 0xF7 are rejected as length prefixes",
          "[unit][routeros]") {
  for (unsigned b = 0xF1; b <= 0xFF; ++b) {
    const std::string bytes = std::string(1, static_cast<char>(b)) + std::string(4, '\0');
    CHECK(decode_length(bytes).status == LengthPrefix::Status::invalid);
  }
  CHECK(decode_length(unhex("f8")).status == LengthPrefix::Status::invalid);
  CHECK(decode_length(unhex("fc")).status == LengthPrefix::Status::invalid);
  CHECK(decode_length(unhex("ff")).status == LengthPrefix::Status::invalid);
}

TEST_CASE("length decoding round-trips over a sweep of the 32-bit range", "[unit][routeros]") {
  std::uint64_t length = 0;
  while (length <= 0xFFFFFFFFu) {
    std::string out;
    append_length(out, static_cast<std::uint32_t>(length));
    const LengthPrefix prefix = decode_length(out);
    REQUIRE(prefix.status == LengthPrefix::Status::complete);
    REQUIRE(prefix.length == length);
    length = length * 3 / 2 + 1;
  }
}

TEST_CASE("PHP writeWord sizes include the prefix", "[unit][routeros]") {
  const std::vector<std::pair<std::size_t, std::size_t>> sizes = {
      {0, 1}, {54, 55}, {127, 128}, {128, 130}, {254, 256}, {255, 257}};
  for (const auto& [word, total] : sizes) {
    std::string out;
    append_word(out, std::string(word, 'x'));
    CHECK(out.size() == total);
  }
}

TEST_CASE("sentences encode to the byte transcripts of the protocol digest", "[unit][routeros]") {
  std::string out;
  append_sentence(out, {"/login", "=name=admin", "=password="});
  CHECK(hex(out) ==
        hex(unhex("06 2f6c6f67696e 0b 3d6e616d653d61646d696e 0a 3d70617373776f72643d 00")));
  CHECK(out.size() == 31);

  out.clear();
  append_sentence(out, {"!done"});
  CHECK(hex(out) == "0521646f6e6500");

  out.clear();
  append_sentence(out, {"!empty"});
  CHECK(hex(out) == "0621656d70747900");

  out.clear();
  append_sentence(out, {"!trap", "=message=invalid user name or password (6)"});
  CHECK(out.size() == 50);
  CHECK(hex(out).starts_with("0521747261702a3d6d6573736167653d"));
  CHECK(hex(out).ends_with("28362900"));

  out.clear();
  Command("/interface/print").proplist({"name", "running"}).tag("7").encode(out);
  CHECK(hex(out) ==
        hex(unhex("10 2f696e746572666163652f7072696e74 17 "
                  "3d2e70726f706c6973743d6e616d652c72756e6e696e67 06 2e7461673d37 00")));

  out.clear();
  append_sentence(out, {"!re", ".tag=7", "=name=ether1", "=running=true"});
  CHECK(hex(out) == hex(unhex("03 217265 06 2e7461673d37 0c 3d6e616d653d657468657231 0d "
                              "3d72756e6e696e673d74727565 00")));

  out.clear();
  Command("/cancel").attr("tag", "7").encode(out);
  CHECK(hex(out) == hex(unhex("07 2f63616e63656c 06 3d7461673d37 00")));
}

TEST_CASE("a sentence appends its words and the terminating zero byte", "[unit][routeros]") {
  const Sentence s{"!re", "=a=b"};
  std::string out;
  append_sentence(out, s);
  CHECK(hex(out) == "03217265043d613d6200");
}
