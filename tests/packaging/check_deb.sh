#!/usr/bin/env bash
# Builds the Debian package with CPack from BUILD_DIR, then checks it as an installer would:
# its name and control fields, its contents, its conffile and maintainer scripts, an install into
# a scratch root with dpkg (scripts run there through $DPKG_ROOT), and lintian (no errors).
# Usage: check_deb.sh BUILD_DIR SCRATCH_DIR VERSION
set -euo pipefail
build=$1 scratch=$2 version=$3
rm -rf "$scratch"
mkdir -p "$scratch"
fail() { echo "check_deb: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) ||
  { cat "$scratch/cpack.log"; fail "cpack -G DEB failed"; }
deb=$scratch/out/ill_${version}_amd64.deb
[[ -f $deb ]] || fail "no $(basename "$deb"); cpack wrote: $(ls "$scratch/out")"
echo "built $(basename "$deb")"

# Control fields: the project's version, shared-library dependencies from dpkg-shlibdeps.
info=$(dpkg-deb -I "$deb")
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == ill ]] || fail "Package is '$(field Package)'"
[[ $(field Version) == "$version" ]] || fail "Version is '$(field Version)', not $version"
[[ $(field Architecture) == amd64 ]] || fail "Architecture is '$(field Architecture)'"
depends=$(field Depends)
for lib in libc6 libsqlite3-0 libsodium23 libssl3 libsystemd0 libmicrohttpd12 adduser; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
echo "Depends: $depends"
for script in postinst prerm postrm conffiles; do
  grep -q " $script" <<<"$info" || fail "control archive has no $script"
done

# Contents: programs, private library, man pages, completions, units, sysusers, examples, conffile.
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
expected=(
  ./usr/bin/illctl ./usr/sbin/illd
  ./usr/share/man/man1/illctl.1.gz ./usr/share/man/man8/illd.8.gz ./usr/share/man/man5/illd.conf.5.gz
  ./usr/share/bash-completion/completions/illctl ./usr/share/zsh/vendor-completions/_illctl
  ./usr/share/fish/vendor_completions.d/illctl.fish
  ./usr/lib/systemd/system/illd.service ./usr/lib/sysusers.d/ill.conf
  ./usr/share/doc/ill/copyright ./usr/share/doc/ill/changelog.gz ./usr/share/doc/ill/CHANGELOG.md
  ./usr/share/doc/ill/examples/illd.conf ./usr/share/doc/ill/examples/inventory.csv
  ./usr/share/doc/ill/examples/prometheus.yml ./usr/share/doc/ill/examples/grafana-dashboard.json
  ./usr/share/doc/ill/examples/nginx-ill-portal.conf ./usr/share/doc/ill/examples/routeros-api-user.rsc
  ./etc/ill/illd.conf)
for f in "${expected[@]}"; do
  grep -qx -- "$f" <<<"$contents" || fail "package lacks $f"
done
grep -q '^\./usr/lib/ill/libill\.so\.' <<<"$contents" || fail "package lacks usr/lib/ill/libill.so.*"
mkdir -p "$scratch/control"
dpkg-deb -e "$deb" "$scratch/control"
[[ $(cat "$scratch/control/conffiles") == /etc/ill/illd.conf ]] || fail "conffiles: $(cat "$scratch/control/conffiles")"
# The package never enables or starts illd on its own.
if grep -E 'systemctl +(enable|start|restart)|deb-systemd-invoke +start' "$scratch"/control/post* "$scratch"/control/pre*; then
  fail "a maintainer script enables or starts a unit"
fi

# Install into a scratch root: dpkg's own database there, scripts run chrootless with DPKG_ROOT.
root=$scratch/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
     --path-exclude='/usr/share/man/*' --path-include='/usr/share/man/man[158]/ill*' \
     -i "$deb" >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg -i into $root failed"; }
grep -q '^Status: install ok installed' <(dpkg --root="$root" -s ill) || fail "ill not installed in $root"
grep -q '^ill:' "$root/etc/passwd" || fail "postinst created no user ill in $root/etc/passwd"
[[ -x $root/usr/bin/illctl && -f $root/etc/ill/illd.conf ]] || fail "files missing after dpkg -i"
[[ ! -e $root/etc/systemd/system/multi-user.target.wants/illd.service ]] || fail "illd.service enabled"
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null --purge ill \
     >>"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg --purge failed"; }
[[ ! -e $root/usr/bin/illctl && ! -e $root/etc/ill/illd.conf ]] || fail "files left after purge"
echo "dpkg -i and --purge in a scratch root: ok (user ill created, illd.service not enabled)"

# lintian: no errors; warnings are listed.
lintian --tag-display-limit 0 "$deb" >"$scratch/lintian.log" 2>&1 || true
cat "$scratch/lintian.log"
if grep -q '^E: ' "$scratch/lintian.log"; then
  fail "lintian reports errors"
fi
echo "lintian: $(grep -c '^W: ' "$scratch/lintian.log" || true) warnings, no errors"
