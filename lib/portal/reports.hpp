// The client's report documents in the portal: the report history (the very bytes
// `illctl report --record` issued, same SHA-256) and an on-demand month-to-date PDF.
//
// Decisions:
// - A history document is read with ReportDocumentRepository::get_for_client, so another
//   client's id is not found, exactly like a missing one.
// - Downloads carry `Content-Disposition: attachment` with the recorded file name reduced to
//   ASCII letters, digits, '.', '_' and '-' (no leading dot, at most 120 characters; when
//   nothing is left, report-<id>.<format>): nothing a browser could take for a path or a header.
// - The month-to-date PDF is NOT recorded in the history: the history is what was issued to the
//   client, and a month-to-date document changes every minute. Its figures are recalculated
//   and stored first (as `illctl sla calculate --month this` would), so it is current, and the
//   PDF is kept per client for `ttl_s` (a minute by default): reloading the link does not redo
//   a month of figures.
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "store/report_document_repository.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::portal {

// The Content-Disposition value of a download named `filename`.
std::string attachment(std::string_view filename, std::string_view fallback);

// A history document as an HTTP download (its bytes, type and name).
http::Response document_response(const store::ReportDocument& document);

struct MonthToDate {
  std::string filename;
  std::string bytes;
  std::string sha256;
  std::chrono::sys_seconds generated_at;
};

class Reports {
public:
  Reports(config::SlaSettings sla, std::string isp_name, std::chrono::seconds ttl)
      : m_sla(std::move(sla)), m_isp_name(std::move(isp_name)), m_ttl(ttl) {}

  // The client's history, newest first, without the bytes.
  Result<std::vector<store::ReportDocument>> list(store::Database& db, std::int64_t client_id);
  // One of the client's documents with its bytes; nullopt when missing or another client's.
  Result<std::optional<store::ReportDocument>> get(store::Database& db, std::int64_t client_id,
                                                   std::int64_t id);
  // The client's month-to-date PDF at `now`; nullopt when the client has no links.
  Result<std::optional<MonthToDate>> month_to_date(store::Database& db, std::int64_t client_id,
                                                   const std::string& client_name,
                                                   std::chrono::sys_seconds now);

private:
  config::SlaSettings m_sla;
  std::string m_isp_name;
  std::chrono::seconds m_ttl;
  std::mutex m_mutex;
  std::map<std::int64_t, MonthToDate> m_cache;  // client id -> the last one made
};

}  // namespace ill::portal
