// illctl import FILE.csv [--dry-run]: routers, clients and links from one CSV file.
#include "context.hpp"
#include "inventory/importer.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace ill::cli {
namespace {

struct ImportCommandOptions {
  std::string file;
  bool dry_run = false;
  PasswordSource password;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Status run_import(const Context& ctx, const ImportCommandOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail(Errc::not_found, "cannot read {}: {}", o.file, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();

  inventory::ImportOptions options;
  options.dry_run = o.dry_run;
  std::optional<store::SecretBox> box;
  if (o.password.from_stdin || !o.password.file.empty()) {
    auto password = read_password(o.password, "router password", PasswordNeed::required);
    if (!password) return fail(password.error());
    auto loaded = open_secret_box(ctx);
    if (!loaded) return fail(loaded.error());
    box.emplace(std::move(*loaded));
    options.router_password = std::move(*password);
    options.secret_box = &*box;
  }
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  auto result = inventory::import_inventory(**db, text.str(), options);
  if (!result) return fail(result.error());

  if (ctx.json) {
    auto changes = nlohmann::json::array();
    for (const auto& c : result->changes)
      changes.push_back({{"kind", c.kind},
                         {"name", c.name},
                         {"change", inventory::to_string(c.change)},
                         {"line", c.line},
                         {"fields", c.fields}});
    auto errors = nlohmann::json::array();
    for (const auto& e : result->errors)
      errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    print_json({{"file", o.file},
                {"dry_run", o.dry_run},
                {"committed", result->committed},
                {"changes", changes},
                {"errors", errors}});
  } else if (result->errors.empty()) {
    for (const auto& c : result->changes) {
      if (c.change == inventory::ChangeKind::unchanged) continue;
      std::printf("%s%s %s%s\n", o.dry_run ? "would be " : "",
                  std::string(inventory::to_string(c.change)).c_str(),
                  (c.kind + " " + c.name).c_str(),
                  c.fields.empty() ? "" : (" (" + join(c.fields) + ")").c_str());
    }
    std::printf(
        "%s%zu added, %zu updated, %zu unchanged\n", o.dry_run ? "dry run, nothing written: " : "",
        result->count(inventory::ChangeKind::added), result->count(inventory::ChangeKind::updated),
        result->count(inventory::ChangeKind::unchanged));
  }
  if (!result->errors.empty()) {
    std::string message;
    for (const auto& e : result->errors) {
      message += e.line ? fmt::format("{}:{}: ", o.file, e.line) : fmt::format("{}: ", o.file);
      if (!e.column.empty()) message += e.column + ": ";
      message += e.message + "\n";
    }
    message += fmt::format("{} error{} in {}; nothing was imported", result->errors.size(),
                           result->errors.size() == 1 ? "" : "s", o.file);
    return fail(Errc::invalid_input, "{}", message);
  }
  return {};
}

}  // namespace

void add_import_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ImportCommandOptions>();
  auto* cmd = app.add_subcommand(
      "import", "Import routers, clients and links from a CSV file (see examples/inventory.csv)");
  cmd->add_option("file", o->file, "The CSV file")->required();
  cmd->add_flag("--dry-run", o->dry_run, "Show what would change and write nothing");
  add_password_options(cmd, o->password, "password for the routers in the file");
  on_run(cmd, ctx, [&ctx, o] { return run_import(ctx, *o); });
}

}  // namespace ill::cli
