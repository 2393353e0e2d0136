// Where and how to reach a router's API service.
#pragma once

#include "core/wipe.hpp"

#include <cstdint>
#include <string>

namespace ill::routeros {

inline constexpr std::uint16_t k_default_api_port = 8728;
inline constexpr std::uint16_t k_default_api_ssl_port = 8729;

enum class Tls { off, on };

// How a TLS (api-ssl) peer is checked.
enum class TlsVerify {
  full,  // certificate chain (system store or ca_file) and host name or IP must match
  none,  // encrypt, but accept any certificate
  adh,   // anonymous Diffie-Hellman for routers without a certificate: TLS <= 1.2,
         // security level 0, no authentication at all (open to a man in the middle)
};

std::string_view to_string(TlsVerify verify);

struct TlsOptions {
  TlsVerify verify = TlsVerify::full;
  // PEM file of trusted CA certificates; empty means the system store.
  std::string ca_file;
  // Name to verify and send as SNI; empty means the endpoint host.
  std::string server_name;
};

// The SSH leg of Via::ssh: the binary API carried in a `direct-tcpip` channel (ssh_stream.hpp).
// The SSH server is the router itself (the channel then leads to target_host, 127.0.0.1, on the
// router) or a jump host (the channel leads to the router's management address).
struct SshOptions {
  ~SshOptions() {  // the passphrase and the password go with their bytes overwritten
    wipe(passphrase);
    wipe(password);
  }
  SshOptions() = default;
  SshOptions(const SshOptions&) = default;
  SshOptions(SshOptions&&) = default;
  SshOptions& operator=(const SshOptions&) = default;
  SshOptions& operator=(SshOptions&&) = default;

  std::string host;  // the SSH server: the router, or its jump host
  std::uint16_t port = 22;
  std::string user;
  std::string key_file;     // private key (OpenSSH or PEM); empty: password authentication
  std::string passphrase;   // of an encrypted key
  std::string password;     // for password (or keyboard-interactive) authentication
  std::string known_hosts;  // OpenSSH known_hosts file; the host key must be in it
  std::string target_host = "127.0.0.1";  // where the channel leads, as seen from the server
};

// Which way the API is reached: the binary API over TCP (plain or TLS, see Tls), RouterOS 7's
// REST API over HTTPS, or the binary API through an SSH tunnel.
enum class Via { api, rest, ssh };

struct Endpoint {
  Via via = Via::api;
  std::string host;
  std::uint16_t port = 0;  // 0: 8728 without TLS, 8729 with
  Tls tls = Tls::off;
  TlsOptions tls_options;
  SshOptions ssh;  // Via::ssh; `port` is then the API port the channel leads to

  std::uint16_t effective_port() const {
    if (port != 0) return port;
    if (via == Via::rest) return 443;
    return tls == Tls::on ? k_default_api_ssl_port : k_default_api_port;
  }
};

}  // namespace ill::routeros
