// illctl secret set|list|rm: the delivery channels' secrets (smtp.password, webhook.secret,
// whatsapp.token), sealed under the key file like router passwords; read from a prompt without
// echo, standard input or a file, never from an argument, and never printed.
#include "context.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include "notify/channels.hpp"
#include "store/secret_repository.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace ill::cli {
namespace {

struct SecretOptions {
  std::string name;
  PasswordSource source;
};

std::string names_list() {
  std::string out;
  for (auto n : notify::channel_secret_names()) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// The config key whose credential file, when set, is used instead of the stored secret.
std::string file_key_of(const config::Config& c, std::string_view name, std::string* path) {
  if (name == "smtp.password") {
    *path = c.smtp.password_file;
    return "smtp.password_file";
  }
  if (name == "webhook.secret") {
    *path = c.webhook.secret_file;
    return "webhook.secret_file";
  }
  *path = c.whatsapp.token_file;
  return "whatsapp.token_file";
}

Status set(const Context& ctx, const SecretOptions& o) {
  if (!notify::is_channel_secret(o.name))
    return fail(Errc::usage, "unknown secret '{}' (one of {})", o.name, names_list());
  if (o.source.from_stdin && !o.source.file.empty())
    return fail(Errc::usage, "give --stdin or --file, not both");
  auto value = read_password(o.source, o.name, PasswordNeed::required);
  if (!value) return fail(value.error());
  if (!*value || (*value)->empty()) return fail(Errc::usage, "secret {} is empty", o.name);
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto box = open_secret_box(ctx);
  if (!box) return fail(box.error());
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (auto st = store::SecretRepository(**db).put(o.name, box->seal(**value), now); !st) return st;
  std::string path;
  const std::string key = file_key_of(ctx.config.values, o.name, &path);
  std::printf("stored secret %s\n", o.name.c_str());
  if (!path.empty())
    std::fprintf(stderr, "illctl: warning: %s is set, so %s is read from %s, not the store\n",
                 key.c_str(), o.name.c_str(), path.c_str());
  return {};
}

Status list(const Context& ctx) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto stored = store::SecretRepository(**db).list();
  if (!stored) return fail(stored.error());
  auto out = nlohmann::json::array();
  Table table({"NAME", "SOURCE", "UPDATED"});
  for (auto name : notify::channel_secret_names()) {
    std::string path;
    file_key_of(ctx.config.values, name, &path);
    auto it = std::find_if(stored->begin(), stored->end(),
                           [&](const store::StoredSecret& s) { return s.name == name; });
    std::string source = !path.empty() ? "file " + path : it != stored->end() ? "store" : "none";
    std::optional<std::chrono::sys_seconds> updated;
    if (it != stored->end()) updated = it->updated_at;
    out.push_back(
        {{"name", name},
         {"source", path.empty() ? (updated ? "store" : "none") : "file"},
         {"file", path.empty() ? nlohmann::json(nullptr) : nlohmann::json(path)},
         {"stored", updated.has_value()},
         {"updated", updated ? nlohmann::json(time_text(updated)) : nlohmann::json(nullptr)}});
    table.add_row({std::string(name), source, time_text(updated)});
  }
  if (ctx.json)
    print_json(out);
  else
    table.print();
  return {};
}

Status remove(const Context& ctx, const SecretOptions& o) {
  if (!notify::is_channel_secret(o.name))
    return fail(Errc::usage, "unknown secret '{}' (one of {})", o.name, names_list());
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto removed = store::SecretRepository(**db).remove(o.name);
  if (!removed) return fail(removed.error());
  if (!*removed) return fail(Errc::not_found, "secret {} is not stored", o.name);
  std::printf("removed secret %s\n", o.name.c_str());
  return {};
}

}  // namespace

void add_secret_command(CLI::App& app, Context& ctx) {
  auto* secret =
      app.add_subcommand("secret", "Secrets of the delivery channels, encrypted with the key file");
  secret->require_subcommand(1);
  auto o = std::make_shared<SecretOptions>();

  auto* set_cmd = secret->add_subcommand(
      "set", "Store a secret (from a prompt without echo, --stdin or --file)");
  set_cmd->add_option("name", o->name, "smtp.password, webhook.secret or whatsapp.token")
      ->required();
  set_cmd->add_flag("--stdin", o->source.from_stdin,
                    "Read the secret from standard input (one line)");
  set_cmd->add_option("--file", o->source.file, "Read the secret from the first line of this file");
  on_run(set_cmd, ctx, [&ctx, o] { return set(ctx, *o); });

  auto* list_cmd = secret->add_subcommand("list", "Which secrets are set and where they come from");
  on_run(list_cmd, ctx, [&ctx] { return list(ctx); });

  auto* rm_cmd = secret->add_subcommand("rm", "Remove a stored secret");
  rm_cmd->add_option("name", o->name, "smtp.password, webhook.secret or whatsapp.token")
      ->required();
  on_run(rm_cmd, ctx, [&ctx, o] { return remove(ctx, *o); });
}

}  // namespace ill::cli
