// Plain TCP to the API port, on a non-blocking socket driven by poll() so every call honours its
// deadline.
#pragma once

#include "core/result.hpp"
#include "routeros/transport.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace ill::routeros {

class TcpTransport final : public Transport {
public:
  // Resolves `host` and connects before the deadline (name resolution itself uses the system
  // resolver and is not bounded; pass an address to avoid it). Refused, unresolvable or
  // unroutable peers are Errc::unreachable; a passed deadline is Errc::timeout.
  static Result<std::unique_ptr<TcpTransport>> connect(const std::string& host, std::uint16_t port,
                                                       Deadline deadline);
  ~TcpTransport() override;
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;

  Status write_all(std::string_view bytes, Deadline deadline) override;
  Result<std::size_t> read_some(std::span<char> buffer, Deadline deadline) override;
  void close() override;
  std::string peer() const override { return m_peer; }

  int fd() const { return m_fd; }
  // Gives up ownership of the socket (for a TLS transport to take over).
  int release();

private:
  TcpTransport(int fd, std::string peer) : m_fd(fd), m_peer(std::move(peer)) {}
  int m_fd;
  std::string m_peer;
};

// Waits until `fd` is readable (`events` = POLLIN) or writable (POLLOUT) or the deadline passes.
// Returns Errc::timeout when it passes. Shared by the TCP and TLS transports.
Status wait_for_fd(int fd, short events, Deadline deadline, std::string_view what);

}  // namespace ill::routeros
