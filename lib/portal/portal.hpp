// The client portal: HTTP requests in, pages and JSON out, for the signed-in client only.
// illd serves it on its own listener (daemon/ wires it); tests run it on a loopback port.
//
// Decisions:
// - Each request borrows one of the portal's own store connections (a small pool, one per
//   worker thread in practice); nothing here waits on the collector or its writer, and the only
//   writes are the sessions, the login log and the throttle (small transactions).
// - Every response carries the security headers (CSP without any script, nosniff, no referrer,
//   frame-ancestors from the config); pages are not cached.
// - Session cookie: `__Host-ill_session` (Secure, Path=/) when the request came over HTTPS or
//   through a trusted TLS proxy, else `ill_session`; HttpOnly and SameSite=Strict always. The
//   login form is protected by a double-submit token in its own cookie; every other POST by the
//   session's form token.
// - Anything not found, not the client's, or not a well-formed id answers the same 404 body.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "store/secret_box.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ill::portal {

struct PortalOptions {
  config::PortalSettings settings;
  config::SlaSettings sla;
  std::string db_path;
  std::string isp_name;  // [report] isp_name, on the month-to-date PDF and TOTP enrolments
  // The key file's SecretBox: TOTP secrets are sealed with it. Without it, users with a second
  // factor cannot sign in (and none can enrol from the account page).
  std::optional<store::SecretBox> secrets;
  std::function<std::chrono::sys_seconds()> clock;  // the system clock when empty
  std::chrono::seconds figures_ttl{60};
};

class Portal {
public:
  // Opens one store connection to check the database; more are opened as requests need them.
  static Result<std::unique_ptr<Portal>> open(PortalOptions options);
  ~Portal();
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  http::Response handle(const http::Request& request);

  // The listener options of the [portal] settings (TLS files read here).
  static Result<http::ServerOptions> server_options(const config::PortalSettings& settings);

  struct Impl;

private:
  explicit Portal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace ill::portal
