#include "sim/tls.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ill::sim {

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

Result<PemPair> make_self_signed(const std::vector<std::string>& ip_addresses) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) return fail(Errc::internal, "cannot make a key: {}", openssl_error());
  X509* cert = X509_new();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_guard(key, EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert_guard(cert, X509_free);
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("ill-sim"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  std::string san = "DNS:localhost";
  for (const auto& ip : ip_addresses) san += ",IP:" + ip;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                            {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return fail(Errc::internal, "cannot add extension: {}", openssl_error());
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert, key, EVP_sha256()) == 0)
    return fail(Errc::internal, "cannot sign the certificate: {}", openssl_error());
  PemPair out;
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, cert);
  out.certificate = bio_text(b);
  BIO_free(b);
  b = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key = bio_text(b);
  BIO_free(b);
  return out;
}

Result<std::shared_ptr<asio::ssl::context>> make_server_context(const RouterConfig& router,
                                                                const PemPair* generated) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION);
  if (router.tls == TlsMode::anonymous) {
    // What a router with `certificate=none` offers: anonymous DH only, so TLS 1.2 at most.
    SSL_CTX_set_security_level(native, 0);
    if (SSL_CTX_set_cipher_list(native, "ADH:@SECLEVEL=0") != 1)
      return fail(Errc::internal, "router {}: no ADH ciphers: {}", router.name, openssl_error());
    SSL_CTX_set_max_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_dh_auto(native, 1);
    return ctx;
  }
  if (router.tls_only_12) SSL_CTX_set_max_proto_version(native, TLS1_2_VERSION);
  std::error_code ec;
  if (!router.cert_file.empty()) {
    ctx->use_certificate_chain_file(router.cert_file, ec);
    if (ec)
      return fail(Errc::config, "router {}: cert_file {}: {}", router.name, router.cert_file,
                  ec.message());
    ctx->use_private_key_file(router.key_file, asio::ssl::context::pem, ec);
    if (ec)
      return fail(Errc::config, "router {}: key_file {}: {}", router.name, router.key_file,
                  ec.message());
    return ctx;
  }
  if (!generated) return fail(Errc::internal, "router {}: no certificate", router.name);
  ctx->use_certificate_chain(asio::buffer(generated->certificate), ec);
  if (!ec) ctx->use_private_key(asio::buffer(generated->private_key), asio::ssl::context::pem, ec);
  if (ec) return fail(Errc::internal, "router {}: certificate: {}", router.name, ec.message());
  return ctx;
}

}  // namespace ill::sim
