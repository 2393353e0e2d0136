#include "store/compaction.hpp"

#include "core/format.hpp"
#include "store/database.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace ill::store {

namespace {

std::uint64_t size_of(const std::filesystem::path& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

Result<std::uint64_t> pragma(Database& db, const char* sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::database, "{} returned nothing", sql);
  return static_cast<std::uint64_t>((*stmt)->int64(0));
}

struct Room {
  std::uint64_t free_bytes = 0;
  dev_t device = 0;
};

Result<Room> room_in(const std::filesystem::path& dir) {
  struct statvfs vfs {};
  struct stat st {};
  if (::statvfs(dir.c_str(), &vfs) != 0 || ::stat(dir.c_str(), &st) != 0)
    return fail(Errc::io, "cannot read the free space of {}: {}", dir.string(),
                std::strerror(errno));
  return Room{static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize, st.st_dev};
}

bool writable_directory(const char* path) {
  struct stat st {};
  return ::stat(path, &st) == 0 && S_ISDIR(st.st_mode) && ::access(path, W_OK | X_OK) == 0;
}

}  // namespace

Result<StoreSpace> store_space(Database& db) {
  if (db.path() == ":memory:") return fail(Errc::usage, "an in-memory database has no file");
  StoreSpace s;
  s.file_bytes = size_of(db.path());
  s.wal_bytes = size_of(db.path() + "-wal");
  auto page = pragma(db, "PRAGMA page_size");
  if (!page) return fail(page.error());
  auto pages = pragma(db, "PRAGMA page_count");
  if (!pages) return fail(pages.error());
  auto free_pages = pragma(db, "PRAGMA freelist_count");
  if (!free_pages) return fail(free_pages.error());
  s.page_bytes = *page;
  s.pages = *pages;
  s.free_pages = *free_pages;
  return s;
}

std::filesystem::path sqlite_temp_directory() {
  for (const char* name : {"SQLITE_TMPDIR", "TMPDIR"}) {
    const char* dir = std::getenv(name);
    if (dir && *dir && writable_directory(dir)) return dir;
  }
  for (const char* dir : {"/var/tmp", "/usr/tmp", "/tmp"})
    if (writable_directory(dir)) return dir;
  return ".";
}

Status check_room_to_compact(const Database& db, const StoreSpace& space) {
  std::filesystem::path dir = std::filesystem::absolute(db.path()).parent_path();
  const std::filesystem::path temp = sqlite_temp_directory();
  auto at_db = room_in(dir);
  if (!at_db) return fail(at_db.error());
  auto at_temp = room_in(temp);
  if (!at_temp) return fail(at_temp.error());
  // A little over the live data, for the pages SQLite keeps while it works.
  const std::uint64_t need = space.live_bytes() + space.live_bytes() / 20 + (1 << 20);
  if (at_db->device == at_temp->device) {
    if (at_db->free_bytes < 2 * need)
      return fail(Errc::io,
                  "not enough free space to compact {}: it needs about {} in {} (a copy of the "
                  "{} of live data in the temporary directory {}, and the write-ahead log), and "
                  "{} is free; free some, or point SQLITE_TMPDIR at another file system",
                  db.path(), byte_size_text(2 * need), dir.string(),
                  byte_size_text(space.live_bytes()), temp.string(),
                  byte_size_text(at_db->free_bytes));
    return {};
  }
  if (at_temp->free_bytes < need)
    return fail(Errc::io,
                "not enough free space to compact {}: its temporary copy needs about {} in {}, "
                "and {} is free; point SQLITE_TMPDIR at a directory with room",
                db.path(), byte_size_text(need), temp.string(),
                byte_size_text(at_temp->free_bytes));
  if (at_db->free_bytes < need)
    return fail(Errc::io,
                "not enough free space to compact {}: the write-ahead log needs about {} in {}, "
                "and {} is free",
                db.path(), byte_size_text(need), dir.string(), byte_size_text(at_db->free_bytes));
  return {};
}

Result<Compaction> compact(Database& db, const std::function<void(std::chrono::seconds)>& tick) {
  Compaction out;
  auto before = store_space(db);
  if (!before) return fail(before.error());
  out.before = *before;
  if (auto st = check_room_to_compact(db, out.before); !st) return fail(st.error());
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&start] { return std::chrono::steady_clock::now() - start; };
  std::function<void()> each_second;
  if (tick) each_second = [&] { tick(std::chrono::floor<std::chrono::seconds>(elapsed())); };
  if (auto st = db.vacuum(each_second); !st) return fail(st.error());
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed());
  auto after = store_space(db);
  if (!after) return fail(after.error());
  out.after = *after;
  return out;
}

}  // namespace ill::store
