#!/usr/bin/env bash
# The portal under wrk: a client of 20 links with DAYS days of one-minute history (history
# import: samples, rollups, timeline), illd serving the portal, and wrk against the dashboard, a
# link page (30-day graphs) and /api/v1/links with a signed-in session.
#
# usage: tests/bench/bench_portal.sh BUILD_DIR [DAYS] [SECONDS] [CONNECTIONS]
# Prints wrk's summary per target and illd's peak RSS. Needs wrk (scripts/setup installs it).
set -euo pipefail
build=${1:?usage: bench_portal.sh BUILD_DIR [DAYS] [SECONDS] [CONNECTIONS]}
days=${2:-30}
seconds=${3:-10}
connections=${4:-100}
illctl=$build/cli/illctl
illd=$build/daemon/illd
work=$(mktemp -d /tmp/ill-bench-portal.XXXXXX)
illd_pid=
cleanup() {
  [[ -n $illd_pid ]] && kill "$illd_pid" 2>/dev/null && wait "$illd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/illd.conf" <<TOML
db = "$work/ill.db"
[http]
listen = "127.0.0.1:0"
[portal]
listen = "127.0.0.1:0"
threads = 2
max_connections = 1024
max_connections_per_address = 1024
TOML
export ILL_CONFIG=$work/illd.conf
"$illctl" init >/dev/null
/usr/bin/python3 - "$work" "$days" <<'PY'
import datetime, math, pathlib, sys
work, days = pathlib.Path(sys.argv[1]), int(sys.argv[2])
inv = ["[routers]", "name,host,port,user", "edge,127.0.0.1,1,bench", "[clients]", "name,timezone",
       "Bench Client,Asia/Kolkata", "[links]", "name,client,router,interface,committed_mbps"]
inv += [f"bench-{i:02},Bench Client,edge,ether{i},100" for i in range(1, 21)]
(work / "inventory.csv").write_text("\n".join(inv) + "\n")
end = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
start = end - datetime.timedelta(days=days)
for i in range(1, 21):
    rows = ["time,state,rx_bps,tx_bps,latency_ms,loss_pct"]
    t, n = start, 0
    while t < end:
        rx = 40e6 + 20e6 * math.sin(n / 300 + i)
        state = "down" if n % 10000 < 5 else "up"
        rows.append(f"{t:%Y-%m-%dT%H:%M:%SZ},{state},{rx:.0f},{rx / 5:.0f},{12 + i % 5},0")
        t += datetime.timedelta(minutes=1)
        n += 1
    (work / f"bench-{i:02}.csv").write_text("\n".join(rows) + "\n")
PY
printf 'x\n' | "$illctl" import --password-stdin "$work/inventory.csv" >/dev/null
for i in $(seq -w 1 20); do
  "$illctl" history import --link "bench-$i" --interval 60 "$work/bench-$i.csv" >/dev/null
done
printf 'bench-password-1\n' | "$illctl" user add bench --client "Bench Client" --password-stdin >/dev/null
echo "store: 20 links x $days days of one-minute samples, $(du -h "$work/ill.db" | cut -f1)"

"$illd" --log-level info 2>"$work/illd.err" &
illd_pid=$!
for _ in $(seq 100); do grep -q "portal listening" "$work/illd.err" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'portal listening on http://[0-9.:]*' "$work/illd.err" | awk '{print $4}')
jar=$work/cookies
curl -s -c "$jar" -b "$jar" "$base/login" >"$work/login.html"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$work/login.html" | cut -d'"' -f4)
curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf=$csrf&username=bench&password=bench-password-1" "$base/login"
cookie="ill_session=$(awk '$6 == "ill_session" {print $7}' "$jar")"
link=$("$illctl" link list --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
for target in / "/links/$link?range=30d" /api/v1/links; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$target")
  echo
  echo "== $target (HTTP $code), wrk -t2 -c$connections -d${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: $cookie" "$base$target" |
    grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors'
done
echo
echo "illd peak RSS: $(grep VmHWM /proc/$illd_pid/status | awk '{print $2, $3}')"
