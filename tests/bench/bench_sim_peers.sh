#!/usr/bin/env bash
# The same /interface/print workload (N prints of a 20-interface router, one connection, one
# after another) done by each RouterOS client against the same ill-sim; prints/s for each.
#
# Usage: tests/bench/bench_sim_peers.sh [--sim PATH] [--prints N] [--runs K]
#   --sim     ill-sim binary (default: build/tests/sim/ill-sim)
#   --prints  prints per run (default 1000); --runs: runs per client, best is reported (default 3)
#
# To add a client, add one line to CLIENTS: "label|command"; the command gets
# ADDRESS PORT USER PASSWORD N appended and must print `prints=N rows=R seconds=S`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sim="$root/build/tests/sim/ill-sim"
prints=1000
runs=3
while (($#)); do
  case $1 in
    --sim) sim=$2; shift 2 ;;
    --prints) prints=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench_sim_peers: unknown argument $1" >&2; exit 2 ;;
  esac
done

CLIENTS=(
  "python3-librouteros 3.1.0|/usr/bin/python3 $root/tests/peers/librouteros_bench.py"
  "node-routeros 1.6.9|node $root/tests/peers/node_routeros_bench.js"
)
# ill's own client (built with -DILL_BENCH=ON): the same sequential prints, the prints with 16
# tagged commands in flight, and whole polls (resource + identity + interfaces) as illd runs them.
ill_bench="$(dirname "$sim")/../bench/bench_ill_print"
if [[ -x $ill_bench ]]; then
  CLIENTS+=("ill C++ client, sequential|$ill_bench" "ill C++ client, 16 tagged in flight|run_ill_pipelined"
            "ill C++ client, whole polls|run_ill_poll")
fi
run_ill_pipelined() { "$ill_bench" "$@" pipelined; }
run_ill_poll() { "$ill_bench" "$@" poll; }

[[ -x $sim ]] || { echo "bench_sim_peers: $sim not built" >&2; exit 1; }
coproc SIM { exec "$sim" serve --config "$here/bench_sim.toml"; }
trap 'echo quit >&"${SIM[1]}" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true' EXIT
address="" port=""
while IFS= read -r -t 10 line <&"${SIM[0]}"; do
  [[ $line == ready ]] && break
  address=$(sed -n 's/.*"address":"\([^"]*\)".*/\1/p' <<<"$line")
  port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
done
[[ -n $port ]] || { echo "bench_sim_peers: ill-sim did not start" >&2; exit 1; }

printf '%-28s %10s %10s %12s\n' client prints rows prints/s
for entry in "${CLIENTS[@]}"; do
  label=${entry%%|*}
  cmd=${entry#*|}
  best=0 rows=0
  for ((i = 0; i < runs; ++i)); do
    out=$($cmd "$address" "$port" bench bench "$prints")
    seconds=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$out")
    rows=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$out")
    rate=$(awk -v n="$prints" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
    ((rate > best)) && best=$rate
  done
  printf '%-28s %10s %10s %12s\n' "$label" "$prints" "$rows" "$best"
done
