#include "store/migrations.hpp"

namespace ill::store {

namespace {

// Times are INTEGER seconds since the Unix epoch (UTC); calendar dates are TEXT 'YYYY-MM-DD'.
// Deleting a link takes its samples, timeline, rollups, annotations and reports with it;
// deleting a client or router that still has links is refused by the foreign keys (the
// repositories say so first, and `--force` removes the links explicitly).
constexpr const char* k_schema_v1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('inventory_generation', 0);

CREATE TABLE routers (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL COLLATE NOCASE,
  host            TEXT NOT NULL COLLATE NOCASE,
  port            INTEGER NOT NULL,
  transport       TEXT NOT NULL DEFAULT 'api',
  username        TEXT NOT NULL,
  secret          BLOB,              -- nonce || secretbox(password or SSH passphrase)
  tls_verify      TEXT NOT NULL DEFAULT 'full',
  ca_file         TEXT,
  ssh_key_file    TEXT,
  ssh_jump_host   TEXT,
  location        TEXT NOT NULL DEFAULT '',
  active          INTEGER NOT NULL DEFAULT 1,
  poll_interval_s INTEGER,           -- NULL: the daemon's default
  status          TEXT NOT NULL DEFAULT 'unknown',
  last_poll       INTEGER,
  last_error      TEXT,
  CONSTRAINT router_name_unique UNIQUE (name),
  CONSTRAINT router_address_unique UNIQUE (host, port),
  CONSTRAINT router_name CHECK (length(name) BETWEEN 1 AND 64),
  CONSTRAINT router_host CHECK (length(host) BETWEEN 1 AND 253),
  CONSTRAINT router_port CHECK (port BETWEEN 1 AND 65535),
  CONSTRAINT router_transport CHECK (transport IN ('api', 'api-ssl', 'rest', 'ssh')),
  CONSTRAINT router_user CHECK (length(username) >= 1),
  CONSTRAINT router_tls_verify CHECK (tls_verify IN ('full', 'none', 'adh')),
  CONSTRAINT router_active CHECK (active IN (0, 1)),
  CONSTRAINT router_poll_interval CHECK (poll_interval_s IS NULL OR poll_interval_s BETWEEN 10 AND 300),
  CONSTRAINT router_status CHECK (status IN ('online', 'unreachable', 'auth-failed', 'unknown'))
);

CREATE TABLE clients (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL COLLATE NOCASE,
  report_emails TEXT NOT NULL DEFAULT '',   -- comma-separated
  whatsapp      TEXT,                       -- E.164, e.g. +5511912345678
  timezone      TEXT NOT NULL DEFAULT 'UTC',
  CONSTRAINT client_name_unique UNIQUE (name),
  CONSTRAINT client_name CHECK (length(name) BETWEEN 1 AND 128),
  CONSTRAINT client_timezone CHECK (length(timezone) >= 1)
);

CREATE TABLE links (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL COLLATE NOCASE,
  client_id            INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  router_id            INTEGER NOT NULL REFERENCES routers (id) ON DELETE RESTRICT,
  interface            TEXT NOT NULL,
  circuit_id           TEXT NOT NULL DEFAULT '',
  external_ref         TEXT NOT NULL DEFAULT '',
  committed_mbps       REAL NOT NULL,
  committed_uptime_pct REAL NOT NULL DEFAULT 99.50,
  committed_latency_ms REAL NOT NULL DEFAULT 50,
  committed_loss_pct   REAL NOT NULL DEFAULT 1.00,
  probe_target         TEXT,
  monthly_fee          REAL NOT NULL DEFAULT 0,
  currency             TEXT NOT NULL DEFAULT 'USD',
  activation_date      TEXT,
  active               INTEGER NOT NULL DEFAULT 1,
  -- Per-link SLA policy (sla.md, "ill's exact rules"); NULL means the [sla] default of the config.
  sla_excluded_time    TEXT,     -- available | removed
  sla_unknown          TEXT,     -- not_down | down | excluded
  sla_merge_gap_s      INTEGER,
  sla_min_outage_s     INTEGER,
  sla_percentile       TEXT,     -- nearest_rank | interpolated
  sla_business_hours   TEXT,     -- JSON schedule
  sla_credit           TEXT,     -- JSON credit model, bands and cap
  sla_counted_causes   TEXT,     -- comma-separated outage causes that count against the SLA
  CONSTRAINT link_name_unique UNIQUE (name),
  CONSTRAINT link_interface_unique UNIQUE (router_id, interface),
  CONSTRAINT link_name CHECK (length(name) BETWEEN 1 AND 128),
  CONSTRAINT link_interface CHECK (length(interface) BETWEEN 1 AND 64),
  CONSTRAINT link_committed_mbps CHECK (committed_mbps > 0),
  CONSTRAINT link_committed_uptime_pct CHECK (committed_uptime_pct BETWEEN 0 AND 100),
  CONSTRAINT link_committed_latency_ms CHECK (committed_latency_ms > 0),
  CONSTRAINT link_committed_loss_pct CHECK (committed_loss_pct BETWEEN 0 AND 100),
  CONSTRAINT link_monthly_fee CHECK (monthly_fee >= 0),
  CONSTRAINT link_currency CHECK (length(currency) = 3 AND currency = upper(currency)),
  CONSTRAINT link_activation_date CHECK (activation_date IS NULL OR
    activation_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  CONSTRAINT link_active CHECK (active IN (0, 1)),
  CONSTRAINT link_sla_excluded_time CHECK (sla_excluded_time IS NULL OR sla_excluded_time IN ('available', 'removed')),
  CONSTRAINT link_sla_unknown CHECK (sla_unknown IS NULL OR sla_unknown IN ('not_down', 'down', 'excluded')),
  CONSTRAINT link_sla_merge_gap_s CHECK (sla_merge_gap_s IS NULL OR sla_merge_gap_s >= 0),
  CONSTRAINT link_sla_min_outage_s CHECK (sla_min_outage_s IS NULL OR sla_min_outage_s >= 0),
  CONSTRAINT link_sla_percentile CHECK (sla_percentile IS NULL OR sla_percentile IN ('nearest_rank', 'interpolated')),
  CONSTRAINT link_sla_business_hours CHECK (sla_business_hours IS NULL OR json_valid(sla_business_hours)),
  CONSTRAINT link_sla_credit CHECK (sla_credit IS NULL OR json_valid(sla_credit))
);
CREATE INDEX links_client ON links (client_id);

CREATE TABLE portal_users (
  id            INTEGER PRIMARY KEY,
  client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  username      TEXT NOT NULL COLLATE NOCASE,
  email         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,     -- argon2id, crypto_pwhash_str format
  active        INTEGER NOT NULL DEFAULT 1,
  last_login    INTEGER,
  CONSTRAINT user_username_unique UNIQUE (username),
  CONSTRAINT user_username CHECK (length(username) BETWEEN 1 AND 64),
  CONSTRAINT user_password_hash CHECK (password_hash LIKE '$argon2id$%'),
  CONSTRAINT user_active CHECK (active IN (0, 1))
);
CREATE INDEX portal_users_client ON portal_users (client_id);

CREATE TABLE maintenance (
  id         INTEGER PRIMARY KEY,
  scope      TEXT NOT NULL,
  link_id    INTEGER REFERENCES links (id) ON DELETE CASCADE,
  router_id  INTEGER REFERENCES routers (id) ON DELETE CASCADE,
  start_t    INTEGER NOT NULL,
  end_t      INTEGER NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  CONSTRAINT maintenance_scope CHECK (
    (scope = 'link' AND link_id IS NOT NULL AND router_id IS NULL) OR
    (scope = 'router' AND router_id IS NOT NULL AND link_id IS NULL) OR
    (scope = 'all' AND link_id IS NULL AND router_id IS NULL)),
  CONSTRAINT maintenance_end CHECK (end_t > start_t)
);
CREATE INDEX maintenance_link ON maintenance (link_id, start_t);
CREATE INDEX maintenance_router ON maintenance (router_id, start_t);
CREATE INDEX maintenance_start ON maintenance (start_t);

-- One row per link and poll. Raw 64-bit counters are stored as the same 64 bits in a signed
-- INTEGER (values above 2^63 read back exactly through Statement::uint64).
CREATE TABLE samples (
  link_id        INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t              INTEGER NOT NULL,
  state          TEXT NOT NULL,     -- the observation: up | down | unknown
  running        INTEGER,           -- interface running, NULL when not read
  rx_bps         REAL,              -- NULL when no rate (first poll, counter reset)
  tx_bps         REAL,
  rx_bytes       INTEGER,
  tx_bytes       INTEGER,
  rx_errors      INTEGER,
  tx_errors      INTEGER,
  latency_min_ms REAL,
  latency_avg_ms REAL,
  latency_max_ms REAL,
  loss_pct       REAL,
  PRIMARY KEY (link_id, t),
  CONSTRAINT sample_state CHECK (state IN ('up', 'down', 'unknown')),
  CONSTRAINT sample_running CHECK (running IS NULL OR running IN (0, 1)),
  CONSTRAINT sample_rates CHECK ((rx_bps IS NULL OR rx_bps >= 0) AND (tx_bps IS NULL OR tx_bps >= 0)),
  CONSTRAINT sample_loss CHECK (loss_pct IS NULL OR loss_pct BETWEEN 0 AND 100)
) WITHOUT ROWID;

-- Rollups keep sums and counts so they can be maintained incrementally as samples arrive.
CREATE TABLE rollups_5m (
  link_id      INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t            INTEGER NOT NULL,   -- slot start, a multiple of 300
  samples      INTEGER NOT NULL DEFAULT 0,
  up_samples   INTEGER NOT NULL DEFAULT 0,
  down_samples INTEGER NOT NULL DEFAULT 0,
  rx_n         INTEGER NOT NULL DEFAULT 0,
  rx_sum       REAL NOT NULL DEFAULT 0,
  rx_max       REAL,
  tx_n         INTEGER NOT NULL DEFAULT 0,
  tx_sum       REAL NOT NULL DEFAULT 0,
  tx_max       REAL,
  latency_n    INTEGER NOT NULL DEFAULT 0,
  latency_sum  REAL NOT NULL DEFAULT 0,
  latency_max  REAL,
  loss_n       INTEGER NOT NULL DEFAULT 0,
  loss_sum     REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (link_id, t),
  CONSTRAINT rollup_5m_slot CHECK (t % 300 = 0)
) WITHOUT ROWID;

CREATE TABLE rollups_1h (
  link_id      INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t            INTEGER NOT NULL,   -- slot start, a multiple of 3600
  samples      INTEGER NOT NULL DEFAULT 0,
  up_samples   INTEGER NOT NULL DEFAULT 0,
  down_samples INTEGER NOT NULL DEFAULT 0,
  rx_n         INTEGER NOT NULL DEFAULT 0,
  rx_sum       REAL NOT NULL DEFAULT 0,
  rx_max       REAL,
  tx_n         INTEGER NOT NULL DEFAULT 0,
  tx_sum       REAL NOT NULL DEFAULT 0,
  tx_max       REAL,
  latency_n    INTEGER NOT NULL DEFAULT 0,
  latency_sum  REAL NOT NULL DEFAULT 0,
  latency_max  REAL,
  loss_n       INTEGER NOT NULL DEFAULT 0,
  loss_sum     REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (link_id, t),
  CONSTRAINT rollup_1h_slot CHECK (t % 3600 = 0)
) WITHOUT ROWID;

CREATE TABLE router_health (
  router_id          INTEGER NOT NULL REFERENCES routers (id) ON DELETE CASCADE,
  t                  INTEGER NOT NULL,
  cpu_load_pct       REAL,
  memory_used_bytes  INTEGER,
  memory_total_bytes INTEGER,
  uptime_s           INTEGER,
  poll_duration_ms   REAL,
  PRIMARY KEY (router_id, t),
  CONSTRAINT health_cpu CHECK (cpu_load_pct IS NULL OR cpu_load_pct BETWEEN 0 AND 100)
) WITHOUT ROWID;

-- The availability timeline as merged intervals [from_t, to_t).
CREATE TABLE link_state (
  link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  from_t  INTEGER NOT NULL,
  to_t    INTEGER NOT NULL,
  state   TEXT NOT NULL,
  PRIMARY KEY (link_id, from_t),
  CONSTRAINT link_state_state CHECK (state IN ('up', 'down', 'unknown')),
  CONSTRAINT link_state_interval CHECK (to_t > from_t)
) WITHOUT ROWID;

-- The cause of an outage, keyed by the link and the outage's start; every change is recorded
-- in outage_audit by the triggers below, so the trail cannot be skipped.
CREATE TABLE outage_annotations (
  id         INTEGER PRIMARY KEY,
  link_id    INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  start_t    INTEGER NOT NULL,
  end_t      INTEGER NOT NULL,
  cause      TEXT NOT NULL DEFAULT 'provider',
  note       TEXT NOT NULL DEFAULT '',
  changed_by TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  CONSTRAINT outage_unique UNIQUE (link_id, start_t),
  CONSTRAINT outage_interval CHECK (end_t > start_t),
  CONSTRAINT outage_cause CHECK (cause IN ('provider', 'customer', 'planned', 'power', 'monitoring'))
);

CREATE TABLE outage_audit (
  id         INTEGER PRIMARY KEY,
  link_id    INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  start_t    INTEGER NOT NULL,
  old_cause  TEXT,
  new_cause  TEXT NOT NULL,
  old_note   TEXT,
  new_note   TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX outage_audit_link ON outage_audit (link_id, start_t);

CREATE TRIGGER outage_annotation_insert AFTER INSERT ON outage_annotations BEGIN
  INSERT INTO outage_audit (link_id, start_t, old_cause, new_cause, old_note, new_note, changed_by, changed_at)
  VALUES (NEW.link_id, NEW.start_t, NULL, NEW.cause, NULL, NEW.note, NEW.changed_by, NEW.changed_at);
END;
CREATE TRIGGER outage_annotation_update AFTER UPDATE ON outage_annotations
WHEN OLD.cause IS NOT NEW.cause OR OLD.note IS NOT NEW.note BEGIN
  INSERT INTO outage_audit (link_id, start_t, old_cause, new_cause, old_note, new_note, changed_by, changed_at)
  VALUES (NEW.link_id, NEW.start_t, OLD.cause, NEW.cause, OLD.note, NEW.note, NEW.changed_by, NEW.changed_at);
END;
CREATE TRIGGER outage_audit_append_only BEFORE UPDATE ON outage_audit BEGIN
  SELECT RAISE(ABORT, 'the outage audit trail is append-only');
END;

CREATE TABLE sla_reports (
  id          INTEGER PRIMARY KEY,
  link_id     INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  month       TEXT NOT NULL,     -- YYYY-MM in the client's time zone
  figures     TEXT NOT NULL,     -- JSON: every figure and the breach details
  policy      TEXT NOT NULL,     -- JSON: the effective policy used
  computed_at INTEGER NOT NULL,
  CONSTRAINT sla_report_unique UNIQUE (link_id, month),
  CONSTRAINT sla_report_month CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  CONSTRAINT sla_report_figures CHECK (json_valid(figures)),
  CONSTRAINT sla_report_policy CHECK (json_valid(policy))
);

-- Inventory generation: any change to what the daemon polls bumps it.
CREATE TRIGGER routers_insert_gen AFTER INSERT ON routers BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER routers_delete_gen AFTER DELETE ON routers BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER routers_update_gen AFTER UPDATE OF name, host, port, transport, username, secret, tls_verify,
  ca_file, ssh_key_file, ssh_jump_host, location, active, poll_interval_s ON routers BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER clients_insert_gen AFTER INSERT ON clients BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER clients_delete_gen AFTER DELETE ON clients BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER clients_update_gen AFTER UPDATE ON clients BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER links_insert_gen AFTER INSERT ON links BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER links_delete_gen AFTER DELETE ON links BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER links_update_gen AFTER UPDATE ON links BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER maintenance_insert_gen AFTER INSERT ON maintenance BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
CREATE TRIGGER maintenance_delete_gen AFTER DELETE ON maintenance BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
)sql";

// Version 2: what the SLA figures read from the rollups instead of raw samples
// (rollup_codec.hpp, figures/month_inputs.hpp). In both rollup tables, the latency and loss of
// `up` samples only (sla.md rule 7; the latency and loss columns count every sample) and the up
// latencies counted per 0.1 ms. A daily table with just what the figures need: those, and the
// sums of the day's 288 5-minute slots (rule 8), so a month of one link is about 32 rows. Rollup
// rows whose raw samples are still stored are rebuilt from them; older ones keep their sums and
// have no up-only figures. Uses the SQL functions of rollup_codec.hpp. And an index for the
// global maintenance windows.
constexpr const char* k_schema_v2 = R"sql(
ALTER TABLE rollups_5m ADD COLUMN up_latency_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollups_5m ADD COLUMN up_latency_sum REAL NOT NULL DEFAULT 0;
ALTER TABLE rollups_5m ADD COLUMN up_loss_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollups_5m ADD COLUMN up_loss_sum REAL NOT NULL DEFAULT 0;
ALTER TABLE rollups_5m ADD COLUMN up_latency_hist BLOB;
ALTER TABLE rollups_1h ADD COLUMN up_latency_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollups_1h ADD COLUMN up_latency_sum REAL NOT NULL DEFAULT 0;
ALTER TABLE rollups_1h ADD COLUMN up_loss_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollups_1h ADD COLUMN up_loss_sum REAL NOT NULL DEFAULT 0;
ALTER TABLE rollups_1h ADD COLUMN up_latency_hist BLOB;

CREATE TABLE rollups_1d (
  link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t               INTEGER NOT NULL,   -- UTC day start, a multiple of 86400
  samples         INTEGER NOT NULL DEFAULT 0,
  up_latency_n    INTEGER NOT NULL DEFAULT 0,
  up_latency_sum  REAL NOT NULL DEFAULT 0,
  up_loss_n       INTEGER NOT NULL DEFAULT 0,
  up_loss_sum     REAL NOT NULL DEFAULT 0,
  up_latency_hist BLOB,
  slots           BLOB,               -- the day's 288 5-minute slots' rate sums
  PRIMARY KEY (link_id, t),
  CONSTRAINT rollup_1d_slot CHECK (t % 86400 = 0)
) WITHOUT ROWID;

-- The windows of a link are its own, its router's and the global ones: with this index each of
-- the three is a lookup (MaintenanceRepository::for_link, once per link and month).
CREATE INDEX maintenance_scope ON maintenance (scope, start_t);

DELETE FROM rollups_5m WHERE EXISTS (SELECT 1 FROM samples s WHERE s.link_id = rollups_5m.link_id
  AND s.t >= rollups_5m.t AND s.t < rollups_5m.t + 300);
DELETE FROM rollups_1h WHERE EXISTS (SELECT 1 FROM samples s WHERE s.link_id = rollups_1h.link_id
  AND s.t >= rollups_1h.t AND s.t < rollups_1h.t + 3600);
INSERT INTO rollups_5m (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n,
  tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n,
  up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist)
SELECT link_id, t - ((t % 300) + 300) % 300 AS slot, count(*), sum(state = 'up'),
  sum(state = 'down'), count(rx_bps), total(rx_bps), max(rx_bps), count(tx_bps), total(tx_bps),
  max(tx_bps), count(latency_avg_ms), total(latency_avg_ms),
  max(COALESCE(latency_max_ms, latency_avg_ms)), count(loss_pct), total(loss_pct),
  count(CASE WHEN state = 'up' THEN latency_avg_ms END),
  total(CASE WHEN state = 'up' THEN latency_avg_ms END),
  count(CASE WHEN state = 'up' THEN loss_pct END), total(CASE WHEN state = 'up' THEN loss_pct END),
  ill_hist(CASE WHEN state = 'up' THEN latency_avg_ms END)
FROM samples GROUP BY link_id, slot;
INSERT INTO rollups_1h (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n,
  tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n,
  up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist)
SELECT link_id, t - ((t % 3600) + 3600) % 3600 AS hour, count(*), sum(state = 'up'),
  sum(state = 'down'), count(rx_bps), total(rx_bps), max(rx_bps), count(tx_bps), total(tx_bps),
  max(tx_bps), count(latency_avg_ms), total(latency_avg_ms),
  max(COALESCE(latency_max_ms, latency_avg_ms)), count(loss_pct), total(loss_pct),
  count(CASE WHEN state = 'up' THEN latency_avg_ms END),
  total(CASE WHEN state = 'up' THEN latency_avg_ms END),
  count(CASE WHEN state = 'up' THEN loss_pct END), total(CASE WHEN state = 'up' THEN loss_pct END),
  ill_hist(CASE WHEN state = 'up' THEN latency_avg_ms END)
FROM samples GROUP BY link_id, hour;
INSERT INTO rollups_1d (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, up_loss_sum,
  up_latency_hist, slots)
SELECT link_id, t - ((t % 86400) + 86400) % 86400 AS day, count(*),
  count(CASE WHEN state = 'up' THEN latency_avg_ms END),
  total(CASE WHEN state = 'up' THEN latency_avg_ms END),
  count(CASE WHEN state = 'up' THEN loss_pct END), total(CASE WHEN state = 'up' THEN loss_pct END),
  ill_hist(CASE WHEN state = 'up' THEN latency_avg_ms END), ill_slots(t, rx_bps, tx_bps)
FROM samples GROUP BY link_id, day;
)sql";

// Version 3: deliveries. Secrets of the delivery channels (sealed like router passwords); the
// alert state of each watched subject (a link, a router, a link's month budget) so that illd
// raises one alert per change of state across restarts; the outbox, one row per alert, channel
// and recipient, inserted in the writer's transaction with the state change that caused it and
// marked sent only after the channel accepted it (notify/outbox_sender.hpp); and the deliveries
// of monthly reports by e-mail, one row per client, month and recipient.
constexpr const char* k_schema_v3 = R"sql(
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

// Version 4: the client portal's security state (portal/). Sessions and API tokens are kept
// only as the SHA-256 of their 256-bit random token, so a copy of the database opens no
// session. The login log is append-only; the throttle holds failed logins per user name (known
// or not, so it tells nothing about which names exist) and per address. And the seed's Grafana
// dashboard UID of a link, which the link page may link to.
constexpr const char* k_schema_v4 = R"sql(
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

// Version 5: the report history: every document `illctl report` generated, with its bytes, so
// the portal can serve (and a dispute can check) exactly what the client was given.
constexpr const char* k_schema_v5 = R"sql(
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

// Version 6: the SSH transport's own settings: the router's SSH port and user when they differ
// from the defaults (22, the API user), and the sealed passphrase of its key file. The inventory
// generation follows them too.
constexpr const char* k_schema_v6 = R"sql(
ALTER TABLE routers ADD COLUMN ssh_port INTEGER
  CONSTRAINT router_ssh_port CHECK (ssh_port IS NULL OR ssh_port BETWEEN 1 AND 65535);
ALTER TABLE routers ADD COLUMN ssh_user TEXT;
ALTER TABLE routers ADD COLUMN ssh_secret BLOB;  -- nonce || secretbox(key passphrase)
DROP TRIGGER routers_update_gen;
CREATE TRIGGER routers_update_gen AFTER UPDATE OF name, host, port, transport, username, secret,
  tls_verify, ca_file, ssh_key_file, ssh_jump_host, location, active, poll_interval_s, ssh_port,
  ssh_user, ssh_secret ON routers BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
)sql";

// Version 7: the portal's second factor, invitations and disabled clients. A TOTP secret is
// kept sealed by SecretBox (like router passwords); `confirmed_at` is NULL while an enrolment
// from the account page waits for its first code; `last_step` is the last time step a code was
// accepted for, so a code works once. Recovery codes, half-finished sign-ins (password right,
// code still to come) and invitations are kept as the SHA-256 of their random text only. The
// login log learns the outcomes of the second step; SQLite cannot change a CHECK, so the table
// is rebuilt with its rows, index and trigger.
constexpr const char* k_schema_v7 = R"sql(
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

// Version 8: a smaller store (issue #12). A closed UTC day's 5-minute data is kept once, in its
// rollups_1d row: the traffic in `slots` (now compact, store/day_codec.hpp), the rest in the new
// `detail` blob; rollups_5m keeps rows only for days not packed yet (RollupRepository::
// pack_before), and rollups_1h only for those and for days whose day row has expired (a packed
// day's hours are the sums of its slots; they are written as rows when the day row expires).
// Samples keep the milliseconds of their poll time past `t` (`ms`), so a rate resumed after a
// restart uses the same precise time as a live one, and their state as an integer (1 up, 0 down, 2
// unknown: SQLite stores 0 and 1 in no bytes), and their latencies in whole microseconds. Days that
// ended more than an hour ago are packed here; the daemon packs the rest as they close.
constexpr const char* k_schema_v8 = R"sql(
-- A day row is several kilobytes: in a WITHOUT ROWID table (an index b-tree) SQLite keeps at most
-- about 1 KB of a row in its page and spills the rest to overflow pages that are mostly empty; a
-- rowid table fills them.
CREATE TABLE rollups_1d_v8 (
  link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t               INTEGER NOT NULL,   -- UTC day start, a multiple of 86400
  samples         INTEGER NOT NULL DEFAULT 0,
  up_latency_n    INTEGER NOT NULL DEFAULT 0,
  up_latency_sum  REAL NOT NULL DEFAULT 0,
  up_loss_n       INTEGER NOT NULL DEFAULT 0,
  up_loss_sum     REAL NOT NULL DEFAULT 0,
  up_latency_hist BLOB,
  slots           BLOB,               -- the day's 288 5-minute slots' rate counts and sums
  detail          BLOB,               -- closed days: the rest of the 5-minute rollups; NULL: in rollups_5m
  CONSTRAINT rollup_1d_key UNIQUE (link_id, t),
  CONSTRAINT rollup_1d_slot CHECK (t % 86400 = 0)
);
INSERT INTO rollups_1d_v8 (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n,
  up_loss_sum, up_latency_hist, slots, detail)
SELECT link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, up_loss_sum,
  up_latency_hist, ill_slots_v8(slots),
  CASE WHEN t + 86400 <= CAST(strftime('%s', 'now') AS INTEGER) - 3600 THEN
    (SELECT ill_pack(NULL, r.t, r.samples, r.up_samples, r.down_samples, r.latency_n,
       r.latency_sum, r.latency_max, r.loss_n, r.loss_sum, r.up_latency_n, r.up_latency_sum,
       r.up_loss_n, r.up_loss_sum, r.up_latency_hist, r.rx_max, r.tx_max)
     FROM rollups_5m r WHERE r.link_id = d.link_id AND r.t >= d.t AND r.t < d.t + 86400)
  END
FROM rollups_1d d ORDER BY link_id, t;
DROP TABLE rollups_1d;
ALTER TABLE rollups_1d_v8 RENAME TO rollups_1d;
-- A packed day's 5-minute rows are in its day row now, and its hours are their sums.
DELETE FROM rollups_5m WHERE EXISTS (SELECT 1 FROM rollups_1d d WHERE d.link_id = rollups_5m.link_id
  AND d.t = rollups_5m.t - ((rollups_5m.t % 86400) + 86400) % 86400 AND d.detail IS NOT NULL);
DELETE FROM rollups_1h WHERE EXISTS (SELECT 1 FROM rollups_1d d WHERE d.link_id = rollups_1h.link_id
  AND d.t = rollups_1h.t - ((rollups_1h.t % 86400) + 86400) % 86400 AND d.detail IS NOT NULL);

CREATE TABLE samples_v8 (
  link_id        INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t              INTEGER NOT NULL,  -- the poll's whole second
  state          INTEGER NOT NULL,  -- the observation: 1 up, 0 down, 2 unknown
  running        INTEGER,           -- interface running, NULL when not read
  rx_bps         REAL,              -- NULL when no rate (first poll, counter reset)
  tx_bps         REAL,
  rx_bytes       INTEGER,
  tx_bytes       INTEGER,
  rx_errors      INTEGER,
  tx_errors      INTEGER,
  latency_min_us INTEGER,           -- probe round trips, in whole microseconds (as RouterOS
  latency_avg_us INTEGER,           -- reports them): 2 or 3 bytes instead of a REAL's 8
  latency_max_us INTEGER,
  loss_pct       REAL,
  ms             INTEGER NOT NULL DEFAULT 0,  -- milliseconds past t of the poll
  PRIMARY KEY (link_id, t),
  CONSTRAINT sample_state CHECK (state IN (0, 1, 2)),
  CONSTRAINT sample_running CHECK (running IS NULL OR running IN (0, 1)),
  CONSTRAINT sample_rates CHECK ((rx_bps IS NULL OR rx_bps >= 0) AND (tx_bps IS NULL OR tx_bps >= 0)),
  CONSTRAINT sample_loss CHECK (loss_pct IS NULL OR loss_pct BETWEEN 0 AND 100),
  CONSTRAINT sample_ms CHECK (ms BETWEEN 0 AND 999)
) WITHOUT ROWID;
INSERT INTO samples_v8 (link_id, t, state, running, rx_bps, tx_bps, rx_bytes, tx_bytes, rx_errors,
  tx_errors, latency_min_us, latency_avg_us, latency_max_us, loss_pct)
SELECT link_id, t, CASE state WHEN 'up' THEN 1 WHEN 'down' THEN 0 ELSE 2 END, running, rx_bps,
  tx_bps, rx_bytes, tx_bytes, rx_errors, tx_errors, CAST(round(latency_min_ms * 1000) AS INTEGER),
  CAST(round(latency_avg_ms * 1000) AS INTEGER), CAST(round(latency_max_ms * 1000) AS INTEGER),
  loss_pct
FROM samples;
DROP TABLE samples;
ALTER TABLE samples_v8 RENAME TO samples;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "initial schema", k_schema_v1},
      {2, "rollups for the SLA figures: up-only latency and loss, daily 5-minute slots",
       k_schema_v2},
      {3, "deliveries: channel secrets, alert state, the alert outbox, report deliveries",
       k_schema_v3},
      {4, "client portal: sessions, API tokens, login log, login throttle; Grafana UIDs",
       k_schema_v4},
      {5, "report history: each generated document and its bytes", k_schema_v5},
      {6, "ssh transport: the router's SSH port, user and key passphrase", k_schema_v6},
      {7, "portal: TOTP second factor, recovery codes, invitations, disabled clients", k_schema_v7},
      {8, "smaller store: closed days' 5-minute rollups packed, sample times to the millisecond",
       k_schema_v8},
  };
  return all;
}

}  // namespace ill::store
