#include "inventory/importer.hpp"

#include "inventory/csv_reader.hpp"
#include "inventory/import_row.hpp"
#include "inventory/validation.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/secret_box.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ill::inventory {

namespace {

using detail::client_changes;
using detail::link_changes;
using detail::lower;
using detail::router_changes;
using detail::Row;
using detail::split_list;
using detail::trim;

enum class Section { none, routers, clients, links };

struct Columns {
  std::vector<std::string_view> allowed;
  std::vector<std::string_view> required;
};

const Columns k_router_columns{
    {"name", "host", "port", "transport", "user", "tls_verify", "ca_file", "ssh_key_file",
     "ssh_jump_host", "ssh_port", "ssh_user", "location", "poll_interval_s", "active"},
    {"name", "host", "user"}};
const Columns k_client_columns{{"name", "timezone", "report_emails", "whatsapp"}, {"name"}};
const Columns k_link_columns{{"name",
                              "client",
                              "router",
                              "interface",
                              "committed_mbps",
                              "committed_uptime_pct",
                              "committed_latency_ms",
                              "committed_loss_pct",
                              "probe_target",
                              "circuit_id",
                              "external_ref",
                              "monthly_fee",
                              "currency",
                              "activation_date",
                              "active",
                              "sla_excluded_time",
                              "sla_unknown",
                              "sla_merge_gap_s",
                              "sla_min_outage_s",
                              "sla_percentile"},
                             {"name", "client", "router", "interface", "committed_mbps"}};

struct PendingRouter {
  store::Router router;
  bool exists = false;
  bool changed = false;
  std::vector<std::string> fields;
  std::size_t line = 0;
};
struct PendingClient {
  store::Client client;
  bool exists = false;
  std::vector<std::string> fields;
  std::size_t line = 0;
};
struct PendingLink {
  store::Link link;
  bool exists = false;
  std::vector<std::string> fields;
  std::size_t line = 0;
};

class Importer {
public:
  Importer(store::Database& db, const ImportOptions& options) : m_db(db), m_options(options) {}

  Result<ImportResult> run(std::string_view csv) {
    auto records = parse_csv(csv);
    if (!records) {
      m_result.errors.push_back({0, "", records.error().message()});
      return std::move(m_result);
    }
    if (auto st = load_existing(); !st) return fail(st.error());
    read_sections(*records);
    // Links refer to routers and clients by name; check those once every row is known.
    for (auto& [key, pending] : m_links) check_link_references(pending);
    if (!m_result.errors.empty()) {
      sort_errors();
      return std::move(m_result);
    }
    return write();
  }

private:
  Status load_existing() {
    auto routers = store::RouterRepository(m_db).list();
    if (!routers) return fail(routers.error());
    for (auto& r : *routers) {
      m_router_addresses[address_key(r)] = lower(r.name);
      m_existing_routers.emplace(lower(r.name), std::move(r));
    }
    auto clients = store::ClientRepository(m_db).list();
    if (!clients) return fail(clients.error());
    for (auto& c : *clients) m_existing_clients.emplace(lower(c.name), std::move(c));
    auto links = store::LinkRepository(m_db).list();
    if (!links) return fail(links.error());
    for (auto& l : *links) {
      m_link_interfaces[interface_key(l.router_name, l.interface)] = lower(l.name);
      m_existing_links.emplace(lower(l.name), std::move(l));
    }
    return {};
  }

  static std::string address_key(const store::Router& r) {
    return lower(r.host) + "\n" + std::to_string(r.port);
  }
  static std::string interface_key(std::string_view router, std::string_view iface) {
    return lower(router) + "\n" + std::string(iface);
  }

  void read_sections(const std::vector<CsvRecord>& records) {
    Section section = Section::none;
    std::vector<std::string> header;
    bool expect_header = false;
    for (const auto& record : records) {
      if (record.blank()) continue;
      std::string first = trim(record.fields[0]);
      if (!first.empty() && first[0] == '#') continue;
      if (first.size() > 2 && first.front() == '[' && first.back() == ']') {
        std::string name = lower(first.substr(1, first.size() - 2));
        if (name == "routers")
          section = Section::routers;
        else if (name == "clients")
          section = Section::clients;
        else if (name == "links")
          section = Section::links;
        else {
          m_result.errors.push_back(
              {record.line, "",
               fmt::format("unknown section {}; use [routers], [clients] or [links]", first)});
          section = Section::none;
          expect_header = false;
          continue;
        }
        expect_header = true;
        continue;
      }
      if (section == Section::none) {
        m_result.errors.push_back(
            {record.line, "",
             "row outside a section; start one with [routers], [clients] or [links]"});
        continue;
      }
      if (expect_header) {
        header = read_header(record, section);
        expect_header = false;
        continue;
      }
      if (header.empty()) continue;  // the header was wrong and has been reported
      Row row(record, header, m_result.errors);
      switch (section) {
      case Section::routers: read_router(row); break;
      case Section::clients: read_client(row); break;
      case Section::links: read_link(row); break;
      case Section::none: break;
      }
    }
  }

