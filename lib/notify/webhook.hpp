// The generic JSON webhook: the alert's JSON POSTed to a URL, with its idempotency key in
// X-Ill-Delivery, its event in X-Ill-Event and, when a key is set, X-Ill-Signature:
// sha256=<hex HMAC-SHA256 of the exact body under the key>. Any 2xx reply is an acceptance.
#pragma once

#include "config/notify_settings.hpp"
#include "core/result.hpp"
#include "store/secret.hpp"

#include <optional>
#include <string>

namespace ill::notify {

// Lower-case hex HMAC-SHA256 of `body` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view body);

class WebhookClient {
public:
  WebhookClient(config::WebhookSettings settings, std::optional<store::Secret> key);
  bool configured() const { return !m_settings.url.empty(); }
  // `url` empty: the configured one.
  Status post(const std::string& body, const std::string& event, const std::string& delivery_key,
              const std::string& url = {}) const;

private:
  config::WebhookSettings m_settings;
  std::optional<store::Secret> m_key;
};

}  // namespace ill::notify
