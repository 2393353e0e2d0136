// Named secrets of the delivery channels (smtp.password, webhook.secret, whatsapp.token), stored
// sealed by SecretBox under the key file like router passwords: the store never sees plaintext.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct StoredSecret {
  std::string name;
  std::vector<unsigned char> sealed;
  std::chrono::sys_seconds updated_at;
};

class SecretRepository {
public:
  explicit SecretRepository(Database& db) : m_db(db) {}

  Status put(const std::string& name, const std::vector<unsigned char>& sealed,
             std::chrono::sys_seconds at);
  Result<std::optional<StoredSecret>> get(const std::string& name);
  Result<std::vector<StoredSecret>> list();  // sealed bytes left out
  Result<bool> remove(const std::string& name);

private:
  Database& m_db;
};

}  // namespace ill::store
