// illd: the ill daemon. Parses flags, validates the configuration, then hands over to Daemon.
#include "daemon.hpp"

#include "config/flags.hpp"
#include "core/exit_code.hpp"
#include "core/logging.hpp"

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace {

// glibc gives each thread that allocates its own heap arena (up to 8 per core), and illd's
// threads each build and drop large structures (the inventory, sessions, batches): at 10,000
// routers the arenas' fragmentation was a quarter of illd's memory. Two arenas took the fleet
// benchmark's peak RSS from 466 to 353 MiB at the same CPU. MALLOC_ARENA_MAX, when set, wins.
void limit_malloc_arenas() {
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
}

void print_error(const std::string& message) {
  std::istringstream lines(message);
  for (std::string line; std::getline(lines, line);)
    std::fprintf(stderr, "illd: error: %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ill;
  limit_malloc_arenas();  // before any thread starts
  config::CommonFlags flags;
  bool check_only = false;
  CLI::App app{
      "illd: polls every router, records the availability timeline, serves /metrics and the client "
      "portal.",
      "illd"};
  app.footer(
      "Signals: SIGHUP reloads the configuration and inventory; SIGTERM and SIGINT stop cleanly.\n"
      "See illd(8) and illd.conf(5).");
  config::add_common_flags(app, flags, "illd");
  app.add_flag("-t,--check-config", check_only,
               "Validate the configuration, print the verdict and exit (0 when good)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    print_error(e.what());
    std::fprintf(stderr, "Run 'illd --help' for the options.\n");
    return k_exit_usage;
  }

  auto request = config::load_request(flags);
  auto loaded = config::load(request);
  if (!loaded) {
    print_error(loaded.error().what());
    return exit_code_for(loaded.error().category());
  }
  if (check_only) {
    const auto& file = loaded->values.source_file;
    std::printf("configuration ok (%s)\n",
                file ? file->c_str() : "no file: defaults, environment and flags");
    return k_exit_ok;
  }

  auto level = parse_log_level(loaded->values.log_level).value_or(spdlog::level::info);
  setup_logging("illd", LogStyle::daemon, level);
  daemon::Daemon illd(std::move(request), std::move(*loaded));
  Status status = illd.run();
  if (!status) {
    print_error(status.error().what());
    return exit_code_for(status.error().category());
  }
  return k_exit_ok;
}
