// Schema version 1. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Times are INTEGER seconds since the Unix epoch (UTC); calendar dates are TEXT 'YYYY-MM-DD'.
// Deleting a link takes its samples, timeline, rollups, annotations and reports with it;
// deleting a client or router that still has links is refused by the foreign keys (the
// repositories say so first, and `--force` removes the links explicitly).
const char* const k_v1 = R"sql(
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

}  // namespace ill::store::schema
