// illctl config show|check: the effective configuration, with where each value came from.
#include "context.hpp"
#include "output.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace ill::cli {
namespace {

std::string origin_text(const config::Provenance& p) {
  if (p.origin == config::Origin::default_value) return "default";
  return std::string(config::to_string(p.origin)) + " " + p.where;
}

Status show(const Context& ctx) {
  const auto& values = ctx.config.values;
  if (ctx.json) {
    auto out = nlohmann::json::array();
    for (const auto& key : config::keys()) {
      const auto& p = ctx.config.origins.at(std::string(key.name));
      nlohmann::json value = config::value_of(values, key.name);
      if (key.type == config::ValueType::integer)
        value = std::stoll(config::value_of(values, key.name));
      out.push_back({{"key", key.name},
                     {"value", value},
                     {"origin", config::to_string(p.origin)},
                     {"where", p.where}});
    }
    print_json(out);
    return {};
  }
  Table table({"KEY", "VALUE", "ORIGIN"});
  for (const auto& key : config::keys()) {
    table.add_row({std::string(key.name), config::value_of(values, key.name),
                   origin_text(ctx.config.origins.at(std::string(key.name)))});
  }
  table.print();
  return {};
}

Status check(const Context& ctx) {
  const auto& file = ctx.config.values.source_file;
  std::printf("configuration ok (%s)\n",
              file ? file->c_str() : "no file: defaults, environment and flags");
  return {};
}

}  // namespace

void add_config_command(CLI::App& app, Context& ctx) {
  auto* config = app.add_subcommand("config", "Show or check the effective configuration");
  config->require_subcommand(1);
  auto* show_cmd = config->add_subcommand(
      "show", "Print every configuration key, its value and where it came from");
  on_run(show_cmd, ctx, [&ctx] { return show(ctx); });
  auto* check_cmd =
      config->add_subcommand("check", "Validate the configuration and exit 0 when it is good");
  on_run(check_cmd, ctx, [&ctx] { return check(ctx); });
}

}  // namespace ill::cli
