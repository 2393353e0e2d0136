// illctl db compact: rewrite the store so that each link's rows lie together again and the free
// pages go (store/compaction.hpp says why that matters). illd must be stopped: the rewrite holds
// the write lock for minutes on a large store.
#include "context.hpp"
#include "output.hpp"
#include "store_access.hpp"

#include "collect/fleet_status.hpp"
#include "core/format.hpp"
#include "store/compaction.hpp"

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace ill::cli {
namespace {

nlohmann::json space_json(const store::StoreSpace& s) {
  return {{"file_bytes", s.file_bytes},
          {"wal_bytes", s.wal_bytes},
          {"page_bytes", s.page_bytes},
          {"pages", s.pages},
          {"free_pages", s.free_pages}};
}

Status compact(const Context& ctx) {
  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto daemon = collect::read_daemon_view(**db, now);
  if (!daemon) return fail(daemon.error());
  if (daemon->state == collect::DaemonState::running)
    return fail(Errc::database,
                "illd (pid {}) is writing to {}: its last batch was {} s ago; stop it first "
                "(systemctl stop illd), compact, then start it again",
                daemon->heartbeat->pid, (*db)->path(), daemon->heartbeat_age_s);
  const bool terminal = isatty(STDERR_FILENO) == 1;
  if (!ctx.json) {
    auto space = store::store_space(**db);
    if (!space) return fail(space.error());
    std::printf("compacting %s: %s, %s of it free pages\n", (*db)->path().c_str(),
                byte_size_text(space->file_bytes + space->wal_bytes).c_str(),
                byte_size_text(space->free_pages * space->page_bytes).c_str());
    std::fflush(stdout);
  }
  bool ticked = false;
  auto done = store::compact(**db, [&](std::chrono::seconds elapsed) {
    if (!terminal) return;
    ticked = true;
    std::fprintf(stderr, "\rcompacting: %s", duration_text(elapsed).c_str());
    std::fflush(stderr);
  });
  if (ticked) std::fputs("\r\033[K", stderr);
  if (!done) return fail(done.error());
  const double seconds = static_cast<double>(done->took.count()) / 1000;
  if (ctx.json) {
    print_json({{"database", (*db)->path()},
                {"before", space_json(done->before)},
                {"after", space_json(done->after)},
                {"seconds", seconds}});
    return {};
  }
  std::printf("compacted %s in %.1f s: %s -> %s\n", (*db)->path().c_str(), seconds,
              byte_size_text(done->before.file_bytes + done->before.wal_bytes).c_str(),
              byte_size_text(done->after.file_bytes + done->after.wal_bytes).c_str());
  return {};
}

}  // namespace

void add_db_command(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "Maintain the database file");
  db->require_subcommand(1);
  auto* cmd = db->add_subcommand(
      "compact", "Rewrite the database with each link's rows together and no free pages");
  cmd->footer(
      "A month's SLA figures read far less of the disk on a cold start from a compacted database,\n"
      "and the pages of expired or removed data go back to the file system. Stop illd first: the\n"
      "rewrite holds the write lock while it runs (minutes for a large store). It needs about\n"
      "twice the live data free: a temporary copy in $SQLITE_TMPDIR, $TMPDIR or /var/tmp, and the\n"
      "write-ahead log beside the database. Interrupted, the database stays as it was.");
  on_run(cmd, ctx, [&ctx] { return compact(ctx); });
}

}  // namespace ill::cli
