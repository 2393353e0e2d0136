#!/usr/bin/env bash
# illd polling a fleet: ill-sim serves N routers (default 2,000) on 127.1.x.y:8728 with 5 links
# each (every link has a probe target its router answers; one link of the last router goes down
# every 5 intervals for 2), `illctl init` + `illctl import` load the inventory, and illd polls it
# for CYCLES intervals. Reports illd's CPU (% of one core, from /proc/PID/stat over wall time,
# after the first cycle), peak RSS (VmHWM), the largest illd_cycle_lag_seconds scraped from
# /metrics (or from illd's heartbeat via `illctl status` while /metrics lacks it), database
# growth (db + wal) per link per day, and ill-sim's CPU for reference. A few routers are made
# hostile (--faulty). ill-sim is split over several processes when its descriptor limit needs
# it (two descriptors a router).
#
# Usage: tests/bench/bench_illd_fleet.sh [--routers N] [--cycles C] [--interval S | --interval-ms MS]
#                                        [--scrape S] [--faulty K] [--sim PATH] [--illd PATH]
#                                        [--illctl PATH] [--keep]
#   --routers      routers to simulate (default 2000; 5 links each)
#   --cycles       poll intervals to measure, after the first one (default 5)
#   --interval     poll.interval_s, 10..300 (default 60)
#   --interval-ms  shorter intervals for tests (1000..300000, whole seconds): passed to illd as
#                  ILLD_POLL_INTERVAL_MS
#   --scrape       seconds between two scrapes of /metrics (default 5)
#   --faulty       routers made hostile (default 4): alternately stalled and sending garbage
#   --keep         keep the work directory (config, database, logs) and print its path
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build"
sim="$build/tests/sim/ill-sim"
illd="$build/daemon/illd"
illctl="$build/cli/illctl"
routers=2000
cycles=5
interval_s=60
interval_ms=""
interval_env=""
scrape_s=5
keep=0
faulty=4
while (($#)); do
  case $1 in
    --routers) routers=$2; shift 2 ;;
    --cycles) cycles=$2; shift 2 ;;
    --interval) interval_s=$2; shift 2 ;;
    --interval-ms) interval_ms=$2; interval_env=1; shift 2 ;;
    --scrape) scrape_s=$2; shift 2 ;;
    --sim) sim=$2; shift 2 ;;
    --illd) illd=$2; shift 2 ;;
    --illctl) illctl=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --faulty) faulty=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "bench_illd_fleet: unknown argument $1" >&2; exit 2 ;;
  esac
done

die() { echo "bench_illd_fleet: $*" >&2; exit 1; }
for bin in "$sim" "$illd" "$illctl"; do
  [[ -x $bin ]] || die "no executable at $bin (build it: cmake --build build --target ill-sim illd illctl)"
done
for tool in curl /usr/bin/python3 getconf awk; do
  command -v "$tool" >/dev/null || die "$tool is needed and was not found"
done
[[ $routers =~ ^[0-9]+$ && $routers -ge 1 ]] || die "--routers must be a positive integer"
[[ $cycles =~ ^[0-9]+$ && $cycles -ge 1 ]] || die "--cycles must be a positive integer"
if [[ -n $interval_ms ]]; then
  # illd takes 1000..300000 and rounds to whole seconds.
  [[ $interval_ms =~ ^[0-9]+$ && $interval_ms -ge 1000 && $interval_ms -le 300000 ]] ||
    die "--interval-ms must be 1000..300000"
  # The configuration still needs a valid interval; ILLD_POLL_INTERVAL_MS overrides it.
  interval_s=$(((interval_ms + 999) / 1000))
  ((interval_s < 10)) && interval_s=10
  ((interval_s > 300)) && interval_s=300
else
  [[ $interval_s =~ ^[0-9]+$ && $interval_s -ge 10 && $interval_s -le 300 ]] ||
    die "--interval must be 10..300 seconds"
  interval_ms=$((interval_s * 1000))
