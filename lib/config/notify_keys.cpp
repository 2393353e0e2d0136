// The keys of [smtp], [webhook], [whatsapp] and [alerts] (illd.conf(5) documents each).
#include "config/key_def.hpp"

#include <algorithm>

namespace ill::config::detail {
namespace {

template <typename S>
KeyDef text_key(std::string_view name, std::string_view description, S Config::*section,
                std::string S::*field, bool allow_empty,
                std::function<Status(const Raw&)> check = nullptr) {
  return {.info = {.name = name, .type = ValueType::string, .description = description},
          .set = [=](Config& c, const Raw& v) { (c.*section).*field = as<std::string>(v); },
          .get = [=](const Config& c) { return (c.*section).*field; },
          .allow_empty = allow_empty,
          .check = std::move(check)};
}

template <typename S>
KeyDef int_key(std::string_view name, std::string_view description, S Config::*section,
               int S::*field, std::int64_t min, std::int64_t max) {
  return {.info = {.name = name,
                   .type = ValueType::integer,
                   .description = description,
                   .min = min,
                   .max = max},
          .set = [=](Config& c,
                     const Raw& v) { (c.*section).*field = static_cast<int>(as<std::int64_t>(v)); },
          .get = [=](const Config& c) { return std::to_string((c.*section).*field); }};
}

// A comma-separated list whose items are all among `allowed`.
std::function<Status(const Raw&)> list_of(std::vector<std::string_view> allowed) {
  return [allowed](const Raw& v) -> Status {
    std::string_view rest = std::get<std::string>(v);
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty() && std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
        std::string names;
        for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
        return fail(Errc::config, "'{}' is not one of {}", item, names);
      }
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return {};
  };
}

const std::vector<std::string_view> k_events = {
    "link_down", "link_up", "router_down", "router_up", "availability_below", "budget_used"};

}  // namespace

