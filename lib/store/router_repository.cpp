#include "store/router_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/lookup.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ill::store {

namespace {

constexpr const char* k_select =
    "SELECT id, name, host, port, transport, username, secret, tls_verify, ca_file, "
    "ssh_key_file, ssh_jump_host, location, active, poll_interval_s, status, last_poll, "
    "last_error, ssh_port, ssh_user, ssh_secret FROM routers ";

Router read_router(const Statement& s) {
  Router r;
  r.id = s.int64(0);
  r.name = s.text(1);
  r.host = s.text(2);
  r.port = static_cast<int>(s.int64(3));
  r.transport = parse_transport(s.text(4)).value_or(Transport::api);
  r.username = s.text(5);
  if (!s.is_null(6)) r.sealed_secret = s.blob(6);
  r.tls_verify = parse_tls_verify(s.text(7)).value_or(TlsVerify::full);
  r.ca_file = s.opt_text(8);
  r.ssh_key_file = s.opt_text(9);
  r.ssh_jump_host = s.opt_text(10);
  r.location = s.text(11);
  r.active = s.int64(12) != 0;
  if (auto interval = s.opt_int64(13)) r.poll_interval_s = static_cast<int>(*interval);
  r.status = parse_router_status(s.text(14)).value_or(RouterStatus::unknown);
  r.last_poll = s.opt_time(15);
  r.last_error = s.opt_text(16);
  if (auto port = s.opt_int64(17)) r.ssh_port = static_cast<int>(*port);
  r.ssh_user = s.opt_text(18);
  if (!s.is_null(19)) r.sealed_ssh_passphrase = s.blob(19);
  return r;
}

Error explain(const Statement& s, Error error, const Router& r) {
  return explain_violation(
      s, std::move(error),
      {{"routers.name", fmt::format("router name '{}' already exists", r.name)},
       {"routers.host, routers.port",
        fmt::format("router address {}:{} is already used by another router", r.host, r.port)},
       {"router_port", fmt::format("router port {} is not within 1-65535", r.port)},
       {"router_ssh_port", "router SSH port must be within 1-65535"},
       {"router_poll_interval", "router poll interval must be within 10-300 s"},
       {"router_name", "router name must be 1-64 characters"},
       {"router_user", "router user must not be empty"}});
}

Result<std::vector<Router>> read_all(StatementLease& stmt) {
  std::vector<Router> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_router(*stmt));
  }
}

}  // namespace

std::string_view to_string(Transport transport) {
  switch (transport) {
  case Transport::api: return "api";
  case Transport::api_ssl: return "api-ssl";
  case Transport::rest: return "rest";
  case Transport::ssh: return "ssh";
  }
  return "api";
}

std::string_view to_string(TlsVerify verify) {
  switch (verify) {
  case TlsVerify::full: return "full";
  case TlsVerify::none: return "none";
  case TlsVerify::adh: return "adh";
  }
  return "full";
}

std::string_view to_string(RouterStatus status) {
  switch (status) {
  case RouterStatus::unknown: return "unknown";
  case RouterStatus::online: return "online";
  case RouterStatus::unreachable: return "unreachable";
  case RouterStatus::auth_failed: return "auth-failed";
  }
  return "unknown";
}

std::optional<Transport> parse_transport(std::string_view text) {
  for (auto t : {Transport::api, Transport::api_ssl, Transport::rest, Transport::ssh})
    if (to_string(t) == text) return t;
  return std::nullopt;
}

std::optional<TlsVerify> parse_tls_verify(std::string_view text) {
  for (auto v : {TlsVerify::full, TlsVerify::none, TlsVerify::adh})
    if (to_string(v) == text) return v;
  return std::nullopt;
}

