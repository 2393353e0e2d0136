// Compacting a store (`illctl db compact`): how much of the file is live data, whether there is
// room to rewrite it, and the rewrite itself (Database::vacuum).
//
// Why: illd packs each closed day's 5-minute rows into its day row, and SQLite puts the rewritten
// row wherever a free page is, so after months a link's day rows lie all over the file and the
// freed pages stay in it. A month's figures read on a cold page cache then read far more of the
// disk than the rows they need (README, "SLA figures at scale"). Compacting puts each table's rows
// in key order, a link's days together, and gives the free pages back.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace ill::store {

class Database;

struct StoreSpace {
  std::uint64_t file_bytes = 0;  // the database file
  std::uint64_t wal_bytes = 0;   // its write-ahead log (-wal)
  std::uint64_t page_bytes = 0;
  std::uint64_t pages = 0;
  std::uint64_t free_pages = 0;  // pages in the file that hold nothing

  std::uint64_t live_bytes() const { return (pages - free_pages) * page_bytes; }
};

Result<StoreSpace> store_space(Database& db);

// The directory SQLite writes a VACUUM's temporary copy to on Unix: $SQLITE_TMPDIR, else $TMPDIR,
// else the first writable of /var/tmp, /usr/tmp, /tmp, else ".".
std::filesystem::path sqlite_temp_directory();

// Refuses, naming the directory and both sizes, when the rewrite would not fit: it writes the live
// data twice, once as a temporary copy and once through the write-ahead log beside the database.
Status check_room_to_compact(const Database& db, const StoreSpace& space);

struct Compaction {
  StoreSpace before;
  StoreSpace after;
  std::chrono::milliseconds took{0};
};

// Checks the room, then rewrites the store. `tick` is called about once a second with the time
// taken so far. Interrupted (killed, power cut), the store stays as it was: the rewrite is one
// transaction.
Result<Compaction> compact(Database& db,
                           const std::function<void(std::chrono::seconds)>& tick = {});

}  // namespace ill::store
