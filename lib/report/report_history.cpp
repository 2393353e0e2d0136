#include "report/report_history.hpp"

#include "store/database.hpp"
#include "store/report_document_repository.hpp"

namespace ill::report {

Result<std::vector<std::int64_t>> record_documents(
    store::Database& db, const std::vector<Document>& documents,
    const std::vector<std::optional<std::filesystem::path>>& paths) {
  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  store::ReportDocumentRepository repo(db);
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const Document& d = documents[i];
    store::ReportDocument row;
    row.client_id = d.client_id;
    row.scope = d.scope;
    row.month = d.month;
    row.format = std::string(to_string(d.format));
    row.filename = d.filename;
    row.content_type = d.content_type;
    row.content = d.bytes;
    if (i < paths.size() && paths[i]) row.path = std::filesystem::absolute(*paths[i]).string();
    row.sha256 = d.sha256;
    row.generated_at = d.generated_at;
    row.computed_at = d.computed_at;
    auto id = repo.add(row);
    if (!id) return fail(id.error());
    ids.push_back(*id);
  }
  if (auto st = tx->commit(); !st) return fail(st.error());
  return ids;
}

}  // namespace ill::report
