#include "store/lookup.hpp"

namespace ill::store {

namespace {

Result<std::vector<std::int64_t>> ids(Database& db, std::string_view sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  return integers_of(**stmt);
}

}  // namespace

Result<std::vector<std::int64_t>> integers_of(Statement& stmt) {
  std::vector<std::int64_t> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(stmt.int64(0));
  }
}

Result<std::vector<std::int64_t>> link_ids(Database& db) {
  return ids(db, "SELECT id FROM links ORDER BY id");
}

Result<std::vector<std::int64_t>> router_ids(Database& db) {
  return ids(db, "SELECT id FROM routers ORDER BY id");
}

Result<std::int64_t> delete_each(Database& db, const std::vector<std::int64_t>& keys,
                                 std::string_view sql, std::int64_t before) {
  std::int64_t gone = 0;
  for (const std::int64_t key : keys) {
    auto stmt = db.prepare(sql);
    if (!stmt) return fail(stmt.error());
    if (auto st = (*stmt)->bind_all(key, before).run(); !st) return fail(st.error());
    gone += db.changes();
  }
  return gone;
}

}  // namespace ill::store
