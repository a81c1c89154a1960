#!/usr/bin/env bash
# Pack a built station folder (make dist) into the Linux tarball:
#   make-tarball.sh dist/village-station dist
# -> dist/village-station-VERSION-linux-x86_64.tar.gz holding village-station-VERSION/
#    with app/ (the frozen folder), install.sh, uninstall.sh, the desktop entry and the
#    nightly sync's systemd user units.
set -euo pipefail
bundle=${1:?usage: make-tarball.sh BUNDLE OUTDIR}
out=${2:?usage: make-tarball.sh BUNDLE OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
version=$(tr -d '[:space:]' < "$bundle/_internal/resources/VERSION")
name="village-station-$version"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name"
cp -a "$bundle" "$stage/$name/app"
cp "$here/install.sh" "$here/uninstall.sh" "$here/village-station.desktop" \
  "$here/station-sync.service" "$here/station-sync.timer" "$stage/$name/"
chmod 755 "$stage/$name/install.sh" "$stage/$name/uninstall.sh"
mkdir -p "$out"
tarball="$(cd "$out" && pwd)/$name-linux-$(uname -m).tar.gz"
tar -C "$stage" -czf "$tarball" "$name"
echo "$tarball"
