#!/usr/bin/env bash
# Installs the build into a scratch root with prefix /usr, then checks every installed unit with
# `systemd-analyze verify` and illd.service's exposure with `systemd-analyze security --offline`.
# Works without systemd as PID 1. Usage: check_units.sh BUILD_DIR SCRATCH_DIR MAX_EXPOSURE
set -euo pipefail
build=$1 scratch=$2 max_exposure=$3
rm -rf "$scratch"
mkdir -p "$scratch"
root=$scratch/root
DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null

units=("$root"/usr/lib/systemd/system/*)
[[ -e ${units[0]} ]] || { echo "no unit installed under /usr/lib/systemd/system" >&2; exit 1; }
[[ -f $root/usr/lib/sysusers.d/ill.conf ]] || { echo "sysusers.d/ill.conf not installed" >&2; exit 1; }
grep -q '^u ill ' "$root/usr/lib/sysusers.d/ill.conf" || { echo "sysusers.d/ill.conf creates no user ill" >&2; exit 1; }

# verify resolves ExecStart= against the host, so it runs on copies whose ExecStart= names the
# scratch root's programs; everything else in them is as installed.
mkdir -p "$scratch/units"
for unit in "${units[@]}"; do
  sed "s|=/usr/|=$root/usr/|g" "$unit" > "$scratch/units/$(basename "$unit")"
done
status=0
for unit in "$scratch"/units/*; do
  if ! out=$(systemd-analyze verify --man=no "$unit" 2>&1) || [[ -n $out ]]; then
    echo "systemd-analyze verify $(basename "$unit"):"
    echo "$out"
    status=1
  else
    echo "verify $(basename "$unit"): clean"
  fi
done

# Exposure: 0.0 (locked down) .. 10.0 (unprotected); the test fails above the given ceiling.
report=$(systemd-analyze security --offline=true --threshold="$max_exposure" \
           "$scratch/units/illd.service" 2>&1) || { echo "$report" | grep -v '✓'; status=1; }
echo "$report" | grep 'Overall exposure'
exit $status
