// One of illd's retention passes (collect::expire_pass) over a large store. Run by hand:
//   bench_expire STORE [now=2026-02-01T01:00:00Z] [passes=3]
// STORE is an ill.db, e.g. the one `ILL_BENCH_KEEP=1 bench_sla_fleet` leaves (10,000 links x
// January 2026). The writer runs a pass every 10 minutes inside its write transaction, so what a
// pass costs when there is little to expire is what every pass costs a steady-state daemon. At the
// default retentions and `now` just after the month, nothing expires and nothing is left to pack:
// the figures are the pass's own overhead. Prints each pass's wall and CPU time and its counts.
#include "collect/writer.hpp"
#include "core/format.hpp"
#include "process_cpu.hpp"
#include "store/database.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_expire STORE [now=2026-02-01T01:00:00Z] [passes=3]\n");
    return 2;
  }
  const std::string now_text = argc > 2 ? argv[2] : "2026-02-01T01:00:00Z";
  const int passes = argc > 3 ? std::atoi(argv[3]) : 3;
  auto now = ill::parse_rfc3339(now_text);
  if (!now) {
    std::fprintf(stderr, "bench_expire: %s\n", now.error().what().c_str());
    return 2;
  }
  auto db = ill::store::Database::open(argv[1], ill::store::OpenMode::existing);
  if (!db) {
    std::fprintf(stderr, "bench_expire: %s\n", db.error().what().c_str());
    return 1;
  }
  const ill::collect::RetentionPolicy retention;  // the defaults: 40 and 400 days
  for (int i = 0; i < passes; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu = ill::bench::process_cpu_seconds();
    auto n = ill::collect::expire_pass(**db, retention, *now, 2000);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!n) {
      std::fprintf(stderr, "bench_expire: %s\n", n.error().what().c_str());
      return 1;
    }
    fmt::print(
        "pass {}: wall {:.3f} s, CPU {:.3f} s; expired {} samples, {} health rows, {} "
        "5-minute rows, {} days; packed {} days\n",
        i + 1, wall, ill::bench::process_cpu_seconds() - cpu, n->samples, n->health, n->rollups_5m,
        n->days, n->packed);
  }
  return 0;
}
