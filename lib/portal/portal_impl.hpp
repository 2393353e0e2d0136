// Inside portal/: the state a Portal shares between its page and API routes.
#pragma once

#include "portal/auth.hpp"
#include "portal/portal.hpp"
#include "portal/request_parts.hpp"
#include "portal/views.hpp"
#include "store/database.hpp"

#include <mutex>
#include <vector>

namespace ill::portal {

// One request as the routes see it.
struct Call {
  const http::Request& request;
  Origin origin;
  std::int64_t now = 0;
  store::Database& db;
};

struct Portal::Impl {
  PortalOptions options;
  std::vector<std::string> proxies;
  Auth auth;
  Views views;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::Database>> pool;

  explicit Impl(PortalOptions o);
  std::int64_t now() const;

  Result<std::unique_ptr<store::Database>> acquire();
  void release(std::unique_ptr<store::Database> db);

  http::Response route(Call& call);
  http::Response api(Call& call, std::string_view rest);
  // The principal of the API call (bearer token or session cookie), or nullopt.
  Result<std::optional<store::PortalPrincipal>> api_principal(Call& call);
  std::string session_token(const Call& call) const;
};

// Responses every route shares.
http::Response html(int status, std::string body);
http::Response json_response(int status, std::string body);
http::Response redirect(std::string_view to);
http::Response page_not_found();
http::Response api_not_found();
http::Response internal_error(const Error& error);

}  // namespace ill::portal
