// Schema version 9. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 9: rollup rows laid out for how they are written and read (issue #12).
// - rollups_5m and rollups_1h become rowid tables with a unique (link_id, t) index. The writer
//   updates the open slot of every link each minute; keyed by (link_id, t) each of those rows sat
//   on a page of its own link, so one batch dirtied (and wrote to the WAL) a page per link and
//   table. In a rowid table rows lie in the order they were created, so the open slots of all
//   links share a few pages; only a new slot's row touches the index.
// - A packed day's `detail` (everything but its traffic) moves to rollups_1d_detail. The SLA
//   figures read a day row's counts, histogram and slots, never its detail, and the two blobs
//   shared their overflow pages, so a cold-cache `sla calculate --all` read both. A day is packed
//   when it has a detail row.
// Rows are copied in the order the readers go (by link, then time).
const char* const k_v9 = R"sql(
CREATE TABLE rollups_5m_v9 (
  link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t               INTEGER NOT NULL,   -- slot start, a multiple of 300
  samples         INTEGER NOT NULL DEFAULT 0,
  up_samples      INTEGER NOT NULL DEFAULT 0,
  down_samples    INTEGER NOT NULL DEFAULT 0,
  rx_n            INTEGER NOT NULL DEFAULT 0,
  rx_sum          REAL NOT NULL DEFAULT 0,
  rx_max          REAL,
  tx_n            INTEGER NOT NULL DEFAULT 0,
  tx_sum          REAL NOT NULL DEFAULT 0,
  tx_max          REAL,
  latency_n       INTEGER NOT NULL DEFAULT 0,
  latency_sum     REAL NOT NULL DEFAULT 0,
  latency_max     REAL,
  loss_n          INTEGER NOT NULL DEFAULT 0,
  loss_sum        REAL NOT NULL DEFAULT 0,
  up_latency_n    INTEGER NOT NULL DEFAULT 0,
  up_latency_sum  REAL NOT NULL DEFAULT 0,
  up_loss_n       INTEGER NOT NULL DEFAULT 0,
  up_loss_sum     REAL NOT NULL DEFAULT 0,
  up_latency_hist BLOB,
  CONSTRAINT rollup_5m_key UNIQUE (link_id, t),
  CONSTRAINT rollup_5m_slot CHECK (t % 300 = 0)
);
INSERT INTO rollups_5m_v9 (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max,
  tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n,
  up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist)
SELECT link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n, tx_sum, tx_max,
  latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n, up_latency_sum, up_loss_n,
  up_loss_sum, up_latency_hist
FROM rollups_5m ORDER BY link_id, t;
DROP TABLE rollups_5m;
ALTER TABLE rollups_5m_v9 RENAME TO rollups_5m;

CREATE TABLE rollups_1h_v9 (
  link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t               INTEGER NOT NULL,   -- slot start, a multiple of 3600
  samples         INTEGER NOT NULL DEFAULT 0,
  up_samples      INTEGER NOT NULL DEFAULT 0,
  down_samples    INTEGER NOT NULL DEFAULT 0,
  rx_n            INTEGER NOT NULL DEFAULT 0,
  rx_sum          REAL NOT NULL DEFAULT 0,
  rx_max          REAL,
  tx_n            INTEGER NOT NULL DEFAULT 0,
  tx_sum          REAL NOT NULL DEFAULT 0,
  tx_max          REAL,
  latency_n       INTEGER NOT NULL DEFAULT 0,
  latency_sum     REAL NOT NULL DEFAULT 0,
  latency_max     REAL,
  loss_n          INTEGER NOT NULL DEFAULT 0,
  loss_sum        REAL NOT NULL DEFAULT 0,
  up_latency_n    INTEGER NOT NULL DEFAULT 0,
  up_latency_sum  REAL NOT NULL DEFAULT 0,
  up_loss_n       INTEGER NOT NULL DEFAULT 0,
  up_loss_sum     REAL NOT NULL DEFAULT 0,
  up_latency_hist BLOB,
  CONSTRAINT rollup_1h_key UNIQUE (link_id, t),
  CONSTRAINT rollup_1h_slot CHECK (t % 3600 = 0)
);
INSERT INTO rollups_1h_v9 (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max,
  tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n,
  up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist)
SELECT link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, rx_max, tx_n, tx_sum, tx_max,
  latency_n, latency_sum, latency_max, loss_n, loss_sum, up_latency_n, up_latency_sum, up_loss_n,
  up_loss_sum, up_latency_hist
FROM rollups_1h ORDER BY link_id, t;
DROP TABLE rollups_1h;
ALTER TABLE rollups_1h_v9 RENAME TO rollups_1h;

CREATE TABLE rollups_1d_detail (
  link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t       INTEGER NOT NULL,   -- UTC day start, as its rollups_1d row
  detail  BLOB NOT NULL,      -- the day's 5-minute rollups but their traffic (store/day_codec.hpp)
  CONSTRAINT rollup_1d_detail_key UNIQUE (link_id, t),
  CONSTRAINT rollup_1d_detail_slot CHECK (t % 86400 = 0)
);
INSERT INTO rollups_1d_detail (link_id, t, detail)
SELECT link_id, t, detail FROM rollups_1d WHERE detail IS NOT NULL ORDER BY link_id, t;

CREATE TABLE rollups_1d_v9 (
  link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  t               INTEGER NOT NULL,   -- UTC day start, a multiple of 86400
  samples         INTEGER NOT NULL DEFAULT 0,
  up_latency_n    INTEGER NOT NULL DEFAULT 0,
  up_latency_sum  REAL NOT NULL DEFAULT 0,
  up_loss_n       INTEGER NOT NULL DEFAULT 0,
  up_loss_sum     REAL NOT NULL DEFAULT 0,
  up_latency_hist BLOB,
  slots           BLOB,   -- the day's 288 slots' traffic; NULL: sum them from rollups_5m
  CONSTRAINT rollup_1d_key UNIQUE (link_id, t),
  CONSTRAINT rollup_1d_slot CHECK (t % 86400 = 0)
);
INSERT INTO rollups_1d_v9 (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n,
  up_loss_sum, up_latency_hist, slots)
SELECT link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, up_loss_sum,
  up_latency_hist, slots
FROM rollups_1d ORDER BY link_id, t;
DROP TABLE rollups_1d;
ALTER TABLE rollups_1d_v9 RENAME TO rollups_1d;
)sql";

}  // namespace ill::store::schema
