// The byte pipe under an AsyncSession: plain TCP, TLS (api-ssl), an SSH channel, or a scripted
// fake in tests. The session owns the protocol (words, sentences, tags); a stream only moves
// bytes, so every way of reaching a router's binary API is one small class.
#pragma once

#include "core/result.hpp"
#include "routeros/deadline.hpp"
#include "routeros/endpoint.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace ill::routeros {

class ByteStream {
public:
  virtual ~ByteStream() = default;
  // Reads at least one byte. An orderly end of stream is asio::error::eof (or
  // asio::ssl::error::stream_truncated) in `ec`.
  virtual asio::awaitable<std::size_t> read_some(std::span<char> buffer, std::error_code& ec) = 0;
  // Writes every byte, or sets `ec`.
  virtual asio::awaitable<void> write_all(std::string_view bytes, std::error_code& ec) = 0;
  // Closes at once; reads and writes in progress end with an error.
  virtual void close() = 0;

  // Streams that can wait for bytes without holding a buffer (plain TCP) say so: a session over
  // one then waits with wait_readable() and reads with read_ready() into a buffer shared by
  // every session of its thread, so ten thousand idle sessions hold no read buffers. Streams
  // that decrypt (TLS, SSH) keep reading into a buffer of their own.
  virtual bool reads_when_ready() const { return false; }
  // Returns once bytes (or the end of the stream, or an error) can be read without waiting.
  virtual asio::awaitable<void> wait_readable(std::error_code& ec);
  // Reads what is there without waiting: 0 bytes and no error when nothing was after all.
  virtual std::size_t read_ready(std::span<char> buffer, std::error_code& ec);
  // Writes what the stream takes without waiting, as many bytes as it returns: 0 and no error
  // when it would have to wait, or when the stream cannot write without a coroutine (TLS, SSH:
  // the default). A session writes a poll's commands so, in the call that sends them, and
  // starts write_all() only for what is left.
  virtual std::size_t write_ready(std::string_view bytes, std::error_code& ec);
};

// Resolves and connects over TCP, then TLS when the endpoint asks for it, all before the
// deadline. Failures: Errc::unreachable naming the step ("resolve", "connect", "tls handshake"),
// Errc::timeout, Errc::config for an unreadable CA file.
asio::awaitable<Result<std::unique_ptr<ByteStream>>> connect_stream(asio::any_io_executor executor,
                                                                    const Endpoint& endpoint,
                                                                    Deadline deadline);

// Resolves `host` and connects to `port` before the deadline, without TLS: the first leg of every
// stream. Failures are Errc::unreachable naming "resolve HOST" or "connect to PEER", or
// Errc::timeout; `peer` names the far end in those messages.
asio::awaitable<Result<asio::ip::tcp::socket>> connect_tcp(asio::any_io_executor executor,
                                                           const std::string& host,
                                                           std::uint16_t port,
                                                           const std::string& peer,
                                                           Deadline deadline);

// "127.0.0.1:8729 (TLS)" for messages and logs; "127.0.0.1:8728 via ssh user@gw:22" for SSH.
std::string format_peer(const Endpoint& endpoint);

}  // namespace ill::routeros
