// illctl init: a new database and a new secret key; never overwrites either.
#include "context.hpp"
#include "store_access.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>

namespace ill::cli {
namespace {

Status init(const Context& ctx) {
  const std::string db_path = ctx.config.values.db;
  const std::string key_path = ctx.config.values.key_path().string();
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec))
    return fail(Errc::usage, "database {} already exists; refusing to overwrite it", db_path);
  bool key_exists = std::filesystem::exists(key_path, ec);
  if (key_exists) {
    // An existing key is kept only when it is usable: then a new database can share it.
    auto box = store::SecretBox::load(key_path);
    if (!box) return fail(box.error());
  }
  for (const auto& path : {std::filesystem::path(db_path), std::filesystem::path(key_path)}) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  }
  if (!key_exists) {
    if (auto st = store::SecretBox::create_key_file(key_path); !st) return st;
  }
  auto db = store::Database::open(db_path, store::OpenMode::create);
  if (!db) return fail(db.error());
  std::printf("created database %s (schema version %d)\n", db_path.c_str(),
              store::latest_schema_version());
  if (key_exists)
    std::printf("using existing key file %s\n", key_path.c_str());
  else
    std::printf(
        "created key file %s (mode 0600); back it up: without it, stored router "
        "passwords cannot be read\n",
        key_path.c_str());
  return {};
}

}  // namespace

void add_init_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "init", "Create the database and the key that encrypts router passwords (--db PATH)");
  on_run(cmd, ctx, [&ctx] { return init(ctx); });
}

}  // namespace ill::cli
