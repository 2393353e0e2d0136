// Schema version 7. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 7: the portal's second factor, invitations and disabled clients. A TOTP secret is
// kept sealed by SecretBox (like router passwords); `confirmed_at` is NULL while an enrolment
// from the account page waits for its first code; `last_step` is the last time step a code was
// accepted for, so a code works once. Recovery codes, half-finished sign-ins (password right,
// code still to come) and invitations are kept as the SHA-256 of their random text only. The
// login log learns the outcomes of the second step; SQLite cannot change a CHECK, so the table
// is rebuilt with its rows, index and trigger.
const char* const k_v7 = R"sql(
ALTER TABLE clients ADD COLUMN active INTEGER NOT NULL DEFAULT 1
  CONSTRAINT client_active CHECK (active IN (0, 1));

CREATE TABLE portal_totp (
  user_id      INTEGER PRIMARY KEY REFERENCES portal_users (id) ON DELETE CASCADE,
  secret       BLOB NOT NULL,        -- nonce || secretbox(the raw TOTP key)
  created_at   INTEGER NOT NULL,
  confirmed_at INTEGER,              -- NULL: enrolment not finished, not asked at sign-in
  last_step    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE portal_recovery_codes (
  id        INTEGER PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
  code_hash BLOB NOT NULL,
  used_at   INTEGER,
  CONSTRAINT portal_recovery_code_hash CHECK (length(code_hash) = 32)
);
CREATE INDEX portal_recovery_codes_user ON portal_recovery_codes (user_id);

CREATE TABLE portal_pending_logins (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  address    TEXT NOT NULL DEFAULT '',
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT portal_pending_hash CHECK (length(token_hash) = 32)
) WITHOUT ROWID;

CREATE TABLE portal_invitations (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  CONSTRAINT portal_invitation_hash CHECK (length(token_hash) = 32)
) WITHOUT ROWID;

CREATE TABLE portal_login_log_v7 (
  id       INTEGER PRIMARY KEY,
  t        INTEGER NOT NULL,
  username TEXT NOT NULL,
  user_id  INTEGER REFERENCES portal_users (id) ON DELETE SET NULL,
  address  TEXT NOT NULL DEFAULT '',
  outcome  TEXT NOT NULL,
  CONSTRAINT portal_login_outcome CHECK (outcome IN ('ok', 'bad-password', 'unknown-user',
    'disabled', 'throttled', 'logout', 'password-changed', 'password-ok', 'bad-code',
    'replayed-code', 'recovery-code', 'invitation-used', '2fa-enrolled'))
);
INSERT INTO portal_login_log_v7 (id, t, username, user_id, address, outcome)
  SELECT id, t, username, user_id, address, outcome FROM portal_login_log;
DROP TABLE portal_login_log;
ALTER TABLE portal_login_log_v7 RENAME TO portal_login_log;
CREATE INDEX portal_login_log_name ON portal_login_log (username, t);
CREATE TRIGGER portal_login_log_append_only BEFORE UPDATE ON portal_login_log BEGIN
  SELECT RAISE(ABORT, 'the login log is append-only');
END;
)sql";

}  // namespace ill::store::schema