  std::vector<std::string> read_header(const CsvRecord& record, Section section) {
    const Columns& columns = section == Section::routers   ? k_router_columns
                             : section == Section::clients ? k_client_columns
                                                           : k_link_columns;
    std::vector<std::string> header;
    bool ok = true;
    for (const auto& raw : record.fields) {
      std::string name = lower(trim(raw));
      if (name.empty() && &raw != &record.fields.front()) {
        header.push_back("");  // trailing empty columns from a spreadsheet
        continue;
      }
      if (std::find(columns.allowed.begin(), columns.allowed.end(), name) ==
          columns.allowed.end()) {
        m_result.errors.push_back({record.line, name, fmt::format("unknown column '{}'", name)});
        ok = false;
      } else if (std::find(header.begin(), header.end(), name) != header.end()) {
        m_result.errors.push_back(
            {record.line, name, fmt::format("column '{}' appears twice", name)});
        ok = false;
      }
      header.push_back(name);
    }
    for (auto required : columns.required) {
      if (std::find(header.begin(), header.end(), required) == header.end()) {
        m_result.errors.push_back({record.line, std::string(required),
                                   fmt::format("required column '{}' is missing", required)});
        ok = false;
      }
    }
    if (!ok) return {};
    return header;
  }

  bool check_required(Row& row, std::initializer_list<std::string_view> columns) {
    bool ok = true;
    for (auto column : columns) {
      if (auto* c = row.cell(column); c && c->empty()) {
        row.error(std::string(column), fmt::format("{} is required", column));
        ok = false;
      }
    }
    return ok;
  }

  void read_router(Row& row) {
    if (auto* name = row.cell("name"); name && !name->empty()) m_named_routers.insert(lower(*name));
    if (!check_required(row, {"name", "host", "user"})) return;
    std::string key = lower(*row.cell("name"));
    if (auto seen = m_routers.find(key); seen != m_routers.end()) {
      row.error("name", fmt::format("router '{}' is already defined on line {}", *row.cell("name"),
                                    seen->second.line));
      return;
    }
    PendingRouter pending;
    pending.line = row.line();
    auto existing = m_existing_routers.find(key);
    pending.exists = existing != m_existing_routers.end();
    store::Router r = pending.exists ? existing->second : store::Router{};
    std::size_t errors_before = row.error_count();
    row.text("name", r.name);
    row.text("host", r.host);
    row.text("user", r.username);
    if (auto* c = row.cell("transport")) {
      if (c->empty())
        r.transport = store::Transport::api;
      else if (auto t = store::parse_transport(lower(*c)))
        r.transport = *t;
      else
        row.error("transport", fmt::format("'{}' is not one of api, api-ssl, rest, ssh", *c));
    }
    if (auto* c = row.cell("port"); c && !c->empty()) {
      std::optional<int> port;
      row.integer("port", port);
      if (port) r.port = *port;
    } else if (!pending.exists || (c && c->empty())) {
      r.port = store::default_port(r.transport);
    }
    if (auto* c = row.cell("tls_verify")) {
      if (c->empty())
        r.tls_verify = store::TlsVerify::full;
      else if (auto v = store::parse_tls_verify(lower(*c)))
        r.tls_verify = *v;
      else
        row.error("tls_verify", fmt::format("'{}' is not one of full, none, adh", *c));
    }
    row.opt_text("ca_file", r.ca_file);
    row.opt_text("ssh_key_file", r.ssh_key_file);
    row.opt_text("ssh_jump_host", r.ssh_jump_host);
    row.integer("ssh_port", r.ssh_port);
    row.opt_text("ssh_user", r.ssh_user);
    row.text("location", r.location);
    row.integer("poll_interval_s", r.poll_interval_s);
    row.boolean("active", r.active);
    row.errors(validate(r));
    if (row.error_count() > errors_before) return;
    // A management address belongs to one router.
    std::string address = address_key(r);
    if (auto owner = m_router_addresses.find(address);
        owner != m_router_addresses.end() && owner->second != key) {
      row.error("host", fmt::format("address {}:{} is already used by router '{}'", r.host, r.port,
                                    owner->second));
      return;
    }
    if (pending.exists) m_router_addresses.erase(address_key(existing->second));
    m_router_addresses[address] = key;

    bool secret_changed = false;
    if (m_options.router_password && m_options.secret_box) {
      bool same = false;
      if (r.sealed_secret) {
        auto opened = m_options.secret_box->open(*r.sealed_secret);
        same = opened && opened->reveal() == m_options.router_password->reveal();
      }
      if (!same) {
        r.sealed_secret = m_options.secret_box->seal(*m_options.router_password);
        secret_changed = true;
      }
    }
    if (pending.exists) {
      pending.fields = router_changes(existing->second, r);
      if (secret_changed) pending.fields.emplace_back("password");
    }
    pending.router = std::move(r);
    m_router_order.push_back(key);
    m_routers.emplace(key, std::move(pending));
  }

