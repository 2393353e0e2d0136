// Schema version 8. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 8: a smaller store (issue #12). A closed UTC day's 5-minute data is kept once, in its
// rollups_1d row: the traffic in `slots` (now compact, store/day_codec.hpp), the rest in the new
// `detail` blob; rollups_5m keeps rows only for days not packed yet (RollupRepository::
// pack_before), and rollups_1h only for those and for days whose day row has expired (a packed
// day's hours are the sums of its slots; they are written as rows when the day row expires).
// Samples keep the milliseconds of their poll time past `t` (`ms`), so a rate resumed after a
// restart uses the same precise time as a live one, and their state as an integer (1 up, 0 down, 2
// unknown: SQLite stores 0 and 1 in no bytes), and their latencies in whole microseconds. Days that
// ended more than an hour ago are packed here; the daemon packs the rest as they close.
const char* const k_v8 = R"sql(
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

}  // namespace ill::store::schema
