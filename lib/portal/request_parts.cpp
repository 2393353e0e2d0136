#include "portal/request_parts.hpp"

#include <algorithm>
#include <charconv>

namespace ill::portal {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex(s[i + 1]);
      int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = decode(pair.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out[*key] = *value;
  }
  return out;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    auto item = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name)
      return std::string(item.substr(eq + 1));
  }
  return {};
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

bool is_month_text(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (i != 4 && (m[i] < '0' || m[i] > '9')) return false;
  return m.substr(5) >= "01" && m.substr(5) <= "12";
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

Origin origin_of(const http::Request& request, const std::vector<std::string>& trusted_proxies) {
  Origin o{request.remote_address, request.tls};
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), request.remote_address) ==
      trusted_proxies.end())
    return o;
  if (auto it = request.headers.find("x-forwarded-for"); it != request.headers.end()) {
    auto hops = split_list(it->second);
    if (!hops.empty() && hops.back().size() <= 64) o.address = hops.back();
  }
  if (auto it = request.headers.find("x-forwarded-proto"); it != request.headers.end()) {
    o.secure = trim(it->second) == "https";
  }
  return o;
}

}  // namespace ill::portal
