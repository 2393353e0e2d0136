// Schema version 5. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 5: the report history: every document `illctl report` generated, with its bytes, so
// the portal can serve (and a dispute can check) exactly what the client was given.
const char* const k_v5 = R"sql(
CREATE TABLE report_documents (
  id           INTEGER PRIMARY KEY,
  client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  scope        TEXT NOT NULL,              -- 'all', or the one link's name
  month        TEXT NOT NULL CONSTRAINT report_document_month
                 CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  format       TEXT NOT NULL CONSTRAINT report_document_format
                 CHECK (format IN ('pdf', 'csv', 'json')),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content      BLOB NOT NULL,
  path         TEXT,                       -- where it was written, when it was
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  generated_at INTEGER NOT NULL,
  computed_at  INTEGER NOT NULL            -- the latest computed_at of the figures it prints
);
CREATE INDEX report_documents_by_client ON report_documents (client_id, month, generated_at);
)sql";

}  // namespace ill::store::schema
