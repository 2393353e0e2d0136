// The [portal] section of illd.conf(5).
#include "config/key_def.hpp"
#include "config/listen_address.hpp"

#include <arpa/inet.h>

namespace ill::config::detail {
namespace {

KeyDef integer(std::string_view name, std::string_view description, std::int64_t min,
               std::int64_t max, int PortalSettings::*field) {
  return {.info = {.name = name,
                   .type = ValueType::integer,
                   .description = description,
                   .min = min,
                   .max = max},
          .set = [field](Config& c,
                         const Raw& v) { c.portal.*field = static_cast<int>(as<std::int64_t>(v)); },
          .get = [field](const Config& c) { return std::to_string(c.portal.*field); }};
}

KeyDef text(std::string_view name, std::string_view description, std::string PortalSettings::*field,
            bool allow_empty) {
  return {.info = {.name = name, .type = ValueType::string, .description = description},
          .set = [field](Config& c, const Raw& v) { c.portal.*field = as<std::string>(v); },
          .get = [field](const Config& c) { return c.portal.*field; },
          .allow_empty = allow_empty};
}

Status check_addresses(const Raw& v) {
  std::string_view rest = std::get<std::string>(v);
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string item(rest.substr(0, comma));
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    in_addr a4{};
    in6_addr a6{};
    if (inet_pton(AF_INET, item.c_str(), &a4) != 1 && inet_pton(AF_INET6, item.c_str(), &a6) != 1)
      return fail(Errc::config, "'{}' is not an IPv4 or IPv6 address", item);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return {};
}

// CSP source expressions: no characters that could end the directive or the header.
Status check_sources(const Raw& v) {
  for (char c : std::get<std::string>(v)) {
    if (c == ';' || c == ',' || c == '\r' || c == '\n' || static_cast<unsigned char>(c) < 0x20)
      return fail(Errc::config, "frame_ancestors may hold CSP sources separated by spaces only");
  }
  return {};
}

}  // namespace

void append_portal_keys(std::vector<KeyDef>& defs) {
  defs.push_back(
      {.info = {.name = "portal.enabled",
                .type = ValueType::boolean,
                .description = "Whether illd serves the client portal."},
       .set = [](Config& c, const Raw& v) { c.portal.enabled = as<bool>(v); },
       .get = [](const Config& c) { return std::string(c.portal.enabled ? "true" : "false"); }});
  defs.push_back({.info = {.name = "portal.listen",
                           .type = ValueType::string,
                           .description = "Address and port of the portal's own listener: "
                                          "IPv4:PORT or [IPv6]:PORT.",
                           .env = "ILL_PORTAL_LISTEN"},
                  .set = [](Config& c, const Raw& v) { c.portal.listen = as<std::string>(v); },
                  .get = [](const Config& c) { return c.portal.listen; },
                  .check = [](const Raw& v) -> Status {
                    auto parsed = parse_listen_address(as<std::string>(v));
                    if (!parsed) return fail(Errc::config, "{}", parsed.error().message());
                    return {};
                  }});
  defs.push_back(text("portal.tls_cert",
                      "PEM certificate (chain) for HTTPS; with tls_key. Empty: plain HTTP "
                      "(behind a TLS proxy, or on loopback). Re-read on SIGHUP.",
                      &PortalSettings::tls_cert, true));
  defs.push_back(
      text("portal.tls_key", "PEM private key of tls_cert.", &PortalSettings::tls_key, true));
  auto proxies = text("portal.trusted_proxies",
                      "Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
                      "X-Forwarded-Proto are believed; from any other peer they are ignored.",
                      &PortalSettings::trusted_proxies, true);
  proxies.check = check_addresses;
  defs.push_back(std::move(proxies));
  auto ancestors = text("portal.frame_ancestors",
                        "Content-Security-Policy frame-ancestors sources: who may embed the "
                        "portal in a frame ('none', 'self', https://isp.example).",
                        &PortalSettings::frame_ancestors, false);
  ancestors.check = check_sources;
  defs.push_back(std::move(ancestors));
  defs.push_back(text("portal.grafana_url",
                      "Base URL of a Grafana whose dashboards the link pages may link to; empty: "
                      "no such links.",
                      &PortalSettings::grafana_url, true));
  defs.push_back(text("portal.require_2fa",
                      "Clients whose users must have a TOTP second factor: empty for none, * for "
                      "every client, or comma-separated client names. Such a user reaches only "
                      "the account page, to set it up, until it is done.",
                      &PortalSettings::require_2fa, true));
  auto public_url = text("portal.public_url",
                         "The portal's address as users reach it (https://portal.isp.example), "
                         "the base of invitation links; empty: http:// and portal.listen.",
                         &PortalSettings::public_url, true);
  public_url.check = [](const Raw& v) -> Status {
    const auto& url = std::get<std::string>(v);
    if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://"))
      return fail(Errc::config, "public_url must start with https:// or http://");
    for (char c : url) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>')
        return fail(Errc::config, "public_url holds a space, quote or control character");
    }
    return {};
  };
  defs.push_back(std::move(public_url));
  defs.push_back(integer("portal.invitation_ttl_s",
                         "Seconds an invitation link of `illctl user add --invite` stays valid.",
                         300, 30 * 86400, &PortalSettings::invitation_ttl_s));
  defs.push_back(integer("portal.session_lifetime_s",
                         "Seconds a login lasts at most, however active.", 300, 30 * 86400,
                         &PortalSettings::session_lifetime_s));
  defs.push_back(integer("portal.session_idle_s", "Seconds without a request that end a login.", 60,
                         86400, &PortalSettings::session_idle_s));
  defs.push_back(integer("portal.refresh_s", "Seconds between the dashboard's own refreshes.", 10,
                         3600, &PortalSettings::refresh_s));
  defs.push_back(integer("portal.threads", "Threads that answer portal requests.", 1, 64,
                         &PortalSettings::threads));
  defs.push_back(integer("portal.max_connections", "Connections the portal holds at once.", 4,
                         100000, &PortalSettings::max_connections));
  defs.push_back(integer("portal.max_connections_per_address",
                         "Connections one client address may hold at once.", 1, 100000,
                         &PortalSettings::max_connections_per_address));
  defs.push_back(integer("portal.timeout_s",
                         "Seconds a connection may stay idle or take to send its request.", 1, 600,
                         &PortalSettings::timeout_s));
  defs.push_back(integer("portal.max_header_bytes",
                         "Largest request line plus headers; larger requests are refused.", 2048,
                         1048576, &PortalSettings::max_header_bytes));
  defs.push_back(integer("portal.max_body_bytes", "Largest request body (forms); larger get 413.",
                         1024, 1048576, &PortalSettings::max_body_bytes));
}

}  // namespace ill::config::detail
