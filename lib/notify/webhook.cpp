#include "notify/webhook.hpp"

#include "notify/curl_easy.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ill::notify {

std::string hmac_sha256_hex(std::string_view key, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

WebhookClient::WebhookClient(config::WebhookSettings settings, std::optional<store::Secret> key)
    : m_settings(std::move(settings)), m_key(std::move(key)) {}

Status WebhookClient::post(const std::string& body, const std::string& event,
                           const std::string& delivery_key, const std::string& url) const {
  const std::string& target = url.empty() ? m_settings.url : url;
  if (target.empty()) return fail(Errc::config, "no webhook configured (webhook.url)");
  std::vector<std::string> headers = {"X-Ill-Event: " + event, "X-Ill-Delivery: " + delivery_key};
  if (m_key && !m_key->empty())
    headers.push_back("X-Ill-Signature: sha256=" + hmac_sha256_hex(m_key->reveal(), body));
  auto reply = detail::post_json(target, body, headers, m_settings.timeout_s);
  if (!reply) return fail(std::move(reply.error()).with_context("webhook"));
  if (reply->status < 200 || reply->status >= 300)
    return fail(Errc::remote, "webhook: {}", detail::describe(*reply));
  return {};
}

}  // namespace ill::notify
