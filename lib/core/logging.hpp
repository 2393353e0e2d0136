// Log set-up for the front ends. The library only logs (through spdlog's default logger);
// illctl and illd each call setup_logging() once to decide where it goes.
#pragma once

#include "core/result.hpp"

#include <spdlog/common.h>

#include <string_view>

namespace ill {

enum class LogStyle {
  terminal,  // illctl: "illctl: warning: ..." on stderr, no timestamps
  daemon,    // illd by hand: timestamped lines on stderr
  journal,   // illd under systemd: journald adds the time, so only level and message
};

// Accepts trace, debug, info, warn, error, off.
Result<spdlog::level::level_enum> parse_log_level(std::string_view name);

// Picks journal over daemon by itself when stderr is connected to the journal ($JOURNAL_STREAM).
void setup_logging(std::string_view program, LogStyle style, spdlog::level::level_enum level);

}  // namespace ill
