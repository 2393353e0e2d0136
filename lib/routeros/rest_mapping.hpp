// RouterOS 7 REST (HTTPS) in terms of the binary API: a Command becomes one HTTP request and the
// JSON answer becomes the same Reply the binary API yields, so the collection code cannot tell
// which way a router was reached. Pure functions; the transfer itself is in rest_channel.hpp.
//
// Decisions:
//  - A print without queries or other arguments is `GET /rest/<menu>?.proplist=a,b`; a print
//    with queries is `POST /rest/<menu>/print` with {".proplist": [...], ".query": [...]} (GET
//    filters only express equality, and the poll asks for "name is one of these").
//  - Every other command (ping, monitor-traffic) is `POST /rest/<path>` with its arguments as a
//    JSON object; flags (=once=) become "".
//  - REST answers every value as a JSON string; numbers and booleans, should a version send them,
//    are turned into RouterOS's text ("true", "12"). Nested values are a protocol error.
//  - A JSON array is one row per element, an object one row (singleton menus such as
//    /system/resource), [] no rows.
//  - HTTP 401 is Errc::auth; a RouterOS error body {"error":404,"message":..,"detail":..} is
//    Errc::remote with the detail, as a !trap would be; redirects, non-JSON answers (an HTML
//    page) and malformed or truncated JSON are Errc::protocol naming the HTTP step.
#pragma once

#include "core/result.hpp"
#include "routeros/command.hpp"
#include "routeros/reply.hpp"

#include <string>
#include <string_view>

namespace ill::routeros {

struct RestRequest {
  std::string method;  // "GET" or "POST"
  std::string target;  // "/rest/interface?.proplist=name,type"
  std::string body;    // JSON for POST, empty for GET
};

Result<RestRequest> rest_request_for(const Command& command);

struct RestResponse {
  long status = 0;
  std::string content_type;
  std::string body;
  std::string location;  // of a redirect
};

// `what` names the request in errors ("POST /rest/ping").
Result<Reply> rest_reply_from(const RestResponse& response, std::string_view what);

}  // namespace ill::routeros
