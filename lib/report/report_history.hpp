// Recording generated documents in the report history (store/report_document_repository.hpp),
// in one transaction: every document of a run, or none.
#pragma once

#include "core/result.hpp"
#include "report/documents.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace ill::store {
class Database;
}

namespace ill::report {

// `paths`: where each document was written (empty: not written to a file). Returns the ids.
Result<std::vector<std::int64_t>> record_documents(
    store::Database& db, const std::vector<Document>& documents,
    const std::vector<std::optional<std::filesystem::path>>& paths);

}  // namespace ill::report
