// The parts of a request the portal reads, parsed strictly: form bodies, cookies, ids in paths,
// and who the client is when a trusted reverse proxy forwarded the request.
#pragma once

#include "http/server.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::portal {

// application/x-www-form-urlencoded; nullopt when malformed (bad %-escape).
std::optional<std::map<std::string, std::string>> parse_form(std::string_view body);

// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name);

// A positive decimal id of at most 18 digits, nothing else ("12", not "012x" or "-1").
std::optional<std::int64_t> parse_id(std::string_view text);

struct Origin {
  std::string address;  // the client's address
  bool secure = false;  // it reached us (or the proxy) over HTTPS
};

// The request's origin: its TCP peer, unless that peer is one of `trusted_proxies`; then the
// last address of X-Forwarded-For (the one the proxy itself added) and X-Forwarded-Proto.
Origin origin_of(const http::Request& request, const std::vector<std::string>& trusted_proxies);

// "YYYY-MM" with a month 01..12, nothing else.
bool is_month_text(std::string_view text);

// "a, b" -> {"a", "b"}
std::vector<std::string> split_list(std::string_view text);

}  // namespace ill::portal
