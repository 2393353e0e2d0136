// The numbered, forward-only schema migrations. Migration N brings user_version from N-1 to N.
#pragma once

#include <vector>

namespace ill::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;  // constant DDL; never built from values
};

// Every migration, in order; migrations()[i].version == i + 1.
const std::vector<Migration>& migrations();

}  // namespace ill::store
