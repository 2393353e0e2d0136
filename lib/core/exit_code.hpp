// Exit codes of illctl and illd: the one table, documented in README.md and illctl(1). Scripts rely
// on them; never renumber.
#pragma once

#include "core/error.hpp"

namespace ill {

enum ExitCode : int {
  k_exit_ok = 0,
  k_exit_failure = 1,        // anything not listed below
  k_exit_usage = 2,          // bad command line
  k_exit_not_found = 3,      // a named router, client, link, user or file does not exist
  k_exit_unreachable = 4,    // router unreachable, timed out, TLS failed, connection lost
  k_exit_auth = 5,           // the router refused the login
  k_exit_invalid_input = 6,  // malformed input data (CSV row, value, date)
  k_exit_database = 7,       // the database failed or cannot be used
  k_exit_config = 8,         // the configuration is invalid
};

ExitCode exit_code_for(Errc category);

}  // namespace ill
