#include "core/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace ill {

Result<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  using spdlog::level::level_enum;
  static constexpr std::pair<std::string_view, level_enum> k_levels[] = {
      {"trace", level_enum::trace}, {"debug", level_enum::debug}, {"info", level_enum::info},
      {"warn", level_enum::warn},   {"error", level_enum::err},   {"off", level_enum::off},
  };
  for (const auto& [text, level] : k_levels) {
    if (name == text) return level;
  }
  return fail(Errc::config, "unknown log level '{}' (use trace, debug, info, warn, error or off)",
              name);
}

void setup_logging(std::string_view program, LogStyle style, spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_logger_mt(std::string(program) + "-stderr");
  if (style == LogStyle::daemon && std::getenv("JOURNAL_STREAM") != nullptr) {
    style = LogStyle::journal;
  }
  switch (style) {
  case LogStyle::terminal: logger->set_pattern(std::string(program) + ": %l: %v"); break;
  case LogStyle::daemon: logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v"); break;
  case LogStyle::journal: logger->set_pattern("%l %v"); break;
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace ill
