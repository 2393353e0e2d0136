// The settings of ill's deliveries: the SMTP server, the webhook, the WhatsApp Cloud API and the
// alert rules and their routing. Secrets are never here: each names a credential file, or else
// the secret is read from the store (`illctl secret set`), encrypted under the key file.
#pragma once

#include <string>

namespace ill::config {

struct SmtpSettings {
  std::string host;                   // empty: no e-mail is sent
  int port = 25;                      // 465 for smtps, 587 for submission with starttls
  std::string security = "starttls";  // starttls | smtps | none
  std::string username;               // empty: no AUTH
  std::string password_file;          // empty: the stored secret smtp.password
  std::string ca_file;                // empty: the system's CA certificates
  std::string from = "ill@localhost";
  std::string reply_to;
  std::string helo_domain = "localhost";
  int timeout_s = 30;
  int report_attempts = 3;  // tries per recipient of a report e-mail (illctl report --email)
  int report_retry_s = 5;   // the first wait between two tries; it doubles
};

struct WebhookSettings {
  std::string url;          // empty: no webhook
  std::string secret_file;  // empty: the stored secret webhook.secret (none: unsigned)
  int timeout_s = 10;
};

struct WhatsappSettings {
  std::string base_url = "https://graph.facebook.com";
  std::string api_version = "v19.0";
  std::string phone_number_id;  // empty: no WhatsApp
  std::string token_file;       // empty: the stored secret whatsapp.token
  std::string template_name = "ill_alert";
  std::string language = "en";
  int timeout_s = 10;
};

struct AlertSettings {
  bool enabled = true;
  int link_down_after_s = 300;    // a link down this long gets an alert
  int router_down_after_s = 300;  // a router unreachable this long gets an alert
  int hold_down_s = 600;          // up this long before a recovery closes the alert
  int budget_share_pct = 80;      // of the month's allowed downtime, before the breach
  std::string noc_email;          // comma-separated
  std::string noc_events = "link_down,link_up,router_down,router_up,availability_below,budget_used";
  std::string noc_channels = "email,webhook";
  std::string client_events = "link_down,link_up,availability_below";
  std::string client_channels = "email,whatsapp";
  int retry_max_s = 600;     // longest wait between two attempts of one delivery
  int give_up_after_h = 48;  // a delivery still failing after this is marked failed
};

}  // namespace ill::config
