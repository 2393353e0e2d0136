// Portal users: a client's logins to the read-only portal, each bound to one client.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {

class Database;

struct PortalUser {
  std::int64_t id = 0;
  std::int64_t client_id = 0;
  std::string client_name;  // filled when read
  std::string username;
  std::string email;
  std::string password_hash;  // argon2id (hash_password), never the password
  bool active = true;
  std::optional<std::chrono::sys_seconds> last_login;

  bool operator==(const PortalUser&) const = default;
};

class PortalUserRepository {
public:
  explicit PortalUserRepository(Database& db) : m_db(db) {}

  Result<std::int64_t> add(const PortalUser& user);
  // Writes client, username, e-mail, hash and active (by id).
  Status update(const PortalUser& user);
  Status remove(const PortalUser& user);
  Status record_login(std::int64_t id, std::chrono::sys_seconds at);

  Result<PortalUser> get(std::int64_t id);
  Result<std::optional<PortalUser>> find(std::string_view username);
  Result<PortalUser> resolve(std::string_view username_or_id);
  // Ordered by username; only the client's users when given.
  Result<std::vector<PortalUser>> list(std::optional<std::int64_t> client_id = std::nullopt);

private:
  Database& m_db;
};

}  // namespace ill::store
