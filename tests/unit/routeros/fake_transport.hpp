// A scripted Transport for client tests: hands out the bytes queued in `incoming` a few at a
// time, records everything written, and times out (or reports EOF) when the script runs dry.
#pragma once

#include "routeros/transport.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace ill::routeros::test {

struct FakeScript {
  std::string incoming;
  // answers[n] is appended to `incoming` when the n-th write (from 0) happens.
  std::vector<std::string> answers;
  std::string written;
  std::size_t chunk = 1;
  bool eof_when_empty = false;
  int writes = 0;
  int reads = 0;
};

class FakeTransport final : public Transport {
public:
  explicit FakeTransport(std::shared_ptr<FakeScript> script) : m_script(std::move(script)) {}

  Status write_all(std::string_view bytes, Deadline) override {
    m_script->written.append(bytes);
    const auto n = static_cast<std::size_t>(m_script->writes++);
    if (n < m_script->answers.size()) m_script->incoming += m_script->answers[n];
    return {};
  }
  Result<std::size_t> read_some(std::span<char> buffer, Deadline) override {
    ++m_script->reads;
    if (m_script->incoming.empty()) {
      if (m_script->eof_when_empty) return std::size_t{0};
      return fail(Errc::timeout, "read from fake: timed out");
    }
    const std::size_t n = std::min({buffer.size(), m_script->chunk, m_script->incoming.size()});
    std::copy_n(m_script->incoming.data(), n, buffer.data());
    m_script->incoming.erase(0, n);
    return n;
  }
  void close() override {}
  std::string peer() const override { return "fake"; }

private:
  std::shared_ptr<FakeScript> m_script;
};

}  // namespace ill::routeros::test
