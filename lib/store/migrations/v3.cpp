// Schema version 3. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 3: deliveries. Secrets of the delivery channels (sealed like router passwords); the
// alert state of each watched subject (a link, a router, a link's month budget) so that illd
// raises one alert per change of state across restarts; the outbox, one row per alert, channel
// and recipient, inserted in the writer's transaction with the state change that caused it and
// marked sent only after the channel accepted it (notify/outbox_sender.hpp); and the deliveries
// of monthly reports by e-mail, one row per client, month and recipient.
const char* const k_v3 = R"sql(
CREATE TABLE secrets (
  name       TEXT PRIMARY KEY,
  sealed     BLOB NOT NULL,      -- nonce || secretbox(value)
  updated_at INTEGER NOT NULL,
  CONSTRAINT secret_name CHECK (length(name) BETWEEN 1 AND 64)
) WITHOUT ROWID;

CREATE TABLE alert_state (
  subject      TEXT PRIMARY KEY,  -- 'link:ID', 'router:ID', 'budget:LINK:YYYY-MM', ...
  open         INTEGER NOT NULL DEFAULT 0,  -- an alert was raised and not yet closed
  opened_from  INTEGER,           -- when the condition of the open alert began (outage start)
  condition    TEXT NOT NULL DEFAULT 'unknown',  -- good | bad | unknown, as last seen
  since        INTEGER,           -- when that condition began (subjects without a timeline)
  updated_at   INTEGER NOT NULL,
  CONSTRAINT alert_open CHECK (open IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idem_key        TEXT NOT NULL,     -- event id / channel / recipient: unique per delivery
  event           TEXT NOT NULL,
  channel         TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  payload         TEXT NOT NULL,     -- the event as JSON
  created_at      INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  sent_at         INTEGER,
  CONSTRAINT outbox_idem_unique UNIQUE (idem_key),
  CONSTRAINT outbox_channel CHECK (channel IN ('email', 'webhook', 'whatsapp')),
  CONSTRAINT outbox_status CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE report_deliveries (
  id          INTEGER PRIMARY KEY,
  client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  month       TEXT NOT NULL,       -- YYYY-MM
  recipient   TEXT NOT NULL,
  status      TEXT NOT NULL,       -- sent | failed
  reply       TEXT NOT NULL DEFAULT '',
  message_id  TEXT NOT NULL DEFAULT '',
  attempts    INTEGER NOT NULL DEFAULT 0,
  at          INTEGER NOT NULL,
  CONSTRAINT report_delivery_unique UNIQUE (client_id, month, recipient),
  CONSTRAINT report_delivery_status CHECK (status IN ('sent', 'failed'))
);
)sql";

}  // namespace ill::store::schema
