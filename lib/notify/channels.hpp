// The delivery channels as the configuration sets them up, with their secrets: each from the
// credential file the config names, or else from the store (`illctl secret set NAME`), opened
// with the key file. Secrets go from here into the clients and nowhere else (never a log line).
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "notify/smtp.hpp"
#include "notify/webhook.hpp"
#include "notify/whatsapp.hpp"
#include "store/database.hpp"
#include "store/secret_box.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace ill::notify {

// The names `illctl secret set` accepts.
const std::vector<std::string_view>& channel_secret_names();
bool is_channel_secret(std::string_view name);

// A credential file's content without its trailing newline; refuses a file that group or others
// may read, naming it.
Result<store::Secret> read_credential_file(const std::string& path);

// `file` when not empty, else the stored secret `name`; nullopt when there is neither.
Result<std::optional<store::Secret>> load_channel_secret(store::Database& db,
                                                         const store::SecretBox& box,
                                                         std::string_view name,
                                                         const std::string& file);

struct Channels {
  SmtpClient smtp;
  WebhookClient webhook;
  WhatsappClient whatsapp;
};

Result<Channels> open_channels(const config::Config& config, store::Database& db,
                               const store::SecretBox& box);

}  // namespace ill::notify
