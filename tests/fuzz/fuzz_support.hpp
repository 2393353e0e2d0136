// Small helpers shared by the fuzz targets: a check that aborts (so libFuzzer and the replay
// both report it), and the properties every error message must keep whatever the input.
#pragma once

#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ill::fuzz {

// Aborts with `what` when `condition` is false: libFuzzer saves the input as a crash.
inline void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

// No control byte (C0 or DEL) that could forge a log line or drive a terminal.
inline bool printable(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

// Silences ill's logging (a fuzzer runs millions of inputs); call first in every target.
inline void quiet() {
  static const bool done = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)done;
}

// Splits the fuzzer's bytes at `separator`, one piece per call of next().
class Pieces {
public:
  Pieces(std::string_view bytes, char separator) : m_rest(bytes), m_separator(separator) {}
  bool done() const { return m_done; }
  std::string_view next() {
    const auto at = m_rest.find(m_separator);
    std::string_view piece = m_rest.substr(0, at);
    if (at == std::string_view::npos) {
      m_done = true;
      m_rest = {};
    } else {
      m_rest.remove_prefix(at + 1);
    }
    return piece;
  }

private:
  std::string_view m_rest;
  char m_separator;
  bool m_done = false;
};

}  // namespace ill::fuzz
