// A minimal HTTP/1.1 client for tests: one request per connection, to 127.0.0.1 or ::1.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace ill::test {

struct HttpReply {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // names in lower case; repeats joined by \n
  std::string body;
};

HttpReply http_request(const std::string& host, std::uint16_t port, const std::string& method,
                       const std::string& target, const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {});

inline HttpReply http_get(std::uint16_t port, const std::string& target) {
  return http_request("127.0.0.1", port, "GET", target);
}

}  // namespace ill::test
