#include "inventory/validation.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <cctype>
#include <charconv>

namespace ill::inventory {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The text with control characters shown as escapes, so a message stays on one line.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

}  // namespace

bool is_ipv4(std::string_view text) {
  std::string s(text);
  in_addr addr{};
  return inet_pton(AF_INET, s.c_str(), &addr) == 1;
}

bool is_ipv6(std::string_view text) {
  std::string s(text);
  in6_addr addr{};
  return inet_pton(AF_INET6, s.c_str(), &addr) == 1;
}

bool is_hostname(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  if (text.back() == '.') text.remove_suffix(1);
  bool all_numeric = true;
  while (true) {
    auto dot = text.find('.');
    auto label = text.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
      if (!is_digit(c)) all_numeric = false;
    }
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  // "10.0.0.300" is a mistyped address, not a host name.
  return !all_numeric;
}

Problem check_host(std::string_view text) {
  if (is_ipv4(text) || is_ipv6(text) || is_hostname(text)) return std::nullopt;
  return fmt::format("'{}' is not a host name or IP address", text);
}

Problem check_port(long long port) {
  if (port >= 1 && port <= 65535) return std::nullopt;
  return fmt::format("port {} is not within 1-65535", port);
}

Problem check_interface_name(std::string_view text) {
  if (text.empty()) return std::string("interface name is empty");
  if (text.size() > 64)
    return fmt::format("interface name '{}' is longer than 64 characters", text);
  if (text.front() == ' ' || text.back() == ' ')
    return fmt::format("interface name '{}' starts or ends with a space", text);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\')
      return fmt::format("interface name '{}' contains a character RouterOS does not allow",
                         printable(text));
  }
  return std::nullopt;
}

Problem check_email(std::string_view text) {
  auto at = text.rfind('@');
  bool ok = at != std::string_view::npos && at > 0 && at < 65;
  if (ok) {
    for (char c : text.substr(0, at))
      if (static_cast<unsigned char>(c) <= 0x20 || c == '@' || c == ',' || c == ';' || c == '"' ||
          c == '<' || c == '>')
        ok = false;
    auto domain = text.substr(at + 1);
    ok = ok && domain.find('.') != std::string_view::npos && is_hostname(domain);
  }
  if (ok) return std::nullopt;
  return fmt::format("'{}' is not an e-mail address", text);
}

Problem check_timezone(std::string_view text) {
  try {
    date::locate_zone(std::string(text));
    return std::nullopt;
  } catch (const std::exception&) {
    return fmt::format("'{}' is not an IANA time zone (e.g. Europe/Lisbon, America/Sao_Paulo, UTC)",
                       text);
  }
}

Problem check_date(std::string_view text) {
  auto bad = [&] { return fmt::format("'{}' is not a date in the form YYYY-MM-DD", text); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int y = 0, m = 0, d = 0;
  auto parse = [&](std::string_view part, int& out) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc() && end == part.data() + part.size();
  };
  if (!parse(text.substr(0, 4), y) || !parse(text.substr(5, 2), m) || !parse(text.substr(8, 2), d))
    return bad();
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return fmt::format("'{}' is not a day of the calendar", text);
  return std::nullopt;
}

Problem check_whatsapp(std::string_view text) {
  bool ok = text.size() >= 9 && text.size() <= 16 && text[0] == '+' && text[1] != '0';
  for (char c : text.substr(1)) ok = ok && is_digit(c);
  if (ok) return std::nullopt;
  return fmt::format("'{}' is not a WhatsApp number in E.164 form (+ and 8-15 digits)", text);
}

Problem check_currency(std::string_view text) {
  bool ok = text.size() == 3;
  for (char c : text) ok = ok && c >= 'A' && c <= 'Z';
  if (ok) return std::nullopt;
  return fmt::format("'{}' is not a 3-letter currency code such as USD or BRL", text);
}

Problem check_name(std::string_view text, std::size_t max_length) {
  if (text.empty()) return std::string("name is empty");
  if (text.size() > max_length)
    return fmt::format("name '{}' is longer than {} characters", text, max_length);
  if (text.front() == ' ' || text.back() == ' ')
    return fmt::format("name '{}' starts or ends with a space", text);
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20)
      return fmt::format("name '{}' contains a control character", printable(text));
  return std::nullopt;
}

Problem check_poll_interval(long long seconds) {
  if (seconds >= 10 && seconds <= 300) return std::nullopt;
  return fmt::format("poll interval {} s is not within 10-300 s", seconds);
}

