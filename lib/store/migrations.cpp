// The list of schema migrations, in order. Each version's SQL lives in its own file,
// store/migrations/vN.cpp, and is never edited once released.
//
// A new migration goes at the END: add store/migrations/vN.cpp (N = the last version + 1) with
// its SQL and a comment saying what it changes and why, declare schema::k_vN in
// store/migrations/schema_sql.hpp, add the file to store/CMakeLists.txt, and append
// {N, "description", schema::k_vN} to the list below. Never reorder, renumber or change an
// entry that has been released: databases in the field have run it.
#include "store/migrations.hpp"

#include "store/migrations/schema_sql.hpp"

namespace ill::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "initial schema", schema::k_v1},
      {2, "rollups for the SLA figures: up-only latency and loss, daily 5-minute slots",
       schema::k_v2},
      {3, "deliveries: channel secrets, alert state, the alert outbox, report deliveries",
       schema::k_v3},
      {4, "client portal: sessions, API tokens, login log, login throttle; Grafana UIDs",
       schema::k_v4},
      {5, "report history: each generated document and its bytes", schema::k_v5},
      {6, "ssh transport: the router's SSH port, user and key passphrase", schema::k_v6},
      {7, "portal: TOTP second factor, recovery codes, invitations, disabled clients",
       schema::k_v7},
      {8, "smaller store: closed days' 5-minute rollups packed, sample times to the millisecond",
       schema::k_v8},
  };
  return all;
}

}  // namespace ill::store