  void read_client(Row& row) {
    if (auto* name = row.cell("name"); name && !name->empty()) m_named_clients.insert(lower(*name));
    if (!check_required(row, {"name"})) return;
    std::string key = lower(*row.cell("name"));
    if (auto seen = m_clients.find(key); seen != m_clients.end()) {
      row.error("name", fmt::format("client '{}' is already defined on line {}", *row.cell("name"),
                                    seen->second.line));
      return;
    }
    PendingClient pending;
    pending.line = row.line();
    auto existing = m_existing_clients.find(key);
    pending.exists = existing != m_existing_clients.end();
    store::Client c = pending.exists ? existing->second : store::Client{};
    std::size_t errors_before = row.error_count();
    row.text("name", c.name);
    row.text("timezone", c.timezone, "UTC");
    if (auto* cell = row.cell("report_emails")) c.report_emails = split_list(*cell);
    row.opt_text("whatsapp", c.whatsapp);
    row.errors(validate(c));
    if (row.error_count() > errors_before) return;
    if (pending.exists) pending.fields = client_changes(existing->second, c);
    pending.client = std::move(c);
    m_client_order.push_back(key);
    m_clients.emplace(key, std::move(pending));
  }

  void read_link(Row& row) {
    if (!check_required(row, {"name", "client", "router", "interface", "committed_mbps"})) return;
    std::string key = lower(*row.cell("name"));
    if (auto seen = m_links.find(key); seen != m_links.end()) {
      row.error("name", fmt::format("link '{}' is already defined on line {}", *row.cell("name"),
                                    seen->second.line));
      return;
    }
    PendingLink pending;
    pending.line = row.line();
    auto existing = m_existing_links.find(key);
    pending.exists = existing != m_existing_links.end();
    store::Link l = pending.exists ? existing->second : store::Link{};
    std::size_t errors_before = row.error_count();
    row.text("name", l.name);
    row.text("client", l.client_name);
    row.text("router", l.router_name);
    row.text("interface", l.interface);
    row.number("committed_mbps", l.committed_mbps, 0);
    row.number("committed_uptime_pct", l.committed_uptime_pct, 99.50);
    row.number("committed_latency_ms", l.committed_latency_ms, 50);
    row.number("committed_loss_pct", l.committed_loss_pct, 1.00);
    row.opt_text("probe_target", l.probe_target);
    row.text("circuit_id", l.circuit_id);
    row.text("external_ref", l.external_ref);
    row.number("monthly_fee", l.monthly_fee, 0);
    row.text("currency", l.currency, "USD");
    row.opt_text("activation_date", l.activation_date);
    row.boolean("active", l.active);
    row.opt_text("sla_excluded_time", l.sla.excluded_time);
    row.opt_text("sla_unknown", l.sla.unknown);
    row.integer("sla_merge_gap_s", l.sla.merge_gap_s);
    row.integer("sla_min_outage_s", l.sla.min_outage_s);
    row.opt_text("sla_percentile", l.sla.percentile);
    row.errors(validate(l));
    if (row.error_count() > errors_before) return;
    if (pending.exists) pending.fields = link_changes(existing->second, l);
    pending.link = std::move(l);
    m_link_order.push_back(key);
    m_links.emplace(key, std::move(pending));
  }

  void check_link_references(PendingLink& pending) {
    store::Link& l = pending.link;
    std::string router_key = lower(l.router_name);
    std::string client_key = lower(l.client_name);
    bool ok = true;
    // A router or client whose own row was wrong has been reported there already.
    if (m_named_routers.count(router_key) && !m_routers.count(router_key)) ok = false;
    if (m_named_clients.count(client_key) && !m_clients.count(client_key)) ok = false;
    if (!m_named_routers.count(router_key) && !m_existing_routers.count(router_key)) {
      m_result.errors.push_back(
          {pending.line, "router", fmt::format("router '{}' not found", l.router_name)});
      ok = false;
    }
    if (!m_named_clients.count(client_key) && !m_existing_clients.count(client_key)) {
      m_result.errors.push_back(
          {pending.line, "client", fmt::format("client '{}' not found", l.client_name)});
      ok = false;
    }
    if (!ok) return;
    std::string iface = interface_key(l.router_name, l.interface);
    std::string own = lower(l.name);
    if (auto owner = m_link_interfaces.find(iface);
        owner != m_link_interfaces.end() && owner->second != own) {
      // The other link may be moving away from this interface in the same file.
      auto moved = m_links.find(owner->second);
      bool still_there =
          moved == m_links.end() ||
          interface_key(moved->second.link.router_name, moved->second.link.interface) == iface;
      if (still_there) {
        m_result.errors.push_back(
            {pending.line, "interface",
             fmt::format("interface {} of router '{}' is already used by link '{}'", l.interface,
                         l.router_name, owner->second)});
        return;
      }
    }
    m_link_interfaces[iface] = own;
  }

