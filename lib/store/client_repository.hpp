// Clients: who the links are delivered to, where their reports go, and their time zone.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {

class Database;

struct Client {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> report_emails;
  std::optional<std::string> whatsapp;  // E.164
  std::string timezone = "UTC";         // IANA name
  bool active = true;  // false: its portal users and tokens are refused (set_active only)

  bool operator==(const Client&) const = default;
};

class ClientRepository {
public:
  explicit ClientRepository(Database& db) : m_db(db) {}

  Result<std::int64_t> add(const Client& client);
  Status update(const Client& client);
  // Refused while the client has links, unless `with_links`. Its portal users go with it.
  Status remove(const Client& client, bool with_links = false);
  // Enables or disables the client's portal access (its links are still watched).
  Status set_active(std::int64_t id, bool active);

  Result<Client> get(std::int64_t id);
  Result<std::optional<Client>> find(std::string_view name);
  Result<Client> resolve(std::string_view name_or_id);
  Result<std::vector<Client>> list();

private:
  Database& m_db;
};

}  // namespace ill::store
