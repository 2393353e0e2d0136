// Routers: how ill reaches each MikroTik, and what it last saw of it.
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

enum class Transport { api, api_ssl, rest, ssh };
enum class TlsVerify { full, none, adh };
enum class RouterStatus { unknown, online, unreachable, auth_failed };

std::string_view to_string(Transport transport);  // "api", "api-ssl", "rest", "ssh"
std::string_view to_string(TlsVerify verify);     // "full", "none", "adh"
std::string_view to_string(
    RouterStatus status);  // "unknown", "online", "unreachable", "auth-failed"
std::optional<Transport> parse_transport(std::string_view text);
std::optional<TlsVerify> parse_tls_verify(std::string_view text);
std::optional<RouterStatus> parse_router_status(std::string_view text);
// The API port: 8728 for api, 8729 for api-ssl, 443 for rest, and 8728 for ssh (the port the
// SSH channel leads to; the SSH server's own port is Router::ssh_port).
int default_port(Transport transport);

struct Router {
  std::int64_t id = 0;
  std::string name;
  std::string host;
  int port = 8728;
  Transport transport = Transport::api;
  std::string username;
  std::optional<std::vector<unsigned char>>
      sealed_secret;  // SecretBox::seal output, never plaintext
  TlsVerify tls_verify = TlsVerify::full;
  std::optional<std::string> ca_file;
  std::optional<std::string> ssh_key_file;
  std::optional<std::string> ssh_jump_host;  // "[user@]host[:port]"
  std::optional<int> ssh_port;               // the router's SSH port; none: 22
  std::optional<std::string> ssh_user;       // none: `username`
  std::optional<std::vector<unsigned char>> sealed_ssh_passphrase;  // of ssh_key_file
  std::string location;
  bool active = true;
  std::optional<int> poll_interval_s;  // 10-300; none: the daemon's default
  // Kept by the daemon; add() and update() leave them alone.
  RouterStatus status = RouterStatus::unknown;
  std::optional<std::chrono::sys_seconds> last_poll;
  std::optional<std::string> last_error;

  bool operator==(const Router&) const = default;
};

class RouterRepository {
public:
  explicit RouterRepository(Database& db) : m_db(db) {}

  // Inserts and returns the new id; a duplicate name or host:port is invalid_input naming it.
  Result<std::int64_t> add(const Router& router);
  // Writes every inventory field of `router` (by id); status fields are left alone.
  Status update(const Router& router);
  // Refused while links use the router, unless `with_links`, which removes them first (and
  // with them their samples and history).
  Status remove(const Router& router, bool with_links = false);
  // The daemon's view of a poll.
  Status set_status(std::int64_t id, RouterStatus status, std::chrono::sys_seconds polled_at,
                    const std::optional<std::string>& error);

  Result<Router> get(std::int64_t id);
  Result<std::optional<Router>> find(std::string_view name);
  // By name first, then by numeric id: resolve("gw1"), resolve("12").
  Result<Router> resolve(std::string_view name_or_id);
  // Ordered by name.
  Result<std::vector<Router>> list();

private:
  Database& m_db;
};

// "12" -> 12; anything else -> none. Shared by every resolve().
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace ill::store
