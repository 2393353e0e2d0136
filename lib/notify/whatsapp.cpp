#include "notify/whatsapp.hpp"

#include "notify/curl_easy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ill::notify {

std::string whatsapp_template_body(const config::WhatsappSettings& s, const std::string& to,
                                   const std::vector<std::string>& parameters) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : parameters) params.push_back({{"type", "text"}, {"text", p}});
  nlohmann::json body = {{"messaging_product", "whatsapp"},
                         {"recipient_type", "individual"},
                         {"to", !to.empty() && to.front() == '+' ? to.substr(1) : to},
                         {"type", "template"},
                         {"template",
                          {{"name", s.template_name},
                           {"language", {{"code", s.language}}},
                           {"components", {{{"type", "body"}, {"parameters", params}}}}}}};
  return body.dump();
}

WhatsappClient::WhatsappClient(config::WhatsappSettings settings,
                               std::optional<store::Secret> token)
    : m_settings(std::move(settings)), m_token(std::move(token)) {}

Status WhatsappClient::send(const std::string& to,
                            const std::vector<std::string>& parameters) const {
  if (!configured())
    return fail(Errc::config, "no WhatsApp sender configured (whatsapp.phone_number_id)");
  if (!m_token || m_token->empty())
    return fail(Errc::config,
                "no WhatsApp token (whatsapp.token_file or `illctl secret set whatsapp.token`)");
  std::string base = m_settings.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string url =
      base + "/" + m_settings.api_version + "/" + m_settings.phone_number_id + "/messages";
  std::string auth = "Authorization: Bearer ";
  auth += m_token->reveal();
  auto reply = detail::post_json(url, whatsapp_template_body(m_settings, to, parameters), {auth},
                                 m_settings.timeout_s);
  std::fill(auth.begin(), auth.end(), '\0');
  if (!reply) return fail(std::move(reply.error()).with_context("whatsapp"));
  if (reply->status < 200 || reply->status >= 300)
    return fail(Errc::remote, "whatsapp: {}", detail::describe(*reply));
  return {};
}

}  // namespace ill::notify
