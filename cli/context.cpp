#include "context.hpp"

#include <CLI/CLI.hpp>

namespace ill::cli {

void on_run(CLI::App* command, Context& ctx, std::function<Status()> handler) {
  command->callback([&ctx, handler = std::move(handler)] { ctx.action = handler; });
}

}  // namespace ill::cli
