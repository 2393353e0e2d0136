#include "config/listen_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <string>

namespace ill::config {

Result<ListenAddress> parse_listen_address(std::string_view text) {
  ListenAddress out;
  std::string_view port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(Errc::invalid_input, "listen address '{}' is not [IPv6]:PORT", text);
    }
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return fail(Errc::invalid_input, "listen address '{}' has no port (HOST:PORT)", text);
    }
    out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return fail(Errc::invalid_input, "listen address '{}': '{}' is not a port number (0..65535)",
                text, port_text);
  }
  out.port = static_cast<std::uint16_t>(port);
  in6_addr probe6{};
  in_addr probe4{};
  if (inet_pton(AF_INET, out.host.c_str(), &probe4) != 1 &&
      inet_pton(AF_INET6, out.host.c_str(), &probe6) != 1) {
    return fail(Errc::invalid_input, "listen address '{}': '{}' is not an IPv4 or IPv6 address",
                text, out.host);
  }
  return out;
}

}  // namespace ill::config
