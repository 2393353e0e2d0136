// The lookups every inventory repository has: one row by a key, and an object named by its name
// or its numeric id, with not-found errors that name the kind of object.
#pragma once

#include "core/result.hpp"
#include "store/database.hpp"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::store {

std::optional<std::int64_t> parse_id(std::string_view text);

// Column 0 of every row `stmt` (bound already) steps through, as integers.
Result<std::vector<std::int64_t>> integers_of(Statement& stmt);

// Every link's or router's id, ascending. Retention deletes and packing go key by key with them:
// `DELETE ... WHERE t < ?` alone would read the whole table, every row of every link, each pass.
Result<std::vector<std::int64_t>> link_ids(Database& db);
Result<std::vector<std::int64_t>> router_ids(Database& db);
// Runs `sql` (`DELETE ... WHERE key = ? AND t < ?`) once for each of `keys` with `before`;
// returns how many rows went.
Result<std::int64_t> delete_each(Database& db, const std::vector<std::int64_t>& keys,
                                 std::string_view sql, std::int64_t before);

// The row `sql` selects with `args` bound, read by `read`; nullopt when there is none.
template <typename T, typename Read, typename... Args>
Result<std::optional<T>> select_one(Database& db, std::string_view sql, Read read,
                                    const Args&... args) {
  auto stmt = db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(args...).step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<T>();
  return std::optional<T>(read(**stmt));
}

// `name_or_id` as a name first, then as an id: "gw1" or "12". `find` takes a name and returns
// Result<optional<T>>; `get` takes an id and returns Result<T>.
template <typename T, typename Find, typename Get>
Result<T> resolve_name_or_id(std::string_view kind, std::string_view name_or_id, Find find,
                             Get get) {
  auto found = find(name_or_id);
  if (!found) return fail(found.error());
  if (*found) return std::move(**found);
  if (auto id = parse_id(name_or_id)) {
    auto by_id = get(*id);
    if (by_id || by_id.error().category() != Errc::not_found) return by_id;
  }
  return fail(Errc::not_found, "{} '{}' not found", kind, name_or_id);
}

}  // namespace ill::store
