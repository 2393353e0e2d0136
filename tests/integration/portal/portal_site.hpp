// A portal on a loopback port over a real store with two clients, for the portal's tests: the
// same Portal and http::Server illd runs, with a clock the test moves.
//
// Client A ("Acme <b>&amp; Sons", Asia/Kolkata) has links "acme-1 <script>" and "acme-2",
// user alice; client B ("Beta Hidden Corp", UTC) has links "beta-hidden-1" and
// "beta-hidden-2", user bob. Every link has two hours of one-minute samples (with rollups and
// the timeline) up to the start time and a stored report of 2026-01; each client has three
// documents of 2026-01 in the report history.
#pragma once

#include "config/config.hpp"
#include "core/format.hpp"
#include "http/server.hpp"
#include "portal/portal.hpp"
#include "store/secret_box.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ill::test {

inline constexpr const char* k_alice_password = "alice-password-1";
inline constexpr const char* k_bob_password = "bob-password-22";

struct SiteIds {
  std::int64_t client = 0;
  std::int64_t user = 0;
  std::vector<std::int64_t> links;
  std::vector<std::int64_t> reports;  // report history documents (pdf, csv, json)
  std::vector<std::string> names;     // client, link and user names, for leak checks
  std::string token;                  // an API token of the user
  std::int64_t token_id = 0;
};

class PortalSite {
public:
  explicit PortalSite(config::PortalSettings settings = {});
  ~PortalSite();

  std::uint16_t port() const { return m_server->port(); }
  std::string db_path() const { return (m_dir / "ill.db").string(); }
  std::chrono::sys_seconds now() const { return from_unix_seconds(m_now.load()); }
  void advance(std::chrono::seconds by) { m_now += by.count(); }

  // The key the portal seals TOTP secrets with (what illd loads from its key file).
  const store::SecretBox& secrets() const { return m_secrets; }
  const SiteIds& a() const { return m_a; }
  const SiteIds& b() const { return m_b; }

  HttpReply get(const std::string& target, const std::string& cookie = {},
                const std::map<std::string, std::string>& headers = {}) const;
  HttpReply post(const std::string& target, const std::string& body, const std::string& cookie,
                 const std::map<std::string, std::string>& headers = {}) const;

  // Signs in through /login (form token and all); the session cookie ("ill_session=...") or an
  // empty string when refused. `reply` gets the login POST's reply.
  std::string login(const std::string& user, const std::string& password,
                    HttpReply* reply = nullptr) const;
  // The form token of the page behind `cookie` (from its logout button).
  std::string csrf(const std::string& cookie) const;

private:
  TempDir m_dir;
  store::SecretBox m_secrets;
  std::atomic<std::int64_t> m_now;
  SiteIds m_a, m_b;
  std::unique_ptr<portal::Portal> m_portal;
  std::unique_ptr<http::Server> m_server;
};

// "name=value" of the Set-Cookie named `name` in a reply, or empty.
std::string set_cookie(const HttpReply& reply, const std::string& name);
// The value of `<input ... name="csrf" value="...">` in a page.
std::string form_token(const std::string& html);
std::string url_encode(const std::string& text);

// A raw connection to the portal from `source` (any 127.0.0.0/8 address), -1 on failure.
int connect_from(const char* source, std::uint16_t port);
// Sends `request` on `fd`, reads the reply's head, closes `fd` and returns the status (0 when the
// connection closed first).
int exchange(int fd, const std::string& request);

}  // namespace ill::test
