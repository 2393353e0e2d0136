// OpenSSL set-up for api-ssl, shared by the blocking and the asynchronous client. OpenSSL types
// are only forward-declared here so that this header stays light.
#pragma once

#include "core/result.hpp"
#include "routeros/endpoint.hpp"

#include <memory>
#include <string>
#include <string_view>

struct ssl_ctx_st;
struct ssl_st;

namespace ill::routeros {

struct TlsContextDeleter {
  void operator()(ssl_ctx_st* ctx) const;
};
using TlsContextPtr = std::unique_ptr<ssl_ctx_st, TlsContextDeleter>;

// A client SSL_CTX for `options`: full verification against the system store or ca_file, no
// verification, or anonymous DH (security level 0, cipher list "ADH:@SECLEVEL=0", TLS <= 1.2).
// Errc::config for an unreadable CA file.
Result<TlsContextPtr> make_tls_context(const TlsOptions& options);

// Per-connection settings on an SSL object made from that context: SNI for host names and, in
// full mode, the host name or IP address the certificate must carry.
Status prepare_tls_session(ssl_st* ssl, const std::string& host, const TlsOptions& options);

// A message for a failed handshake, from the OpenSSL error queue and the verify result, with a
// hint when the router looks like it has no certificate (offers only anonymous DH).
std::string describe_tls_failure(ssl_st* ssl, const TlsOptions& options, std::string_view fallback);

// Drains the OpenSSL error queue into one line (empty when it was empty).
std::string take_openssl_errors();

}  // namespace ill::routeros
