#include "routeros/tls_context.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ill::routeros {

std::string_view to_string(TlsVerify verify) {
  switch (verify) {
  case TlsVerify::full: return "full";
  case TlsVerify::none: return "none";
  case TlsVerify::adh: return "adh";
  }
  return "unknown";
}

void TlsContextDeleter::operator()(ssl_ctx_st* ctx) const { SSL_CTX_free(ctx); }

std::string take_openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    // Keep the reason string only ("error:0A000410:SSL routines::sslv3 alert handshake failure").
    const char* reason = ERR_reason_error_string(code);
    out += reason != nullptr ? reason : buf;
  }
  return out;
}

namespace {

bool is_ip_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Result<TlsContextPtr> make_tls_context(const TlsOptions& options) {
  ERR_clear_error();
  TlsContextPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return fail(Errc::internal, "tls: cannot create a context: {}", take_openssl_errors());
  SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  switch (options.verify) {
  case TlsVerify::full:
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (!options.ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(ctx.get(), options.ca_file.c_str(), nullptr) != 1) {
        return fail(Errc::config, "tls: cannot load CA file {}: {}", options.ca_file,
                    take_openssl_errors());
      }
    } else if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
      return fail(Errc::config, "tls: cannot load the system CA store: {}", take_openssl_errors());
    }
    break;
  case TlsVerify::none: SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr); break;
  case TlsVerify::adh:
    // RouterOS api-ssl without a certificate offers only anonymous DH suites, which OpenSSL
    // drops at any security level above 0, and which TLS 1.3 does not have.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
    if (SSL_CTX_set_cipher_list(ctx.get(), "ADH:@SECLEVEL=0") != 1) {
      return fail(Errc::internal, "tls: this OpenSSL has no anonymous DH suites: {}",
                  take_openssl_errors());
    }
    break;
  }
  return ctx;
}

Status prepare_tls_session(ssl_st* ssl, const std::string& host, const TlsOptions& options) {
  const std::string& name = options.server_name.empty() ? host : options.server_name;
  const bool ip = is_ip_address(name);
  // SSL_set_tlsext_host_name() is a macro with a C cast; call what it expands to.
  if (!ip && !name.empty()) {
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(name.c_str()));
  }
  if (options.verify != TlsVerify::full) return {};
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1) {
      return fail(Errc::usage, "tls: bad IP address {}", name);
    }
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, name.c_str()) != 1)
      return fail(Errc::usage, "tls: bad host name {}", name);
  }
  return {};
}

std::string describe_tls_failure(ssl_st* ssl, const TlsOptions& options, std::string_view fallback,
                                 unsigned long openssl_error) {
  // Peek the reason before draining the queue.
  const unsigned long first = ERR_peek_error() != 0 ? ERR_peek_error() : openssl_error;
  const int reason = first != 0 ? ERR_GET_REASON(first) : 0;
  std::string text = take_openssl_errors();
  if (text.empty()) text = std::string(fallback);
  if (ssl != nullptr && options.verify == TlsVerify::full) {
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) {
      text =
          fmt::format("certificate verification failed: {}", X509_verify_cert_error_string(verify));
      return text;
    }
  }
  const bool handshake_refused = reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
                                 reason == SSL_R_NO_SHARED_CIPHER ||
                                 reason == SSL_R_NO_CIPHERS_AVAILABLE;
  if (handshake_refused && options.verify != TlsVerify::adh) {
    text +=
        " (a router whose api-ssl has no certificate offers only anonymous DH; "
        "use --tls-verify adh for it)";
  } else if (handshake_refused) {
    text += " (the router does not offer anonymous DH; it has a certificate, so verify it)";
  }
  return text;
}

}  // namespace ill::routeros
