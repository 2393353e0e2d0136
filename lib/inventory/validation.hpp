// The checks users expect on inventory input. Each returns the problem in words, or nothing
// when the value is fine; the caller names the field.
#pragma once

#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::inventory {

// "is not ..." style messages, e.g. check_host("a..b") -> "'a..b' is not a host name or IP
// address".
using Problem = std::optional<std::string>;

bool is_ipv4(std::string_view text);
bool is_ipv6(std::string_view text);
bool is_hostname(std::string_view text);  // RFC 1123 labels, at most 253 characters

Problem check_host(std::string_view text);            // host name, IPv4 or IPv6
Problem check_port(long long port);                   // 1-65535
Problem check_interface_name(std::string_view text);  // a RouterOS interface name
Problem check_email(std::string_view text);
Problem check_timezone(std::string_view text);  // an IANA zone known to the tz database
Problem check_date(std::string_view text);      // YYYY-MM-DD, a real calendar day
Problem check_whatsapp(std::string_view text);  // E.164: + and 8-15 digits
Problem check_currency(std::string_view text);  // three capital letters (ISO 4217)
Problem check_name(std::string_view text, std::size_t max_length);
Problem check_poll_interval(long long seconds);  // 10-300

// An SSH jump host as the inventory writes it: "[user@]host[:port]", IPv6 in brackets
// ("admin@[2001:db8::1]:2222"). No user: the router's SSH user; no port: 22.
struct JumpHost {
  std::string user;
  std::string host;
  int port = 22;
};
// The parsed jump host, or the problem in words.
std::optional<JumpHost> parse_jump_host(std::string_view text, std::string* problem = nullptr);

struct FieldError {
  std::string field;
  std::string message;
};

// Every problem of an object, field by field (not only the first).
std::vector<FieldError> validate(const store::Router& router);
std::vector<FieldError> validate(const store::Client& client);
std::vector<FieldError> validate(const store::Link& link);

// Advice on a router that is valid but weaker than it could be, one sentence each: the plain
// `api` transport with a stored password (it crosses the network in clear).
std::vector<std::string> advice(const store::Router& router);

// "name: router name must ...; host: ..." for a one-line error.
std::string describe(const std::vector<FieldError>& errors);

}  // namespace ill::inventory
