// TLS (api-ssl) over a non-blocking TCP socket, driven by poll() so every call honours its
// deadline. OpenSSL stays out of this header.
#pragma once

#include "core/result.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/transport.hpp"

#include <memory>
#include <string>

namespace ill::routeros {

class TlsTransport final : public Transport {
public:
  // Connects over TCP, then completes the handshake before the deadline. Handshake and
  // verification failures are Errc::unreachable with OpenSSL's reason (and a hint to use
  // TlsVerify::adh when the router seems to have no certificate).
  static Result<std::unique_ptr<TlsTransport>> connect(const std::string& host, std::uint16_t port,
                                                       const TlsOptions& options,
                                                       Deadline deadline);
  ~TlsTransport() override;
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  Status write_all(std::string_view bytes, Deadline deadline) override;
  Result<std::size_t> read_some(std::span<char> buffer, Deadline deadline) override;
  void close() override;
  std::string peer() const override { return m_peer; }

  // The negotiated cipher suite, e.g. "ADH-AES256-GCM-SHA384".
  std::string cipher() const;

private:
  struct State;
  explicit TlsTransport(std::unique_ptr<State> state, std::string peer);
  std::unique_ptr<State> m_state;
  std::string m_peer;
};

// TCP or TLS, as the endpoint says.
Result<std::unique_ptr<Transport>> connect_transport(const Endpoint& endpoint, Deadline deadline);

}  // namespace ill::routeros
