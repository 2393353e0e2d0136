#include "store/report_document_repository.hpp"

#include "store/constraint_error.hpp"
#include "store/database.hpp"

namespace ill::store {

namespace {

// Column 11 is the content, or NULL in listings.
constexpr const char* k_columns =
    "d.id, d.client_id, c.name, d.scope, d.month, d.format, d.filename, d.content_type, d.path, "
    "d.size, d.sha256, d.generated_at, d.computed_at, ";
constexpr const char* k_from = " FROM report_documents d JOIN clients c ON c.id = d.client_id ";

Result<std::vector<ReportDocument>> read_all(StatementLease& stmt) {
  std::vector<ReportDocument> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    ReportDocument d;
    d.id = stmt->int64(0);
    d.client_id = stmt->int64(1);
    d.client_name = stmt->text(2);
    d.scope = stmt->text(3);
    d.month = stmt->text(4);
    d.format = stmt->text(5);
    d.filename = stmt->text(6);
    d.content_type = stmt->text(7);
    d.path = stmt->opt_text(8);
    d.size = stmt->int64(9);
    d.sha256 = stmt->text(10);
    d.generated_at = stmt->time(11);
    d.computed_at = stmt->time(12);
    const auto content = stmt->blob_view(13);
    d.content.assign(reinterpret_cast<const char*>(content.data()), content.size());
    out.push_back(std::move(d));
  }
}

Result<std::optional<ReportDocument>> first_of(Result<std::vector<ReportDocument>> all) {
  if (!all) return fail(all.error());
  if (all->empty()) return std::optional<ReportDocument>();
  return std::optional<ReportDocument>(std::move(all->front()));
}

}  // namespace

Result<std::int64_t> ReportDocumentRepository::add(const ReportDocument& d) {
  auto stmt = m_db.prepare(
      "INSERT INTO report_documents (client_id, scope, month, format, filename, content_type, "
      "content, path, size, sha256, generated_at, computed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  const std::vector<unsigned char> content(d.content.begin(), d.content.end());
  (*stmt)->bind_all(d.client_id, d.scope, d.month, d.format, d.filename, d.content_type, content,
                    d.path, static_cast<std::int64_t>(d.content.size()), d.sha256, d.generated_at,
                    d.computed_at);
  if (auto st = (*stmt)->run(); !st)
    return fail(
        explain_violation(**stmt, st.error(),
                          {{"report_document_month", "report month must be YYYY-MM"},
                           {"report_document_format", "report format must be pdf, csv or json"},
                           {"FOREIGN KEY", "report refers to a client that does not exist"}}));
  return m_db.last_insert_id();
}

Result<std::vector<ReportDocument>> ReportDocumentRepository::list(
    const ReportDocumentFilter& filter) {
  auto stmt = m_db.prepare(std::string("SELECT ") + k_columns + "NULL" + k_from +
                           "WHERE (?1 IS NULL OR d.client_id = ?1) AND (?2 IS NULL OR d.month = "
                           "?2) ORDER BY d.generated_at DESC, d.id DESC");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(filter.client_id, filter.month);
  return read_all(*stmt);
}

Result<std::optional<ReportDocument>> ReportDocumentRepository::get_for_client(
    std::int64_t client_id, std::int64_t id) {
  auto stmt = m_db.prepare(std::string("SELECT ") + k_columns + "d.content" + k_from +
                           "WHERE d.id = ? AND d.client_id = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(id, client_id);
  return first_of(read_all(*stmt));
}

Result<std::optional<ReportDocument>> ReportDocumentRepository::latest(std::int64_t client_id,
                                                                       const std::string& month,
                                                                       const std::string& scope,
                                                                       const std::string& format) {
  auto stmt = m_db.prepare(std::string("SELECT ") + k_columns + "d.content" + k_from +
                           "WHERE d.client_id = ? AND d.month = ? AND d.scope = ? AND d.format = "
                           "? ORDER BY d.generated_at DESC, d.id DESC LIMIT 1");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id, month, scope, format);
  return first_of(read_all(*stmt));
}

}  // namespace ill::store
