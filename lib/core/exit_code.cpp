#include "core/exit_code.hpp"

namespace ill {

ExitCode exit_code_for(Errc category) {
  switch (category) {
  case Errc::usage: return k_exit_usage;
  case Errc::not_found: return k_exit_not_found;
  case Errc::unreachable:
  case Errc::timeout:
  case Errc::connection: return k_exit_unreachable;
  case Errc::auth: return k_exit_auth;
  case Errc::invalid_input: return k_exit_invalid_input;
  case Errc::database: return k_exit_database;
  case Errc::config: return k_exit_config;
  case Errc::internal:
  case Errc::protocol:
  case Errc::remote:
  case Errc::io:
  case Errc::cancelled: return k_exit_failure;
  }
  return k_exit_failure;
}

}  // namespace ill
