#!/usr/bin/env bash
# ill-sim at benchmark scale: N routers (default 2,000) on 127.1.x.y:8728, each with 5
# interfaces. Reports start-up time, ill-sim's memory and CPU, and the time for one client
# (python3-librouteros) to open N sessions at once (connect + login + one /interface/print each).
#
# Usage: tests/bench/bench_sim_fleet.sh [--sim PATH] [--routers N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sim="$root/build/tests/sim/ill-sim"
routers=2000
while (($#)); do
  case $1 in
    --sim) sim=$2; shift 2 ;;
    --routers) routers=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench_sim_fleet: unknown argument $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
cat >"$work/fleet.toml" <<TOML
[[fleet]]
count = $routers
name = "edge{n}"
first_address = "127.1.0.1"
port = 8728
user = "bench"
password = "bench"
  [[fleet.interface]]
  name = "ether1"
  rx_rate = "900M"
  tx_rate = "300M"
  variation = 0.3
  [[fleet.interface]]
  name = "ether2"
  rx_rate = "50M"
    [[fleet.interface.down]]
    every = "1h"
    for = "2m"
  [[fleet.interface]]
  name = "vlan101"
  type = "vlan"
  rx_rate = "90M"
  [[fleet.interface]]
  name = "vlan102"
  type = "vlan"
  [[fleet.interface]]
  name = "bridge1"
  type = "bridge"
  [[fleet.ping]]
  address = "10.0.0.1"
  latency_ms = 3
TOML
ulimit -n "$(ulimit -Hn)"
start=$(date +%s.%N)
coproc SIM { exec "$sim" serve --config "$work/fleet.toml"; }
trap 'echo quit >&"${SIM[1]}" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
n=0
while IFS= read -r -t 60 line <&"${SIM[0]}"; do
  [[ $line == ready ]] && break
  echo "$line" >>"$work/ready.jsonl"
  n=$((n + 1))
done
ready=$(date +%s.%N)
printf 'routers ready:        %d in %.2f s\n' "$n" "$(echo "$ready - $start" | bc)"
grep VmRSS "/proc/$SIM_PID/status" | awk '{printf "ill-sim RSS idle:     %.1f MiB\n", $2 / 1024}'
/usr/bin/python3 - "$work/ready.jsonl" <<'PY'
import json, resource, sys, time
from librouteros import connect
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
routers = [json.loads(l) for l in open(sys.argv[1])]
start = time.perf_counter()
sessions, rows = [], 0
for r in routers:
    api = connect(host=r["address"], port=r["port"], username="bench", password="bench", timeout=10)
    rows += len(tuple(api("/interface/print")))
    sessions.append(api)
elapsed = time.perf_counter() - start
print(f"sessions open:        {len(sessions)} (login + print each) in {elapsed:.2f} s, {rows} rows")
start = time.perf_counter()
for api in sessions:
    rows += len(tuple(api("/interface/print")))
print(f"one poll round:       {len(sessions)} prints in {time.perf_counter() - start:.2f} s")
PY
grep VmRSS "/proc/$SIM_PID/status" | awk '{printf "ill-sim RSS busy:     %.1f MiB\n", $2 / 1024}'
awk '{printf "ill-sim CPU so far:   %.2f s\n", ($14 + $15) / 100}' "/proc/$SIM_PID/stat"
