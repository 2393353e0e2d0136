#include "inventory/import_row.hpp"

#include <cctype>

namespace ill::inventory::detail {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ';' || c == ' ' || c == '\n') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

namespace {

template <typename T, typename Field>
void note_change(std::vector<std::string>& fields, const char* name, const T& before,
                 const T& after, Field field) {
  if (field(before) != field(after)) fields.emplace_back(name);
}

}  // namespace

std::vector<std::string> router_changes(const store::Router& a, const store::Router& b) {
  std::vector<std::string> f;
  note_change(f, "host", a, b, [](auto& r) { return r.host; });
  note_change(f, "port", a, b, [](auto& r) { return r.port; });
  note_change(f, "transport", a, b, [](auto& r) { return r.transport; });
  note_change(f, "user", a, b, [](auto& r) { return r.username; });
  note_change(f, "tls_verify", a, b, [](auto& r) { return r.tls_verify; });
  note_change(f, "ca_file", a, b, [](auto& r) { return r.ca_file; });
  note_change(f, "ssh_key_file", a, b, [](auto& r) { return r.ssh_key_file; });
  note_change(f, "ssh_jump_host", a, b, [](auto& r) { return r.ssh_jump_host; });
  note_change(f, "ssh_port", a, b, [](auto& r) { return r.ssh_port; });
  note_change(f, "ssh_user", a, b, [](auto& r) { return r.ssh_user; });
  note_change(f, "location", a, b, [](auto& r) { return r.location; });
  note_change(f, "poll_interval_s", a, b, [](auto& r) { return r.poll_interval_s; });
  note_change(f, "active", a, b, [](auto& r) { return r.active; });
  return f;
}

std::vector<std::string> client_changes(const store::Client& a, const store::Client& b) {
  std::vector<std::string> f;
  note_change(f, "timezone", a, b, [](auto& c) { return c.timezone; });
  note_change(f, "report_emails", a, b, [](auto& c) { return c.report_emails; });
  note_change(f, "whatsapp", a, b, [](auto& c) { return c.whatsapp; });
  return f;
}

std::vector<std::string> link_changes(const store::Link& a, const store::Link& b) {
  std::vector<std::string> f;
  note_change(f, "client", a, b, [](auto& l) { return lower(l.client_name); });
  note_change(f, "router", a, b, [](auto& l) { return lower(l.router_name); });
  note_change(f, "interface", a, b, [](auto& l) { return l.interface; });
  note_change(f, "committed_mbps", a, b, [](auto& l) { return l.committed_mbps; });
  note_change(f, "committed_uptime_pct", a, b, [](auto& l) { return l.committed_uptime_pct; });
  note_change(f, "committed_latency_ms", a, b, [](auto& l) { return l.committed_latency_ms; });
  note_change(f, "committed_loss_pct", a, b, [](auto& l) { return l.committed_loss_pct; });
  note_change(f, "probe_target", a, b, [](auto& l) { return l.probe_target; });
  note_change(f, "circuit_id", a, b, [](auto& l) { return l.circuit_id; });
  note_change(f, "external_ref", a, b, [](auto& l) { return l.external_ref; });
  note_change(f, "monthly_fee", a, b, [](auto& l) { return l.monthly_fee; });
  note_change(f, "currency", a, b, [](auto& l) { return l.currency; });
  note_change(f, "activation_date", a, b, [](auto& l) { return l.activation_date; });
  note_change(f, "active", a, b, [](auto& l) { return l.active; });
  note_change(f, "sla_excluded_time", a, b, [](auto& l) { return l.sla.excluded_time; });
  note_change(f, "sla_unknown", a, b, [](auto& l) { return l.sla.unknown; });
  note_change(f, "sla_merge_gap_s", a, b, [](auto& l) { return l.sla.merge_gap_s; });
  note_change(f, "sla_min_outage_s", a, b, [](auto& l) { return l.sla.min_outage_s; });
  note_change(f, "sla_percentile", a, b, [](auto& l) { return l.sla.percentile; });
  return f;
}

}  // namespace ill::inventory::detail
