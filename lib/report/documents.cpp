#include "report/documents.hpp"

#include "core/format.hpp"
#include "core/version.hpp"
#include "report/figure_text.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace ill::report {
namespace {

using json = nlohmann::json;

std::string slug(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-')
      out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_value(const json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

std::string_view to_string(Format format) {
  switch (format) {
  case Format::pdf: return "pdf";
  case Format::csv: return "csv";
  case Format::json: return "json";
  }
  return "pdf";
}

std::optional<Format> parse_format(std::string_view text) {
  if (text == "pdf") return Format::pdf;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  return std::nullopt;
}

std::string_view content_type(Format format) {
  switch (format) {
  case Format::pdf: return "application/pdf";
  case Format::csv: return "text/csv; charset=utf-8; header=present";
  case Format::json: return "application/json";
  }
  return "application/octet-stream";
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string out;
  for (unsigned char b : digest) out += fmt::format("{:02x}", b);
  return out;
}

std::string file_name(const ClientMonth& month, const std::optional<std::string>& link,
                      Format format) {
  std::string client = slug(month.client.name);
  if (client.empty()) client = fmt::format("client-{}", month.client.id);
  std::string name = "ill-sla-" + client;
  if (link) {
    std::string l = slug(*link);
    name += "-" + (l.empty() ? std::string("link") : l);
  }
  return fmt::format("{}-{}.{}", name, month.month, to_string(format));
}

std::string month_csv(const ClientMonth& month, const ReportMeta& meta) {
  std::string out;
  for (std::size_t i = 0; i < k_csv_columns.size(); ++i)
    out += (i ? "," : "") + std::string(k_csv_columns[i]);
  out += "\r\n";
  const std::string generated = rfc3339(meta.generated_at);
  for (const auto& l : month.links) {
    const json& f = l.figures;
    const json& commitments = l.policy.contains("commitments") ? l.policy["commitments"] : json();
    const json credit = l.policy.contains("credit") ? l.policy["credit"] : json::object();
    const std::vector<std::string> row = {month.client.name,
                                          l.link.name,
                                          l.link.circuit_id,
                                          month.month,
                                          csv_value(f, "timezone"),
                                          csv_value(f, "from"),
                                          csv_value(f, "to"),
                                          csv_value(f, "month_to_date"),
                                          csv_value(commitments, "uptime_pct"),
                                          csv_value(f, "availability_pct"),
                                          csv_value(f, "scheduled_s"),
                                          csv_value(f, "downtime_s"),
                                          csv_value(f, "unknown_s"),
                                          csv_value(f, "excluded_s"),
                                          csv_value(f, "outage_count"),
                                          csv_value(f, "mttr_s"),
                                          csv_value(f, "longest_outage_s"),
                                          csv_value(commitments, "latency_ms"),
                                          csv_value(f, "latency_avg_ms"),
                                          csv_value(f, "latency_p95_ms"),
                                          csv_value(commitments, "loss_pct"),
                                          csv_value(f, "loss_avg_pct"),
                                          json(l.link.committed_mbps).dump(),
                                          csv_value(f, "p95_bps"),
                                          csv_value(f, "p95_in_bps"),
                                          csv_value(f, "p95_out_bps"),
                                          breach_list(f, ";"),
                                          csv_value(credit, "model"),
                                          csv_value(f, "credit_pct"),
                                          csv_value(f, "credit_amount"),
                                          csv_value(f, "currency"),
                                          csv_value(f, "computed_at"),
                                          generated};
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string month_json(const ClientMonth& month, const ReportMeta& meta) {
  json links = json::array();
  for (const auto& l : month.links) links.push_back(l.figures);
  json report = {{"client", month.client.name},
                 {"month", month.month},
                 {"timezone", month.zone ? std::string(month.zone->name()) : std::string()},
                 {"isp_name", meta.isp_name},
                 {"generated_at", rfc3339(meta.generated_at)},
                 {"computed_at", rfc3339(month.computed_at())},
                 {"ill_version", std::string(version())}};
  return json{{"report", report}, {"links", links}}.dump(2) + "\n";
}

namespace {

ClientReport render_client(const ClientMonth& m, const Scope& scope,
                           const std::vector<Format>& formats, const ReportMeta& meta) {
  ClientReport r;
  r.client_id = m.client.id;
  r.client = m.client.name;
  r.month = m.month;
  r.report_emails = m.client.report_emails;
  r.summary = month_summary(m, meta);
  const std::optional<std::string> link =
      scope.link ? std::optional(m.links.front().link.name) : std::nullopt;
  for (const Format format : formats) {
    Document d;
    d.client_id = m.client.id;
    d.client = m.client.name;
    d.month = m.month;
    if (link) d.scope = *link;
    d.format = format;
    d.filename = file_name(m, link, format);
    d.content_type = std::string(content_type(format));
    switch (format) {
    case Format::pdf: d.bytes = month_pdf(m, meta); break;
    case Format::csv: d.bytes = month_csv(m, meta); break;
    case Format::json: d.bytes = month_json(m, meta); break;
    }
    d.sha256 = sha256_hex(d.bytes);
    d.generated_at = meta.generated_at;
    d.computed_at = m.computed_at();
    r.documents.push_back(std::move(d));
  }
  return r;
}

}  // namespace

Status for_each_client_report(store::Database& db, const Scope& scope, std::string_view month,
                              const std::vector<Format>& formats, const ReportMeta& meta,
                              const config::SlaSettings& defaults, const ClientReportSink& each) {
  auto links = links_in(db, scope);
  if (!links) return fail(links.error());
  // The links of each client, clients by name.
  std::vector<std::vector<store::Link>> clients;
  std::map<std::int64_t, std::size_t> index_of;
  for (auto& link : *links) {
    const auto [it, added] = index_of.try_emplace(link.client_id, clients.size());
    if (added) clients.emplace_back();
    clients[it->second].push_back(std::move(link));
  }
  std::stable_sort(clients.begin(), clients.end(), [](const auto& a, const auto& b) {
    return a.front().client_name < b.front().client_name;
  });
  LoadOptions load;
  load.charts = std::find(formats.begin(), formats.end(), Format::pdf) != formats.end();
  for (std::size_t i = 0; i < clients.size(); ++i) {
    auto months = load_client_months(db, clients[i], month, meta.generated_at, defaults, load);
    if (!months) return fail(months.error());
    for (const auto& m : *months)
      if (auto st = each(render_client(m, scope, formats, meta), i, clients.size()); !st) return st;
  }
  return {};
}

Result<std::vector<Document>> generate_documents(store::Database& db, const Scope& scope,
                                                 std::string_view month, Format format,
                                                 const ReportMeta& meta,
                                                 const config::SlaSettings& defaults) {
  std::vector<Document> out;
  auto st = for_each_client_report(db, scope, month, {format}, meta, defaults,
                                   [&](ClientReport&& r, std::size_t, std::size_t) -> Status {
                                     out.push_back(std::move(r.documents.front()));
                                     return {};
                                   });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace ill::report
