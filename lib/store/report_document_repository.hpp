// The report history: each document `illctl report` generated (PDF, CSV, JSON), with its bytes.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct ReportDocument {
  std::int64_t id = 0;
  std::int64_t client_id = 0;
  std::string client_name;  // filled when read
  std::string scope = "all";
  std::string month;   // YYYY-MM
  std::string format;  // pdf | csv | json
  std::string filename;
  std::string content_type;
  std::string content;  // the bytes; empty in listings
  std::optional<std::string> path;
  std::int64_t size = 0;
  std::string sha256;
  std::chrono::sys_seconds generated_at;
  std::chrono::sys_seconds computed_at;

  bool operator==(const ReportDocument&) const = default;
};

struct ReportDocumentFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::string> month;
};

class ReportDocumentRepository {
public:
  explicit ReportDocumentRepository(Database& db) : m_db(db) {}

  Result<std::int64_t> add(const ReportDocument& document);
  // Newest first, without their content.
  Result<std::vector<ReportDocument>> list(const ReportDocumentFilter& filter = {});
  // One document with its bytes, only when it belongs to `client_id` (what the portal serves).
  Result<std::optional<ReportDocument>> get_for_client(std::int64_t client_id, std::int64_t id);
  // The newest document of a client, month, scope and format, with its bytes.
  Result<std::optional<ReportDocument>> latest(std::int64_t client_id, const std::string& month,
                                               const std::string& scope, const std::string& format);

private:
  Database& m_db;
};

}  // namespace ill::store
