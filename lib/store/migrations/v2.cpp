// Schema version 2. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 2: what the SLA figures read from the rollups instead of raw samples
// (rollup_codec.hpp, figures/month_inputs.hpp). In both rollup tables, the latency and loss of
// `up` samples only (sla.md rule 7; the latency and loss columns count every sample) and the up
// latencies counted per 0.1 ms. A daily table with just what the figures need: those, and the
// sums of the day's 288 5-minute slots (rule 8), so a month of one link is about 32 rows. Rollup
// rows whose raw samples are still stored are rebuilt from them; older ones keep their sums and
// have no up-only figures. Uses the SQL functions of rollup_codec.hpp. And an index for the
// global maintenance windows.
const char* const k_v2 = R"sql(
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

}  // namespace ill::store::schema
