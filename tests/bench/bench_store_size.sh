#!/usr/bin/env bash
# What one link costs in the store, table by table, and at the default retentions (issue #12).
#   bench_store_size.sh [--illctl PATH] [--days N] [--keep DIR]
# Imports N days (default 31) of one-minute history for one link with `illctl history import`
# (rates, latency and loss as a probe reports them, a few outages), VACUUMs, measures each table
# and index with SQLite's dbstat virtual table (pages used by the b-tree, including its overflow
# pages), and extrapolates per table to the default retentions: raw samples 40 days, 5-minute and
# daily rollups 400 days, hourly rollups and the timeline kept (counted here for 400 days too).
# Since schema version 8 a closed day's 5-minute and hourly rollups are in its rollups_1d row, so
# rollups_5m and rollups_1h hold only the open day: they are counted as measured, not scaled.
# Needs python3 (the generator) and the sqlite3 shell (Debian's has dbstat).
set -euo pipefail

illctl=""
days=31
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
  --illctl) illctl="$2"; shift 2 ;;
  --days) days="$2"; shift 2 ;;
  --keep) keep="$2"; shift 2 ;;
  *) echo "bench_store_size.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "$illctl" ]]; then
  for candidate in "$here/../../build/bench/cli/illctl" "$here/../../build/test/cli/illctl"; do
    [[ -x "$candidate" ]] && illctl="$candidate" && break
  done
fi
[[ -x "$illctl" ]] || { echo "bench_store_size.sh: no illctl (use --illctl PATH)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench_store_size.sh: needs the sqlite3 shell" >&2; exit 2; }

dir="${keep:-$(mktemp -d)}"
mkdir -p "$dir"
[[ -n "$keep" ]] || trap 'rm -rf "$dir"' EXIT
db="$dir/ill.db"
rm -f "$db" "$db-wal" "$db-shm"
export ILL_PWHASH_COST=min
unset ILL_CONFIG
run() { "$illctl" --db "$db" "$@" >/dev/null; }
run init
run router add edge1 --host 127.0.0.1 --port 8729 --transport api-ssl --user monitor \
  --password-stdin <<<"s3cret"
run client add ACME
run link add acme-hq --client ACME --router edge1 --interface ether1 --mbps 100 \
  --probe 198.51.100.7

# Days of one-minute rows ending at the start of today (UTC), seeded so every run is the same.
/usr/bin/python3 - "$days" >"$dir/history.csv" <<'PY'
import datetime, math, random, sys
days = int(sys.argv[1])
rng = random.Random(12)
end = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
t = end - datetime.timedelta(days=days)
print("time,state,rx_bps,tx_bps,latency_ms,loss_pct")
down_until = None
while t < end:
    if down_until is None and rng.random() < 0.0005:
        down_until = t + datetime.timedelta(minutes=rng.randint(2, 40))
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if down_until is not None and t < down_until:
        print(f"{stamp},down,0,0,,100")
    else:
        down_until = None
        hour = t.hour + t.minute / 60
        load = 0.35 + 0.3 * math.sin((hour - 8) / 24 * 2 * math.pi) + rng.uniform(-0.08, 0.08)
        rx = max(0.0, load * 100e6 * rng.uniform(0.9, 1.1))
        tx = rx * rng.uniform(0.15, 0.3)
        latency = 8 + rng.expovariate(1 / 2.5)
        loss = 0 if rng.random() < 0.97 else rng.choice([20, 40])
        print(f"{stamp},up,{rx:.3f},{tx:.3f},{latency:.3f},{loss}")
    t += datetime.timedelta(minutes=1)
PY
run history import --link acme-hq --interval 60 "$dir/history.csv"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
rows=$(sqlite3 "$db" "SELECT count(*) FROM samples")

# Bytes per b-tree (table or index) of the link's data, with the retention each one has.
cat >"$dir/summary.py" <<'PY2'
import sys
days = float(sys.argv[1])
rows = int(sys.argv[2])
# Days kept; 0: the table holds only the days not packed yet (today's), counted as measured.
keep = {"samples": 40, "rollups_5m": 0, "rollups_1d": 400, "rollups_1h": 0, "link_state": 400}
total_now = total_steady = 0
print(f"{rows} one-minute samples over {days:.0f} days, imported and vacuumed")
print("%-28s %10s %9s %5s %10s" % ("b-tree", "bytes", "per day", "kept", "steady MB"))
for line in sys.stdin:
    name, size = line.split()
    size = int(size)
    table = next((t for t in keep if name == t or name.startswith("sqlite_autoindex_" + t)), name)
    kept = keep.get(table, 400)
    steady = size / days * kept if kept else size
    total_now += size
    total_steady += steady
    print("%-28s %10d %9.0f %5d %10.2f" % (name, size, size / days, kept, steady / 1e6))
print("%-28s %10d %9.0f %5s %10.2f" % ("total", total_now, total_now / days, "", total_steady / 1e6))
print("per link at steady state (raw 40 days, day rows and timeline 400 days, open days' 5-minute")
print("and hourly rows as measured): %.2f MB" % (total_steady / 1e6))
PY2
sqlite3 -separator ' ' "$db" "
  SELECT name, sum(pgsize) FROM dbstat WHERE name IN (
    SELECT name FROM sqlite_schema WHERE tbl_name IN
      ('samples', 'rollups_5m', 'rollups_1h', 'rollups_1d', 'link_state'))
  GROUP BY name ORDER BY name" | /usr/bin/python3 "$dir/summary.py" "$days" "$rows"