std::optional<RouterStatus> parse_router_status(std::string_view text) {
  for (auto s : {RouterStatus::unknown, RouterStatus::online, RouterStatus::unreachable,
                 RouterStatus::auth_failed})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

int default_port(Transport transport) {
  switch (transport) {
  case Transport::api: return 8728;
  case Transport::api_ssl: return 8729;
  case Transport::rest: return 443;
  case Transport::ssh: return 8728;  // the API port at the end of the SSH channel
  }
  return 8728;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Result<std::int64_t> RouterRepository::add(const Router& r) {
  auto stmt = m_db.prepare(
      "INSERT INTO routers (name, host, port, transport, username, secret, tls_verify, ca_file, "
      "ssh_key_file, ssh_jump_host, location, active, poll_interval_s, ssh_port, ssh_user, "
      "ssh_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(r.name, r.host, r.port, to_string(r.transport), r.username, r.sealed_secret,
                    to_string(r.tls_verify), r.ca_file, r.ssh_key_file, r.ssh_jump_host, r.location,
                    r.active, r.poll_interval_s, r.ssh_port, r.ssh_user, r.sealed_ssh_passphrase);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), r));
  return m_db.last_insert_id();
}

Status RouterRepository::update(const Router& r) {
  auto stmt = m_db.prepare(
      "UPDATE routers SET name = ?, host = ?, port = ?, transport = ?, username = ?, secret = ?, "
      "tls_verify = ?, ca_file = ?, ssh_key_file = ?, ssh_jump_host = ?, location = ?, active = ?, "
      "poll_interval_s = ?, ssh_port = ?, ssh_user = ?, ssh_secret = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(r.name, r.host, r.port, to_string(r.transport), r.username, r.sealed_secret,
                    to_string(r.tls_verify), r.ca_file, r.ssh_key_file, r.ssh_jump_host, r.location,
                    r.active, r.poll_interval_s, r.ssh_port, r.ssh_user, r.sealed_ssh_passphrase,
                    r.id);
  if (auto st = (*stmt)->run(); !st) return fail(explain(**stmt, st.error(), r));
  if (m_db.changes() == 0) return fail(Errc::not_found, "router {} not found", r.id);
  return {};
}

Status RouterRepository::remove(const Router& r, bool with_links) {
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  LinkRepository links(m_db);
  auto count = links.count_for_router(r.id);
  if (!count) return fail(count.error());
  if (*count > 0) {
    if (!with_links)
      return fail(Errc::invalid_input,
                  "router '{}' still carries {} link{}; remove them first, or use --force", r.name,
                  *count, *count == 1 ? "" : "s");
    if (auto st = links.remove_for_router(r.id); !st) return st;
  }
  auto stmt = m_db.prepare("DELETE FROM routers WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(r.id).run(); !st) return fail(explain(**stmt, st.error(), r));
  if (m_db.changes() == 0) return fail(Errc::not_found, "router '{}' not found", r.name);
  return tx->commit();
}

Status RouterRepository::set_status(std::int64_t id, RouterStatus status,
                                    std::chrono::sys_seconds polled_at,
                                    const std::optional<std::string>& error) {
  auto stmt =
      m_db.prepare("UPDATE routers SET status = ?, last_poll = ?, last_error = ? WHERE id = ?");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(to_string(status), polled_at, error, id).run();
}

Result<Router> RouterRepository::get(std::int64_t id) {
  auto row = select_one<Router>(m_db, std::string(k_select) + "WHERE id = ?", read_router, id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Errc::not_found, "router {} not found", id);
  return std::move(**row);
}

Result<std::optional<Router>> RouterRepository::find(std::string_view name) {
  return select_one<Router>(m_db, std::string(k_select) + "WHERE name = ?", read_router, name);
}

Result<Router> RouterRepository::resolve(std::string_view name_or_id) {
  return resolve_name_or_id<Router>(
      "router", name_or_id, [this](std::string_view name) { return find(name); },
      [this](std::int64_t id) { return get(id); });
}

Result<std::vector<Router>> RouterRepository::list() {
  auto stmt = m_db.prepare(std::string(k_select) + "ORDER BY name");
  if (!stmt) return fail(stmt.error());
  return read_all(*stmt);
}

}  // namespace ill::store
