#include "portal/reports.hpp"

#include "figures/month_report.hpp"
#include "report/documents.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"

#include <fmt/format.h>

#include <cctype>

namespace ill::portal {

namespace {

std::string safe_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '_' || c == '-') out += c;
    if (out.size() >= 120) break;
  }
  while (!out.empty() && out.front() == '.') out.erase(0, 1);
  return out;
}

}  // namespace

std::string attachment(std::string_view filename, std::string_view fallback) {
  auto name = safe_name(filename);
  if (name.empty()) name = safe_name(fallback);
  if (name.empty()) name = "report";
  return fmt::format("attachment; filename=\"{}\"", name);
}

http::Response document_response(const store::ReportDocument& d) {
  http::Response r;
  r.status = 200;
  r.content_type = d.content_type.empty() ? "application/octet-stream" : d.content_type;
  r.body = d.content;
  r.headers.emplace_back("Content-Disposition",
                         attachment(d.filename, fmt::format("report-{}.{}", d.id, d.format)));
  return r;
}

Result<std::vector<store::ReportDocument>> Reports::list(store::Database& db,
                                                         std::int64_t client_id) {
  return store::ReportDocumentRepository(db).list({.client_id = client_id, .month = std::nullopt});
}

Result<std::optional<store::ReportDocument>> Reports::get(store::Database& db,
                                                          std::int64_t client_id, std::int64_t id) {
  return store::ReportDocumentRepository(db).get_for_client(client_id, id);
}

Result<std::optional<MonthToDate>> Reports::month_to_date(store::Database& db,
                                                          std::int64_t client_id,
                                                          const std::string& client_name,
                                                          std::chrono::sys_seconds now) {
  {
    std::lock_guard lock(m_mutex);
    auto it = m_cache.find(client_id);
    if (it != m_cache.end() && now >= it->second.generated_at &&
        now - it->second.generated_at < m_ttl)
      return std::optional<MonthToDate>(it->second);
  }
  auto links = store::LinkRepository(db).list({.client_id = client_id});
  if (!links) return fail(links.error());
  if (links->empty()) return std::optional<MonthToDate>();
  figures::FleetOptions fleet;
  fleet.threads = 1;
  if (auto fresh = figures::calculate_and_store(db, *links, "this", now, m_sla, fleet); !fresh)
    return fail(fresh.error());
  auto documents =
      report::generate_documents(db, report::Scope{.link = std::nullopt, .client = client_name},
                                 "this", report::Format::pdf, {m_isp_name, now}, m_sla);
  if (!documents) return fail(documents.error());
  if (documents->empty()) return std::optional<MonthToDate>();
  auto& d = documents->front();
  MonthToDate out;
  out.filename = d.filename;
  if (auto dot = out.filename.rfind(".pdf"); dot != std::string::npos)
    out.filename.insert(dot, "-to-date");
  out.bytes = std::move(d.bytes);
  out.sha256 = std::move(d.sha256);
  out.generated_at = now;
  std::lock_guard lock(m_mutex);
  m_cache[client_id] = out;
  return std::optional<MonthToDate>(std::move(out));
}

}  // namespace ill::portal
