// Inside portal/: the state a Portal shares between its page and API routes.
#pragma once

#include "portal/auth.hpp"
#include "portal/charts.hpp"
#include "portal/pages.hpp"
#include "portal/portal.hpp"
#include "portal/reports.hpp"
#include "portal/request_parts.hpp"
#include "portal/views.hpp"
#include "store/database.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace ill::portal {

inline constexpr std::string_view k_session_secure = "__Host-ill_session";
inline constexpr std::string_view k_session_plain = "ill_session";
inline constexpr std::string_view k_form_secure = "__Host-ill_form";
inline constexpr std::string_view k_form_plain = "ill_form";
inline constexpr std::string_view k_pending_secure = "__Host-ill_pending";
inline constexpr std::string_view k_pending_plain = "ill_pending";
inline constexpr std::size_t k_min_password = 10;
inline constexpr std::string_view k_token_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

using Form = std::optional<std::map<std::string, std::string>>;

// One request as the routes see it.
struct Call {
  const http::Request& request;
  Origin origin;
  std::chrono::sys_seconds now;  // read once per request
  store::Database& db;
};

struct Portal::Impl {
  PortalOptions options;
  std::vector<std::string> proxies;
  Auth auth;
  Views views;
  Reports reports;
  ChartCache charts;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::Database>> pool;

  explicit Impl(PortalOptions o);
  std::chrono::sys_seconds now() const;

  Result<std::unique_ptr<store::Database>> acquire();
  void release(std::unique_ptr<store::Database> db);

  http::Response route(Call& call);
  // /login and /login/code (sign_in.cpp); `signed_in`: the request has a live session.
  http::Response sign_in(Call& call, const Form& form, bool signed_in);
  // /invite/{token}: choose a password (sign_in.cpp).
  http::Response invitation(Call& call, const Form& form);
  // /account and its forms (account.cpp).
  http::Response account(Call& call, const store::SessionLookup& s, const PageContext& ctx,
                         const Form& form);
  // The user's client requires a second factor and the user has none yet.
  Result<bool> enrolment_required(Call& call, const store::SessionLookup& s);
  std::string issuer() const;
  http::Response api(Call& call, std::string_view rest);
  // The principal of the API call (bearer token or session cookie), or nullopt.
  Result<std::optional<store::PortalPrincipal>> api_principal(Call& call);
  std::string session_token(const Call& call) const;
};

// "name=value; Path=/; Max-Age=...; HttpOnly; SameSite=Strict[; Secure]"
std::string cookie(std::string_view name, std::string_view value, bool secure,
                   std::int64_t max_age);
// The cookie named `secure_name` (over TLS) or `plain` of the request.
std::string cookie_of(const Call& call, std::string_view secure_name, std::string_view plain);
// A form field, empty when missing.
std::string field_of(const Form& form, const char* name);

// Responses every route shares.
http::Response html(int status, std::string body);
http::Response json_response(int status, std::string body);
http::Response redirect(std::string_view to);
http::Response page_not_found();
http::Response api_not_found();
http::Response internal_error(const Error& error);

}  // namespace ill::portal