std::optional<JumpHost> parse_jump_host(std::string_view text, std::string* problem) {
  auto bad = [&](std::string why) -> std::optional<JumpHost> {
    if (problem) *problem = fmt::format("jump host '{}' {}", printable(text), why);
    return std::nullopt;
  };
  JumpHost out;
  std::string_view rest = text;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    out.user = std::string(rest.substr(0, at));
    if (out.user.empty()) return bad("has an empty user before '@'");
    rest.remove_prefix(at + 1);
  }
  std::string_view port_text;
  if (rest.starts_with('[')) {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("has '[' without ']'");
    out.host = std::string(rest.substr(1, close - 1));
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has something other than ':PORT' after ']'");
      port_text = after.substr(1);
    }
  } else if (auto colon = rest.find(':'); colon != std::string_view::npos &&
                                          rest.find(':', colon + 1) == std::string_view::npos) {
    out.host = std::string(rest.substr(0, colon));
    port_text = rest.substr(colon + 1);
  } else {
    out.host = std::string(rest);
  }
  if (check_host(out.host)) return bad("is not [user@]host[:port] with a host name or IP address");
  if (!port_text.empty() || (rest.size() > out.host.size() && rest.back() == ':')) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || check_port(port))
      return bad("has a port that is not within 1-65535");
    out.port = port;
  }
  return out;
}

std::vector<std::string> advice(const store::Router& r) {
  std::vector<std::string> out;
  if (r.transport == store::Transport::api && r.sealed_secret)
    out.push_back("router " + r.name +
                  ": the api transport sends the password across the network in clear; prefer "
                  "--transport api-ssl (8729) with --tls-verify full, or ssh");
  return out;
}

std::vector<FieldError> validate(const store::Router& r) {
  std::vector<FieldError> out;
  auto add = [&](const char* field, Problem p) {
    if (p) out.push_back({field, std::move(*p)});
  };
  add("name", check_name(r.name, 64));
  add("host", check_host(r.host));
  add("port", check_port(r.port));
  if (r.username.empty()) out.push_back({"user", "user is empty"});
  if (r.ssh_jump_host) {
    std::string problem;
    if (!parse_jump_host(*r.ssh_jump_host, &problem)) out.push_back({"ssh_jump_host", problem});
  }
  if (r.ssh_port) add("ssh_port", check_port(*r.ssh_port));
  if (r.ssh_user && r.ssh_user->empty()) out.push_back({"ssh_user", "SSH user is empty"});
  if (r.poll_interval_s) add("poll_interval_s", check_poll_interval(*r.poll_interval_s));
  return out;
}

std::vector<FieldError> validate(const store::Client& c) {
  std::vector<FieldError> out;
  auto add = [&](const char* field, Problem p) {
    if (p) out.push_back({field, std::move(*p)});
  };
  add("name", check_name(c.name, 128));
  add("timezone", check_timezone(c.timezone));
  for (const auto& email : c.report_emails) add("report_emails", check_email(email));
  if (c.whatsapp) add("whatsapp", check_whatsapp(*c.whatsapp));
  return out;
}

std::vector<FieldError> validate(const store::Link& l) {
  std::vector<FieldError> out;
  auto add = [&](const char* field, Problem p) {
    if (p) out.push_back({field, std::move(*p)});
  };
  add("name", check_name(l.name, 128));
  add("interface", check_interface_name(l.interface));
  if (!(l.committed_mbps > 0))
    out.push_back({"committed_mbps",
                   fmt::format("committed Mbps must be above 0 (got {})", l.committed_mbps)});
  if (!(l.committed_uptime_pct >= 0 && l.committed_uptime_pct <= 100))
    out.push_back(
        {"committed_uptime_pct",
         fmt::format("committed uptime % must be within 0-100 (got {})", l.committed_uptime_pct)});
  if (!(l.committed_latency_ms > 0))
    out.push_back(
        {"committed_latency_ms",
         fmt::format("committed latency must be above 0 ms (got {})", l.committed_latency_ms)});
  if (!(l.committed_loss_pct >= 0 && l.committed_loss_pct <= 100))
    out.push_back(
        {"committed_loss_pct",
         fmt::format("committed loss % must be within 0-100 (got {})", l.committed_loss_pct)});
  if (!(l.monthly_fee >= 0))
    out.push_back(
        {"monthly_fee", fmt::format("monthly fee must be 0 or more (got {})", l.monthly_fee)});
  add("currency", check_currency(l.currency));
  if (l.probe_target) add("probe_target", check_host(*l.probe_target));
  if (l.activation_date) add("activation_date", check_date(*l.activation_date));
  auto one_of = [&](const char* field, const std::optional<std::string>& v,
                    std::initializer_list<std::string_view> allowed) {
    if (!v) return;
    for (auto a : allowed)
      if (*v == a) return;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    out.push_back({field, fmt::format("'{}' is not one of {}", *v, list)});
  };
  one_of("sla_excluded_time", l.sla.excluded_time, {"available", "removed"});
  one_of("sla_unknown", l.sla.unknown, {"not_down", "down", "excluded"});
  one_of("sla_percentile", l.sla.percentile, {"nearest_rank", "interpolated"});
  if (l.sla.merge_gap_s && *l.sla.merge_gap_s < 0)
    out.push_back({"sla_merge_gap_s", "merge gap must be 0 s or more"});
  if (l.sla.min_outage_s && *l.sla.min_outage_s < 0)
    out.push_back({"sla_min_outage_s", "minimum outage must be 0 s or more"});
  return out;
}

std::string describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    out += e.field + ": " + e.message;
  }
  return out;
}

}  // namespace ill::inventory
