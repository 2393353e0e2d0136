// Schema version 4. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 4: the client portal's security state (portal/). Sessions and API tokens are kept
// only as the SHA-256 of their 256-bit random token, so a copy of the database opens no
// session. The login log is append-only; the throttle holds failed logins per user name (known
// or not, so it tells nothing about which names exist) and per address. And the seed's Grafana
// dashboard UID of a link, which the link page may link to.
const char* const k_v4 = R"sql(
-- SQLite refuses a CHECK on an added column only when existing rows break it; NULL does not.
ALTER TABLE links ADD COLUMN grafana_dashboard_uid TEXT
  CONSTRAINT link_grafana_uid CHECK (grafana_dashboard_uid IS NULL OR
    (length(grafana_dashboard_uid) BETWEEN 1 AND 64 AND grafana_dashboard_uid NOT GLOB '*[^A-Za-z0-9_-]*'));

CREATE TABLE portal_sessions (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  address    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CONSTRAINT portal_session_hash CHECK (length(token_hash) = 32)
) WITHOUT ROWID;
CREATE INDEX portal_sessions_user ON portal_sessions (user_id);

CREATE TABLE portal_api_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL,
  label      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_used  INTEGER,
  revoked_at INTEGER,
  CONSTRAINT portal_api_token_hash_unique UNIQUE (token_hash),
  CONSTRAINT portal_api_token_hash CHECK (length(token_hash) = 32)
);
CREATE INDEX portal_api_tokens_user ON portal_api_tokens (user_id);

CREATE TABLE portal_login_log (
  id       INTEGER PRIMARY KEY,
  t        INTEGER NOT NULL,
  username TEXT NOT NULL,
  user_id  INTEGER REFERENCES portal_users (id) ON DELETE SET NULL,
  address  TEXT NOT NULL DEFAULT '',
  outcome  TEXT NOT NULL,
  CONSTRAINT portal_login_outcome CHECK (outcome IN ('ok', 'bad-password', 'unknown-user',
    'disabled', 'throttled', 'logout', 'password-changed'))
);
CREATE INDEX portal_login_log_name ON portal_login_log (username, t);
CREATE TRIGGER portal_login_log_append_only BEFORE UPDATE ON portal_login_log BEGIN
  SELECT RAISE(ABORT, 'the login log is append-only');
END;

CREATE TABLE portal_throttle (
  kind          TEXT NOT NULL,
  key           TEXT NOT NULL,
  failures      INTEGER NOT NULL,
  last_failure  INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL,
  PRIMARY KEY (kind, key),
  CONSTRAINT portal_throttle_kind CHECK (kind IN ('user', 'address'))
) WITHOUT ROWID;
)sql";

}  // namespace ill::store::schema
