#include "store/secret_repository.hpp"

#include "store/database.hpp"

namespace ill::store {

Status SecretRepository::put(const std::string& name, const std::vector<unsigned char>& sealed,
                             std::chrono::sys_seconds at) {
  auto stmt = m_db.prepare(
      "INSERT INTO secrets (name, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO "
      "UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(name, sealed, at).run();
}

Result<std::optional<StoredSecret>> SecretRepository::get(const std::string& name) {
  auto stmt = m_db.prepare("SELECT name, sealed, updated_at FROM secrets WHERE name = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(name);
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<StoredSecret>();
  return std::optional<StoredSecret>(
      StoredSecret{(*stmt)->text(0), (*stmt)->blob(1), (*stmt)->time(2)});
}

Result<std::vector<StoredSecret>> SecretRepository::list() {
  auto stmt = m_db.prepare("SELECT name, updated_at FROM secrets ORDER BY name");
  if (!stmt) return fail(stmt.error());
  std::vector<StoredSecret> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    out.push_back({(*stmt)->text(0), {}, (*stmt)->time(1)});
  }
  return out;
}

Result<bool> SecretRepository::remove(const std::string& name) {
  auto stmt = m_db.prepare("DELETE FROM secrets WHERE name = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(name).run(); !st) return fail(st.error());
  return m_db.changes() > 0;
}

}  // namespace ill::store
