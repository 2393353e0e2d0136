// Decode throughput of a large synthetic /interface/print reply. Run by hand:
//   bench_codec [rows=10000] [repeats=50] [chunk=16384]
// Prints MB/s and sentences/s for whole-buffer and chunked feeding, and encode throughput.
#include "routeros/decoder.hpp"
#include "routeros/sentence.hpp"
#include "routeros/word_codec.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<ill::routeros::Sentence> make_reply(int rows) {
  std::vector<ill::routeros::Sentence> out;
  out.reserve(static_cast<std::size_t>(rows) + 1);
  for (int i = 0; i < rows; ++i) {
    const auto n = static_cast<unsigned long long>(i);
    std::vector<std::string> words = {
        "!re",
        ".tag=7",
        fmt::format("=.id=*{:X}", i + 1),
        fmt::format("=name=ether{}", i + 1),
        fmt::format("=default-name=ether{}", i + 1),
        "=type=ether",
        "=mtu=1500",
        "=actual-mtu=1500",
        "=l2mtu=1598",
        "=max-l2mtu=9578",
        fmt::format("=mac-address=48:8F:5A:{:02X}:{:02X}:{:02X}", (i >> 16) & 255, (i >> 8) & 255,
                    i & 255),
        "=last-link-up-time=2026-11-20 08:14:02",
        "=last-link-down-time=2026-11-19 23:59:31",
        fmt::format("=link-downs={}", i % 17),
        fmt::format("=rx-byte={}", 918273645546ull + n * 7919),
        fmt::format("=tx-byte={}", 127364554612ull + n * 104729),
        fmt::format("=rx-packet={}", 9182736455ull + n * 31),
        fmt::format("=tx-packet={}", 1273645546ull + n * 37),
        "=rx-drop=0",
        "=tx-drop=0",
        fmt::format("=tx-queue-drop={}", i % 5),
        "=rx-error=0",
        "=tx-error=0",
        fmt::format("=fp-rx-byte={}", 818273645546ull + n * 13),
        fmt::format("=fp-tx-byte={}", 27364554612ull + n * 17),
        fmt::format("=fp-rx-packet={}", 8182736455ull + n),
        fmt::format("=fp-tx-packet={}", 273645546ull + n),
        i % 3 == 0 ? "=running=false" : "=running=true",
        "=slave=false",
        "=disabled=false",
        fmt::format("=comment=ILL circuit CID-{:06} client {}", i * 7, i % 97),
    };
    out.emplace_back(words);
  }
  out.push_back(ill::routeros::Sentence{"!done", ".tag=7"});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 50;
  const std::size_t chunk_size = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 16384;

  const auto reply = make_reply(rows);
  std::string bytes;
  auto t0 = Clock::now();
  for (int r = 0; r < repeats; ++r) {
    bytes.clear();
    for (const auto& s : reply) ill::routeros::append_sentence(bytes, s);
  }
  const double encode_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const double mb = static_cast<double>(bytes.size()) / 1e6;
  fmt::print("reply: {} rows, {} sentences, {:.2f} MB, {:.0f} bytes/row\n", rows, reply.size(), mb,
             static_cast<double>(bytes.size()) / rows);
  fmt::print("encode:           {:8.0f} MB/s\n", mb * repeats / encode_s);

  auto run = [&](const char* label, std::size_t chunk) {
    std::size_t sentences = 0;
    std::size_t words = 0;
    const auto start = Clock::now();
    for (int r = 0; r < repeats; ++r) {
      ill::routeros::Decoder decoder;
      for (std::size_t i = 0; i < bytes.size(); i += chunk) {
        if (!decoder.feed(std::string_view(bytes).substr(i, chunk))) return;
        while (auto s = decoder.next()) {
          ++sentences;
          words += s->size();
        }
      }
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    fmt::print("decode {:<10} {:8.0f} MB/s  {:10.0f} sentences/s  ({} words)\n", label,
               mb * repeats / secs, static_cast<double>(sentences) / secs, words / repeats);
  };
  run("whole:", bytes.size());
  run(fmt::format("{}B:", chunk_size).c_str(), chunk_size);
  run("1500B:", 1500);
  run("1B:", 1);
  return 0;
}