fi
interval=$(awk -v ms="$interval_ms" 'BEGIN { printf "%g", ms / 1000 }')
links=$((routers * 5))
# Three probes per target and poll, 1 s apart (the default), squeezed into a third of shorter
# intervals so that a poll still ends before the next one is due.
ping_interval_ms=$((interval_ms / 9 < 1000 ? interval_ms / 9 : 1000))
clk_tck=$(getconf CLK_TCK)

work=$(mktemp -d "${TMPDIR:-/tmp}/ill-bench-illd-XXXXXX")
sim_pids=() sim_fds=() illd_pid=""
cleanup() {
  local rc=$?
  if [[ -n $illd_pid ]] && kill -0 "$illd_pid" 2>/dev/null; then
    kill -TERM "$illd_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$illd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$illd_pid" 2>/dev/null || true
    wait "$illd_pid" 2>/dev/null || true
  fi
  local k
  for k in "${!sim_pids[@]}"; do
    echo quit >&"${sim_fds[$k]}" 2>/dev/null || kill -TERM "${sim_pids[$k]}" 2>/dev/null || true
  done
  for k in "${!sim_pids[@]}"; do wait "${sim_pids[$k]}" 2>/dev/null || true; done
  if ((keep)); then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- ill-sim: routers 1..N-1 from a template, router N the same plus a flapping ether2 --------
iface_and_ping_tables() {  # $1: fleet | router
  local t=$1
  cat <<TOML
  [[$t.interface]]
  name = "ether1"
  rx_rate = "900M"
  tx_rate = "300M"
  variation = 0.3
  [[$t.interface]]
  name = "ether2"
  rx_rate = "50M"
  tx_rate = "20M"
$( [[ $t == router ]] && printf '    [[router.interface.down]]\n    every = "%sms"\n    for = "%sms"\n' \
    $((interval_ms * 5)) $((interval_ms * 2)) )
  [[$t.interface]]
  name = "vlan101"
  type = "vlan"
  rx_rate = "90M"
  [[$t.interface]]
  name = "vlan102"
  type = "vlan"
  rx_rate = "20M"
  [[$t.interface]]
  name = "sfp1"
  rx_rate = "1G"
TOML
  local i=1
  for via in ether1 ether2 vlan101 vlan102 sfp1; do
    printf '  [[%s.ping]]\n  address = "10.0.%d.1"\n  latency_ms = %d\n  jitter_ms = 1\n  via = "%s"\n' \
      "$t" "$i" $((2 + i)) "$via"
    i=$((i + 1))
  done
}
# One ill-sim holds two descriptors a router (its listener and illd's connection) and cannot
# raise its hard limit, which at 20,000 left the last few of 10,000 routers unreachable: the
# fleet is split over as many simulators as that needs, numbered as one fleet.
address_of() { echo "127.1.$(($1 / 256)).$(($1 % 256))"; }
per_shard=$((($(ulimit -Hn) - 256) / 2))
((per_shard >= 1)) || die "the descriptor limit ($(ulimit -Hn)) is too low for ill-sim"
shards=$(((routers + per_shard - 1) / per_shard))
for ((k = 0; k < shards; k++)); do
  first=$((k * per_shard + 1))
  last=$(((k + 1) * per_shard < routers ? (k + 1) * per_shard : routers))
  {
    # Routers first..last, the fleet's last one (router N) on its own with a flapping ether2.
    fleet_last=$((last == routers ? routers - 1 : last))
    if ((fleet_last >= first)); then
      cat <<TOML
[[fleet]]
count = $((fleet_last - first + 1))
first_number = $first
name = "edge{n}"
first_address = "$(address_of "$first")"
port = 8728
user = "bench"
password = "bench"
TOML
      iface_and_ping_tables fleet
    fi
    if ((last == routers)); then
      cat <<TOML
[[router]]
name = "edge$routers"
address = "$(address_of "$routers")"
port = 8728
user = "bench"
password = "bench"
TOML
      iface_and_ping_tables router
    fi
  } >"$work/fleet$k.toml"
  "$sim" check --config "$work/fleet$k.toml" >/dev/null || die "ill-sim refused $work/fleet$k.toml"
done

ulimit -n "$(ulimit -Hn)"
for ((k = 0; k < shards; k++)); do
  mkfifo "$work/sim$k.in"
  "$sim" serve --config "$work/fleet$k.toml" <"$work/sim$k.in" >"$work/sim$k.out" \
    2>"$work/sim$k.log" &
  sim_pids[k]=$!
  exec {fd}>"$work/sim$k.in"  # ill-sim runs until this closes or says quit
  sim_fds[k]=$fd
done
: >"$work/ready.jsonl"
for ((k = 0; k < shards; k++)); do
  for _ in $(seq 600); do
    grep -qx ready "$work/sim$k.out" && break
    kill -0 "${sim_pids[k]}" 2>/dev/null || die "ill-sim $k exited (see $work/sim$k.log)"
    sleep 0.1
  done
  grep -qx ready "$work/sim$k.out" || die "ill-sim $k was not ready within 60 s"
  grep -vx ready "$work/sim$k.out" >>"$work/ready.jsonl"
done
n=$(wc -l <"$work/ready.jsonl")
((n == routers)) || die "ill-sim announced $n routers of $routers (see $work/sim*.log)"
echo "ill-sim: $routers routers in $shards process(es) of at most $per_shard" >&2
# A few hostile routers: alternately stalled (accepts, never answers) and garbage-sending. They
# must cost illd nothing but their own deadlines, and are expected unreachable at the end.
faulty_names=()
for ((i = 1; i <= faulty && i * 7 < routers; i++)); do
  r=$((i * 7))
  kind=$((i % 2 ? 1 : 0))
  kind=$([[ $kind == 1 ]] && echo stall || echo garbage)
  echo "fault edge$r $kind" >&"${sim_fds[$(((r - 1) / per_shard))]}"
  faulty_names+=("edge$r:$kind")
done
((${#faulty_names[@]} == 0)) || echo "hostile routers: ${faulty_names[*]}" >&2

# --- inventory: illctl init + import -------------------------------------------------------
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/illd.conf" <<TOML
db = "$work/ill.db"
key_file = "$work/ill.key"
[poll]
interval_s = $interval_s
ping_count = 3
ping_interval_ms = $ping_interval_ms
[http]
listen = "127.0.0.1:$port"
[portal]
enabled = false
TOML
/usr/bin/python3 - "$work/ready.jsonl" >"$work/inventory.csv" <<'PY'
import json, sys
routers = [json.loads(l) for l in open(sys.argv[1])]
print("[routers]\nname,host,port,transport,user")
for r in routers:
    print(f'{r["router"]},{r["address"]},{r["port"]},api,bench')
clients = 50
print("[clients]\nname")
for c in range(1, clients + 1):
    print(f"client{c:02}")
print("[links]\nname,client,router,interface,committed_mbps,probe_target")
k = 0
for r in routers:
    for i, iface in enumerate(["ether1", "ether2", "vlan101", "vlan102", "sfp1"], start=1):
        print(f'{r["router"]}-{iface},client{k % clients + 1:02},{r["router"]},{iface},100,10.0.{i}.1')
        k += 1
PY
export ILL_CONFIG="$work/illd.conf"
unset ILL_DB ILL_KEY_FILE ILL_HTTP_LISTEN ILL_LOG_LEVEL
"$illctl" init >/dev/null || die "illctl init failed"
echo bench | "$illctl" import --password-stdin "$work/inventory.csv" >"$work/import.log" ||
  die "illctl import failed (see $work/import.log)"

# Pre-flight, with the daemon's own collection code: the last router answers with the stored
# password, has its five interfaces, and its probe targets reply.
"$illctl" --json poll "edge$routers" --count 1 >"$work/preflight.json" ||
  die "illctl poll edge$routers failed: the inventory does not match ill-sim"
/usr/bin/python3 - "$work/preflight.json" <<'PY' || die "preflight poll of edge$routers looks wrong"
import json, sys
poll = json.load(open(sys.argv[1]))
names = sorted(i["name"] for i in poll["interfaces"])
assert names == sorted(["ether1", "ether2", "vlan101", "vlan102", "sfp1"]), names
assert poll["ping"] is not None and poll["ping"]["received"] >= 1, poll["ping"]
PY

db_bytes() {  # the database and its WAL (absent while no connection is open)
  local total=0 f
  for f in "$work/ill.db" "$work/ill.db-wal"; do
    [[ -f $f ]] && total=$((total + $(stat -c %s "$f")))
  done
  echo "$total"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
sim_ticks() {  # every shard together
  local total=0 pid
  for pid in "${sim_pids[@]}"; do total=$((total + $(cpu_ticks "$pid"))); done
  echo "$total"
}
now() { date +%s.%N; }
size_before=$(db_bytes)

# --- illd ---------------------------------------------------------------------------------
started=$(now)
# env execs illd, so $! is illd's own pid.
env ${interval_env:+ILLD_POLL_INTERVAL_MS=$interval_ms} "$illd" -c "$work/illd.conf" \
  >"$work/illd.log" 2>&1 &
illd_pid=$!
metrics_url="http://127.0.0.1:$port/metrics"
for _ in $(seq 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$illd_pid" 2>/dev/null || { cat "$work/illd.log" >&2; die "illd exited during start-up"; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || die "illd did not answer /healthz within 30 s"
ready_s=$(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')

# The cycle lag: illd_cycle_lag_seconds from /metrics, or else the heartbeat illd writes with
# every batch (illctl status), which holds the same figure.
max_lag=""
lag_source=""
scrape() {
  local v source=metrics
  v=$(curl -fsS --max-time 5 "$metrics_url" 2>/dev/null |
      awk '$1 ~ /^illd_cycle_lag_seconds({|$)/ { print $NF; exit }') || true
  if [[ -z $v ]]; then
    source=heartbeat
    v=$("$illctl" --json status 2>/dev/null | /usr/bin/python3 -c \
        'import json, sys; d = json.load(sys.stdin)["daemon"]; print(d.get("cycle_lag_s", ""))') || true
  fi
  [[ -z $v ]] && return 0
  [[ $lag_source == metrics ]] || lag_source=$source
  max_lag=$(awk -v a="${max_lag:-0}" -v b="$v" 'BEGIN { print (b > a ? b : a) }')
}
# Scrapes every --scrape seconds until `until` (seconds since the epoch); fails when illd exits.
run_until() {
  local until=$1
  while awk -v a="$(now)" -v b="$until" 'BEGIN { exit !(a < b) }'; do
    kill -0 "$illd_pid" 2>/dev/null || { tail -20 "$work/illd.log" >&2; die "illd exited during the run"; }
    scrape
    local left
    left=$(awk -v a="$(now)" -v b="$until" -v s="$scrape_s" 'BEGIN { d = b - a; print (d < s ? (d > 0 ? d : 0) : s) }')
    sleep "$left"
  done
}

echo "illd ready in ${ready_s} s; the first cycle (${interval} s) is not measured, then $cycles" \
  "cycle(s) are" >&2
run_until "$(awk -v a="$started" -v i="$interval" 'BEGIN { printf "%.3f", a + i }')"
t0=$(now) illd0=$(cpu_ticks "$illd_pid") sim0=$(sim_ticks) size0=$(db_bytes)
run_until "$(awk -v a="$t0" -v i="$interval" -v c="$cycles" 'BEGIN { printf "%.3f", a + i * c }')"
scrape
t1=$(now) illd1=$(cpu_ticks "$illd_pid") sim1=$(sim_ticks) size1=$(db_bytes)
illd_hwm=$(awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$illd_pid/status")
sim_hwm=0
for pid in "${sim_pids[@]}"; do
  sim_hwm=$(awk -v t="$sim_hwm" '/^VmHWM/ { printf "%.1f", t + $2 / 1024 }' "/proc/$pid/status")
done
status_lines=$("$illctl" status 2>&1 | head -3) || true

# A clean stop checkpoints the WAL into the database: the settled size over the whole run.
kill -TERM "$illd_pid"
stop_start=$(now)
for _ in $(seq 100); do kill -0 "$illd_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$illd_pid" 2>/dev/null && die "illd still runs 10 s after SIGTERM"
wait "$illd_pid" || true
stop_s=$(awk -v a="$stop_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
illd_pid=""
size_after=$(db_bytes)
samples=$(/usr/bin/python3 -c 'import sqlite3, sys
print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT count(*) FROM samples").fetchone()[0])' \
  "$work/ill.db")
total_s=$(awk -v a="$started" -v b="$stop_start" 'BEGIN { print b - a }')

awk -v routers="$routers" -v links="$links" -v interval="$interval" -v cycles="$cycles" \
    -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v tck="$clk_tck" \
    -v illd_cpu="$((illd1 - illd0))" -v sim_cpu="$((sim1 - sim0))" \
    -v illd_hwm="$illd_hwm" -v sim_hwm="$sim_hwm" -v lag="${max_lag:-}" -v lag_source="$lag_source" \
    -v size0="$size0" -v size1="$size1" -v before="$size_before" -v after="$size_after" \
    -v total="$total_s" -v ready="$ready_s" -v stop="$stop_s" -v samples="$samples" \
    -v cpus="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
function per_link_day(bytes, seconds) { return seconds > 0 ? bytes / links / seconds * 86400 : 0 }
BEGIN {
  printf "\nilld fleet benchmark: %d routers, %d links, interval %s s, %d measured cycles (%.0f s)\n",
         routers, links, interval, cycles, wall
  printf "host: %s CPUs, load average %s at the end\n", cpus, load
  printf "%-44s %s\n", "figure", "value"
  printf "%-44s %s\n", "--------------------------------------------", "-------------"
  printf "%-44s %.2f s\n", "illd start-up to /healthz", ready
  printf "%-44s %.2f %%\n", "illd CPU, % of one core (after 1st cycle)", illd_cpu / tck / wall * 100
  printf "%-44s %s MiB\n", "illd peak RSS (VmHWM)", illd_hwm
  printf "%-44s %s\n", "illd max cycle lag (whole run)",
         lag_source == "" ? "not seen" : lag " s (from the " lag_source ")"
  printf "%-44s %.0f B\n", "db + wal growth, measured cycles", size1 - size0
  printf "%-44s %.1f kB\n", "  per link per day (db + wal)", per_link_day(size1 - size0, wall) / 1e3
  printf "%-44s %.1f kB\n", "  per link per day (checkpointed, whole run)", per_link_day(after - before, total) / 1e3
  printf "%-44s %d\n", "samples written (whole run)", samples
  if (samples > 0) {
    printf "%-44s %.0f B\n", "  store bytes per sample (checkpointed)", (after - before) / samples
    printf "%-44s %.1f kB\n", "  per link per day at this interval", (after - before) / samples * 86400 / interval / 1e3
  }
  printf "%-44s %s s\n", "illd stop after SIGTERM", stop
  printf "%-44s %.2f %%\n", "ill-sim CPU, % of one core (reference)", sim_cpu / tck / wall * 100
  printf "%-44s %s MiB\n", "ill-sim peak RSS (reference)", sim_hwm
}'
echo
echo "illctl status at the end of the run:"
echo "$status_lines" | sed 's/^/  /'
if ((size_after <= size_before)); then
  echo
  echo "note: the database did not grow: this illd wrote no samples, so the CPU, memory and" \
       "growth figures above are not those of a polling daemon." >&2
fi
