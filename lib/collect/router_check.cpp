#include "collect/router_check.hpp"

#include "routeros/query.hpp"

#include <set>
#include <unordered_map>

namespace ill::collect {
namespace {

const std::set<std::string, std::less<>> k_more_than_read = {
    "write", "policy", "reboot", "password", "sensitive", "sniff", "ftp", "romon"};

}  // namespace

std::string_view failed_step(const Error& error) {
  // The innermost message starts with the step's verb (see routeros/byte_stream.hpp,
  // ssh_stream.hpp and AsyncSession::login).
  const std::string_view m = error.message();
  if (m.starts_with("resolve ")) return "dns";
  if (m.starts_with("connect to ")) return "tcp";
  if (m.starts_with("tls handshake")) return "tls";
  if (m.starts_with("ssh host key")) return "ssh host key";
  if (m.starts_with("ssh auth")) return "ssh auth";
  if (m.starts_with("ssh channel")) return "ssh channel open";
  if (m.starts_with("ssh handshake")) return "ssh handshake";
  if (m.starts_with("ssh ")) return "ssh";
  if (m.starts_with("http")) return "https";
  if (error.category() == Errc::auth) return "api login";
  for (const auto& c : error.context())
    if (c.starts_with("login")) return "api login";
  return "api";
}

std::vector<std::string> granted_policies(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    if (!item.empty() && item.front() != '!') out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::string> more_than_read(const std::vector<std::string>& policies) {
  std::vector<std::string> out;
  for (const auto& p : policies)
    if (k_more_than_read.count(p)) out.push_back(p);
  return out;
}

asio::awaitable<Result<RouterCheck>> check_router(routeros::AsyncSession& session, std::string user,
                                                  const std::vector<store::Link>& links,
                                                  std::chrono::steady_clock::duration timeout) {
  RouterCheck out;
  auto resource = co_await session.call(resource_command(), routeros::deadline_in(timeout));
  if (!resource) co_return fail(std::move(resource.error()));
  auto info = parse_resource(*resource);
  if (!info) co_return fail(std::move(info.error()));
  out.info = std::move(*info);
  auto identity = co_await session.call(identity_command(), routeros::deadline_in(timeout));
  if (!identity) co_return fail(std::move(identity.error()));
  out.info.identity = parse_identity(*identity);
  auto interfaces_reply =
      co_await session.call(interface_command({}), routeros::deadline_in(timeout));
  if (!interfaces_reply) co_return fail(std::move(interfaces_reply.error()));
  auto interfaces = parse_interfaces(*interfaces_reply);
  if (!interfaces) co_return fail(std::move(interfaces.error()));
  out.interfaces = std::move(*interfaces);

  // The API user's group and what it grants; unknown when the user may not read /user.
  auto users = co_await session.call(
      routeros::Command("/user/print").where(routeros::Query::eq("name", user)),
      routeros::deadline_in(timeout));
  if (users && !users->rows.empty()) {
    if (auto g = users->rows.front().attribute("group")) out.group = std::string(*g);
  }
  if (out.group) {
    auto groups = co_await session.call(
        routeros::Command("/user/group/print").where(routeros::Query::eq("name", *out.group)),
        routeros::deadline_in(timeout));
    if (groups && !groups->rows.empty()) {
      if (auto p = groups->rows.front().attribute("policy")) out.policies = granted_policies(*p);
    }
  }
  if (out.policies) {
    out.extra_rights = more_than_read(*out.policies);
    out.read_only = out.extra_rights.empty();
  }

  std::unordered_map<std::string_view, const InterfaceStats*> by_name;
  for (const auto& i : out.interfaces) by_name.emplace(i.name, &i);
  for (const auto& l : links) {
    auto it = by_name.find(l.interface);
    out.links.push_back({l.name, l.interface, it == by_name.end() ? nullptr : it->second});
  }
  co_return out;
}

}  // namespace ill::collect
