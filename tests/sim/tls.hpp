// TLS for api-ssl routers: a server context with a certificate (from files, or a throwaway
// self-signed one made at start) or anonymous Diffie-Hellman, as RouterOS offers when its
// api-ssl service has no certificate (ADH at security level 0, TLS 1.2 at most).
#pragma once

#include "core/result.hpp"
#include "sim/config.hpp"

#include <asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ill::sim {

struct PemPair {
  std::string certificate, private_key;
};

// An EC P-256 self-signed certificate for CN=ill-sim, valid for the given IP addresses and
// "localhost" (subjectAltName), for 30 days.
Result<PemPair> make_self_signed(const std::vector<std::string>& ip_addresses);

// `generated` is used for certificate routers without cert_file/key_file.
Result<std::shared_ptr<asio::ssl::context>> make_server_context(const RouterConfig& router,
                                                                const PemPair* generated);

}  // namespace ill::sim