std::vector<KeyDef> notify_key_definitions() {
  std::vector<KeyDef> defs;
  auto smtp = &Config::smtp;
  defs.push_back(text_key("smtp.host",
                          "SMTP server that sends reports and alerts by e-mail. Empty: no e-mail.",
                          smtp, &SmtpSettings::host, true));
  defs.push_back(int_key("smtp.port", "SMTP server port (25, 465 for smtps, 587 for submission).",
                         smtp, &SmtpSettings::port, 1, 65535));
  defs.push_back({.info = {.name = "smtp.security",
                           .type = ValueType::choice,
                           .description = "starttls (required upgrade to TLS), smtps (TLS from the "
                                          "first byte) or none (plain text; loopback only).",
                           .choices = {"starttls", "smtps", "none"}},
                  .set = [](Config& c, const Raw& v) { c.smtp.security = as<std::string>(v); },
                  .get = [](const Config& c) { return c.smtp.security; }});
  defs.push_back(text_key("smtp.username", "SMTP AUTH user name. Empty: no authentication.", smtp,
                          &SmtpSettings::username, true));
  defs.push_back(text_key("smtp.password_file",
                          "File holding the SMTP password (mode 0600). Empty: the secret "
                          "smtp.password stored with `illctl secret set`.",
                          smtp, &SmtpSettings::password_file, true));
  defs.push_back(text_key("smtp.ca_file",
                          "CA certificates (PEM) that verify the server's certificate. Empty: the "
                          "system's.",
                          smtp, &SmtpSettings::ca_file, true));
  defs.push_back(text_key("smtp.from", "Sender address (From:), optionally \"Name <addr>\".", smtp,
                          &SmtpSettings::from, false));
  defs.push_back(text_key("smtp.reply_to", "Reply-To: address. Empty: none.", smtp,
                          &SmtpSettings::reply_to, true));
  defs.push_back(text_key("smtp.helo_domain", "Domain ill names itself with in EHLO.", smtp,
                          &SmtpSettings::helo_domain, false));
  defs.push_back(int_key("smtp.timeout_s", "Seconds allowed for one SMTP transaction.", smtp,
                         &SmtpSettings::timeout_s, 1, 600));
  defs.push_back(int_key("smtp.report_attempts",
                         "Tries per recipient of a report e-mail (illctl report --email).", smtp,
                         &SmtpSettings::report_attempts, 1, 10));
  defs.push_back(int_key("smtp.report_retry_s",
                         "Seconds before a report e-mail's second try; the wait doubles after "
                         "each.",
                         smtp, &SmtpSettings::report_retry_s, 0, 600));

  auto webhook = &Config::webhook;
  defs.push_back(text_key("webhook.url",
                          "URL that receives every NOC alert as a JSON POST. Empty: no webhook.",
                          webhook, &WebhookSettings::url, true));
  defs.push_back(text_key("webhook.secret_file",
                          "File holding the HMAC-SHA256 key that signs each body "
                          "(X-Ill-Signature). Empty: the secret webhook.secret, or unsigned.",
                          webhook, &WebhookSettings::secret_file, true));
  defs.push_back(int_key("webhook.timeout_s", "Seconds allowed for one webhook POST.", webhook,
                         &WebhookSettings::timeout_s, 1, 120));

  auto wa = &Config::whatsapp;
  defs.push_back(text_key("whatsapp.base_url", "Base URL of the WhatsApp Cloud API.", wa,
                          &WhatsappSettings::base_url, false));
  defs.push_back(text_key("whatsapp.api_version", "Graph API version in the message URL.", wa,
                          &WhatsappSettings::api_version, false));
  defs.push_back(text_key("whatsapp.phone_number_id",
                          "Sender's phone number id in the Cloud API. Empty: no WhatsApp.", wa,
                          &WhatsappSettings::phone_number_id, true));
  defs.push_back(text_key("whatsapp.token_file",
                          "File holding the Cloud API bearer token. Empty: the secret "
                          "whatsapp.token.",
                          wa, &WhatsappSettings::token_file, true));
  defs.push_back(text_key("whatsapp.template", "Approved message template alerts are sent with.",
                          wa, &WhatsappSettings::template_name, false));
  defs.push_back(text_key("whatsapp.language", "Language code of the template.", wa,
                          &WhatsappSettings::language, false));
  defs.push_back(int_key("whatsapp.timeout_s", "Seconds allowed for one Cloud API request.", wa,
                         &WhatsappSettings::timeout_s, 1, 120));

  auto alerts = &Config::alerts;
  defs.push_back({.info = {.name = "alerts.enabled",
                           .type = ValueType::boolean,
                           .description = "Whether illd raises alerts at all."},
                  .set = [](Config& c, const Raw& v) { c.alerts.enabled = as<bool>(v); },
                  .get = [](const Config& c) { return c.alerts.enabled ? "true" : "false"; }});
  defs.push_back(int_key("alerts.link_down_after_s",
                         "Seconds a link must stay down before its alert is raised.", alerts,
                         &AlertSettings::link_down_after_s, 0, 86400));
  defs.push_back(int_key("alerts.router_down_after_s",
                         "Seconds a router must stay unreachable before its alert is raised.",
                         alerts, &AlertSettings::router_down_after_s, 0, 86400));
  defs.push_back(int_key("alerts.hold_down_s",
                         "Seconds a link or router must stay up before its recovery is announced; "
                         "a relapse within it continues the same alert (flap damping).",
                         alerts, &AlertSettings::hold_down_s, 0, 86400));
  defs.push_back(int_key("alerts.budget_share_pct",
                         "Share of the month's allowed downtime that, once used, raises "
                         "budget_used.",
                         alerts, &AlertSettings::budget_share_pct, 1, 100));
  defs.push_back(text_key("alerts.noc_email", "NOC e-mail addresses, comma-separated.", alerts,
                          &AlertSettings::noc_email, true));
  defs.push_back(text_key("alerts.noc_events", "Events the NOC gets, comma-separated.", alerts,
                          &AlertSettings::noc_events, true, list_of(k_events)));
  defs.push_back(text_key("alerts.noc_channels", "NOC channels: email, webhook.", alerts,
                          &AlertSettings::noc_channels, true, list_of({"email", "webhook"})));
  defs.push_back(text_key("alerts.client_events", "Events a link's client gets, comma-separated.",
                          alerts, &AlertSettings::client_events, true, list_of(k_events)));
  defs.push_back(text_key("alerts.client_channels",
                          "Client channels: email (its report addresses), whatsapp (its number).",
                          alerts, &AlertSettings::client_channels, true,
                          list_of({"email", "whatsapp"})));
  defs.push_back(int_key("alerts.retry_max_s",
                         "Longest wait, in seconds, between two attempts of a delivery (the wait "
                         "doubles from 5 s).",
                         alerts, &AlertSettings::retry_max_s, 5, 86400));
  defs.push_back(int_key("alerts.give_up_after_h",
                         "Hours after which a delivery still refused is marked failed.", alerts,
                         &AlertSettings::give_up_after_h, 1, 720));
  return defs;
}

}  // namespace ill::config::detail
