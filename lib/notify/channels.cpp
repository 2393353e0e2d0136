#include "notify/channels.hpp"

#include "store/secret_repository.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ill::notify {

const std::vector<std::string_view>& channel_secret_names() {
  static const std::vector<std::string_view> k_names = {"smtp.password", "webhook.secret",
                                                        "whatsapp.token"};
  return k_names;
}

bool is_channel_secret(std::string_view name) {
  const auto& names = channel_secret_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

Result<store::Secret> read_credential_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return fail(Errc::config, "credential file {}: {}", path, std::strerror(errno));
  if ((st.st_mode & 077) != 0)
    return fail(Errc::config, "credential file {} may be read by others; chmod 600 it", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::config, "credential file {}: cannot read it", path);
  std::stringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return store::Secret(std::move(value));
}

Result<std::optional<store::Secret>> load_channel_secret(store::Database& db,
                                                         const store::SecretBox& box,
                                                         std::string_view name,
                                                         const std::string& file) {
  if (!file.empty()) {
    auto secret = read_credential_file(file);
    if (!secret) return fail(secret.error());
    return std::optional<store::Secret>(std::move(*secret));
  }
  auto stored = store::SecretRepository(db).get(std::string(name));
  if (!stored) return fail(stored.error());
  if (!*stored) return std::optional<store::Secret>();
  auto secret = box.open((*stored)->sealed);
  if (!secret) {
    return fail(std::move(secret.error())
                    .with_context("secret " + std::string(name) + " (was the key file replaced?)"));
  }
  return std::optional<store::Secret>(std::move(*secret));
}

Result<Channels> open_channels(const config::Config& c, store::Database& db,
                               const store::SecretBox& box) {
  auto password = load_channel_secret(db, box, "smtp.password", c.smtp.password_file);
  if (!password) return fail(password.error());
  auto webhook_key = load_channel_secret(db, box, "webhook.secret", c.webhook.secret_file);
  if (!webhook_key) return fail(webhook_key.error());
  auto token = load_channel_secret(db, box, "whatsapp.token", c.whatsapp.token_file);
  if (!token) return fail(token.error());
  return Channels{SmtpClient(c.smtp, std::move(*password)),
                  WebhookClient(c.webhook, std::move(*webhook_key)),
                  WhatsappClient(c.whatsapp, std::move(*token))};
}

}  // namespace ill::notify
