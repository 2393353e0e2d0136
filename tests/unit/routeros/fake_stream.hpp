// A scripted ByteStream for session tests: hands out the bytes queued in `incoming` a few at a
// time, records everything written, and waits (or reports EOF) when the script runs dry.
#pragma once

#include "routeros/byte_stream.hpp"

#include <asio/error.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ill::routeros::test {

struct FakeScript {
  std::string incoming;
  // answers[n] is appended to `incoming` when the n-th write (from 0) happens.
  std::vector<std::string> answers;
  std::string written;
  // Where each write's bytes were, in the session's own memory: for checks that it wiped them
  // (to read only while the session lives and writes nothing more).
  std::vector<std::string_view> write_buffers;
  // Set: every write fails with it, after recording.
  std::error_code write_error;
  std::size_t chunk = 1;
  bool eof_when_empty = false;
  int writes = 0;
  int reads = 0;
};

class FakeStream final : public ByteStream {
public:
  FakeStream(asio::any_io_executor executor, std::shared_ptr<FakeScript> script)
      : m_script(std::move(script)), m_wakeup(executor) {}

  asio::awaitable<std::size_t> read_some(std::span<char> buffer, std::error_code& ec) override {
    ++m_script->reads;
    while (m_script->incoming.empty()) {
      if (m_closed) {
        ec = asio::error::operation_aborted;
        co_return 0;
      }
      if (m_script->eof_when_empty) {
        ec = asio::error::eof;
        co_return 0;
      }
      // Until a write brings an answer, or the test adds bytes and writes again.
      m_wakeup.expires_at(asio::steady_timer::time_point::max());
      std::error_code ignored;
      co_await m_wakeup.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    const std::size_t n = std::min({buffer.size(), m_script->chunk, m_script->incoming.size()});
    std::copy_n(m_script->incoming.data(), n, buffer.data());
    m_script->incoming.erase(0, n);
    co_return n;
  }
  asio::awaitable<void> write_all(std::string_view bytes, std::error_code& ec) override {
    m_script->written.append(bytes);
    m_script->write_buffers.push_back(bytes);
    if (m_script->write_error) {
      ec = m_script->write_error;
      co_return;
    }
    const auto n = static_cast<std::size_t>(m_script->writes++);
    if (n < m_script->answers.size()) m_script->incoming += m_script->answers[n];
    m_wakeup.cancel();
    co_return;
  }
  void close() override {
    m_closed = true;
    m_wakeup.cancel();
  }

private:
  std::shared_ptr<FakeScript> m_script;
  asio::steady_timer m_wakeup;
  bool m_closed = false;
};

}  // namespace ill::routeros::test
