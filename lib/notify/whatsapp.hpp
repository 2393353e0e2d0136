// WhatsApp through the Cloud API: POST {base_url}/{api_version}/{phone_number_id}/messages with
// a bearer token and a template message (the only kind a business may send first), the alert's
// text in the template's body parameters. A 2xx reply is an acceptance. The Cloud API has no
// idempotency key of its own, so a delivery is at least once (see outbox_sender.hpp).
#pragma once

#include "config/notify_settings.hpp"
#include "core/result.hpp"
#include "store/secret.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ill::notify {

// The request body: a template message to `to` (E.164; the leading + is dropped).
std::string whatsapp_template_body(const config::WhatsappSettings& settings, const std::string& to,
                                   const std::vector<std::string>& parameters);

class WhatsappClient {
public:
  WhatsappClient(config::WhatsappSettings settings, std::optional<store::Secret> token);
  bool configured() const { return !m_settings.phone_number_id.empty(); }
  Status send(const std::string& to, const std::vector<std::string>& parameters) const;

private:
  config::WhatsappSettings m_settings;
  std::optional<store::Secret> m_token;
};

}  // namespace ill::notify
