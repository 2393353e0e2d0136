#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace ill::test {

HttpReply http_request(const std::string& host, std::uint16_t port, const std::string& method,
                       const std::string& target, const std::string& body,
                       const std::map<std::string, std::string>& headers) {
  HttpReply reply;
  bool v6 = host.find(':') != std::string::npos;
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return reply;
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    inet_pton(AF_INET6, host.c_str(), &a->sin6_addr);
    length = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&storage);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, host.c_str(), &a->sin_addr);
    length = sizeof *a;
  }
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    ::close(fd);
    return reply;
  }
  std::string request =
      method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST")
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buffer[65536];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    raw.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);

  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.compare(0, 5, "HTTP/") != 0) return reply;
  reply.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  std::size_t line_start = raw.find("\r\n") + 2;
  while (line_start < head_end) {
    std::size_t line_end = raw.find("\r\n", line_start);
    std::string line = raw.substr(line_start, line_end - line_start);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t value_start = line.find_first_not_of(' ', colon + 1);
      std::string value = value_start == std::string::npos ? "" : line.substr(value_start);
      auto& slot = reply.headers[name];
      slot = slot.empty() ? value : slot + "\n" + value;  // repeated headers (Set-Cookie) kept
    }
    line_start = line_end + 2;
  }
  std::string rest = raw.substr(head_end + 4);
  if (reply.headers["transfer-encoding"] == "chunked") {  // de-chunk
    std::size_t pos = 0;
    while (pos < rest.size()) {
      std::size_t eol = rest.find("\r\n", pos);
      std::size_t size = std::stoul(rest.substr(pos, eol - pos), nullptr, 16);
      if (size == 0) break;
      reply.body += rest.substr(eol + 2, size);
      pos = eol + 2 + size + 2;
    }
  } else {
    reply.body = rest;
  }
  return reply;
}

}  // namespace ill::test