  void sort_errors() {
    std::stable_sort(m_result.errors.begin(), m_result.errors.end(),
                     [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  }

  Result<ImportResult> write() {
    auto tx = m_db.begin();
    if (!tx) return fail(tx.error());
    store::RouterRepository routers(m_db);
    store::ClientRepository clients(m_db);
    store::LinkRepository links(m_db);
    std::unordered_map<std::string, std::int64_t> router_ids;
    std::unordered_map<std::string, std::int64_t> client_ids;
    for (auto& [key, r] : m_existing_routers) router_ids[key] = r.id;
    for (auto& [key, c] : m_existing_clients) client_ids[key] = c.id;

    auto record = [&](const char* kind, const std::string& name, bool exists,
                      std::vector<std::string> fields, std::size_t line) {
      ChangeKind change = !exists          ? ChangeKind::added
                          : fields.empty() ? ChangeKind::unchanged
                                           : ChangeKind::updated;
      m_result.changes.push_back({kind, name, change, line, std::move(fields)});
      return change;
    };
    auto write_error = [&](std::size_t line, const Error& e) {
      m_result.errors.push_back({line, "", e.what()});
    };

    for (const auto& key : m_router_order) {
      auto& p = m_routers.at(key);
      auto change = record("router", p.router.name, p.exists, p.fields, p.line);
      if (change == ChangeKind::added) {
        auto id = routers.add(p.router);
        if (!id)
          write_error(p.line, id.error());
        else
          router_ids[key] = *id;
      } else if (change == ChangeKind::updated) {
        if (auto st = routers.update(p.router); !st) write_error(p.line, st.error());
      }
    }
    for (const auto& key : m_client_order) {
      auto& p = m_clients.at(key);
      auto change = record("client", p.client.name, p.exists, p.fields, p.line);
      if (change == ChangeKind::added) {
        auto id = clients.add(p.client);
        if (!id)
          write_error(p.line, id.error());
        else
          client_ids[key] = *id;
      } else if (change == ChangeKind::updated) {
        if (auto st = clients.update(p.client); !st) write_error(p.line, st.error());
      }
    }
    for (const auto& key : m_link_order) {
      auto& p = m_links.at(key);
      p.link.router_id = router_ids[lower(p.link.router_name)];
      p.link.client_id = client_ids[lower(p.link.client_name)];
      auto change = record("link", p.link.name, p.exists, p.fields, p.line);
      if (change == ChangeKind::added) {
        if (auto id = links.add(p.link); !id) write_error(p.line, id.error());
      } else if (change == ChangeKind::updated) {
        if (auto st = links.update(p.link); !st) write_error(p.line, st.error());
      }
    }
    if (!m_result.errors.empty() || m_options.dry_run) {
      tx->rollback();
      sort_errors();
      return std::move(m_result);
    }
    if (auto st = tx->commit(); !st) return fail(st.error());
    m_result.committed = true;
    return std::move(m_result);
  }

  store::Database& m_db;
  const ImportOptions& m_options;
  ImportResult m_result;

  std::unordered_map<std::string, store::Router> m_existing_routers;
  std::unordered_map<std::string, store::Client> m_existing_clients;
  std::unordered_map<std::string, store::Link> m_existing_links;
  std::unordered_map<std::string, std::string> m_router_addresses;  // host\nport -> router key
  std::unordered_map<std::string, std::string> m_link_interfaces;   // router\ninterface -> link key

  std::unordered_map<std::string, PendingRouter> m_routers;
  std::unordered_map<std::string, PendingClient> m_clients;
  std::unordered_map<std::string, PendingLink> m_links;
  std::vector<std::string> m_router_order, m_client_order, m_link_order;
  std::unordered_set<std::string> m_named_routers, m_named_clients;  // every name in the file
};

}  // namespace

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::added: return "added";
  case ChangeKind::updated: return "updated";
  case ChangeKind::unchanged: return "unchanged";
  }
  return "unchanged";
}

std::size_t ImportResult::count(ChangeKind kind) const {
  return static_cast<std::size_t>(std::count_if(
      changes.begin(), changes.end(), [&](const ImportChange& c) { return c.change == kind; }));
}

Result<ImportResult> import_inventory(store::Database& db, std::string_view csv,
                                      const ImportOptions& options) {
  return Importer(db, options).run(csv);
}

}  // namespace ill::inventory
