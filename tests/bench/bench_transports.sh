#!/bin/bash
# CPU time per poll of one router over each transport (api, api-ssl, rest, ssh), and polls per
# second through one SSH connection, against ill-sim and a private sshd on loopback.
# Build Release first (cmake -B build/bench -DCMAKE_BUILD_TYPE=Release -DILL_BENCH=ON, targets
# ill-sim and bench_transports).
# Usage: tests/bench/bench_transports.sh [--build DIR] [--polls N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build/bench"
polls=2000
while (($#)); do
  case $1 in
    --build) build=$2; shift 2 ;;
    --polls) polls=$2; shift 2 ;;
    *) echo "bench_transports: unknown argument $1" >&2; exit 2 ;;
  esac
done
sim="$build/tests/sim/ill-sim"
bench="$build/tests/bench/bench_transports"
[[ -x $sim && -x $bench ]] || { echo "bench_transports: build ill-sim and bench_transports in $build" >&2; exit 1; }

dir=$(mktemp -d)
cleanup() {
  [[ -n ${SSHD_PID-} ]] && kill "$SSHD_PID" 2>/dev/null || true
  echo quit >&"${SIM[1]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

/usr/bin/openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/rest.key" \
  -out "$dir/rest.pem" -days 2 -subj /CN=127.0.0.1 2>/dev/null
for t in api api-ssl; do
  cat >>"$dir/sim.toml" <<TOML
[[router]]
name = "$t"
transport = "$t"
user = "bench"
password = "bench"
rest = $([[ $t == api ]] && echo true || echo false)
cert_file = "$dir/rest.pem"
key_file = "$dir/rest.key"
  [[router.interface]]
  name = "ether1"
  [[router.interface]]
  name = "ether2"
  [[router.interface]]
  name = "vlan10"
  type = "vlan"
TOML
done
coproc SIM { exec "$sim" serve --config "$dir/sim.toml"; }
declare -A port
rest_port=""
while IFS= read -r -t 10 line <&"${SIM[0]}"; do
  [[ $line == ready ]] && break
  name=$(sed -n 's/.*"router":"\([^"]*\)".*/\1/p' <<<"$line")
  port[$name]=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
  r=$(sed -n 's/.*"rest_port":\([0-9]*\).*/\1/p' <<<"$line")
  [[ -n $r ]] && rest_port=$r
done

/usr/bin/ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
/usr/bin/ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
cp "$dir/client_key.pub" "$dir/authorized_keys"
sshd_port=$((20000 + RANDOM % 20000))
cat >"$dir/sshd_config" <<CONF
Port $sshd_port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
PermitOpen 127.0.0.1:${port[api]}
ForceCommand /bin/false
CONF
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>"$dir/sshd.log" &
SSHD_PID=$!
for _ in $(seq 50); do grep -q "Server listening" "$dir/sshd.log" && break; sleep 0.1; done
printf '[127.0.0.1]:%s %s\n' "$sshd_port" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
user=$(id -un)

"$bench" api 127.0.0.1 "${port[api]}" "$polls"
"$bench" api-ssl 127.0.0.1 "${port[api-ssl]}" "$polls"
"$bench" rest 127.0.0.1 "$rest_port" "$((polls / 4))"
"$bench" ssh 127.0.0.1 "${port[api]}" "$polls" 1 "$sshd_port" "$user" "$dir/client_key" "$dir/known_hosts"
"$bench" ssh 127.0.0.1 "${port[api]}" "$polls" 8 "$sshd_port" "$user" "$dir/client_key" "$dir/known_hosts"
"$bench" api 127.0.0.1 "${port[api]}" "$polls" 8
