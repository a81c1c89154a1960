#!/usr/bin/env bash
# Install the village station for this user (no root needed), or system-wide with
# --prefix /opt/village-station run as root. Run from the unpacked tarball:
#   ./install.sh [--prefix DIR] [--no-timer]
# DIR defaults to ~/.local: the app goes to DIR/lib/village-station, the commands
# `station` and `station-sync` to DIR/bin, the menu entry to the user's applications,
# the nightly sync (02:30) to the user's systemd timers. The station's data
# (~/.local/share/VillageStation) is never touched: installing over an older version
# keeps it, and so does uninstall.sh.
set -euo pipefail
prefix="$HOME/.local"
timer=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --no-timer) timer=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$here/app/station" ] || { echo "error: no app/station beside install.sh" >&2; exit 1; }
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
app="$prefix/lib/village-station"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
units="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"

# A new copy beside the old one, then one rename: a failed copy leaves the old working.
mkdir -p "$prefix/lib" "$prefix/bin" "$apps"
rm -rf "$app.new"
cp -a "$here/app" "$app.new"
cp "$here/uninstall.sh" "$app.new/uninstall.sh"
rm -rf "$app.old"
if [ -e "$app" ]; then mv "$app" "$app.old"; fi
mv "$app.new" "$app"
rm -rf "$app.old"
ln -sfn "$app/station" "$prefix/bin/station"
ln -sfn "$app/station-sync" "$prefix/bin/station-sync"
sed "s|@BIN@|$prefix/bin|" "$here/village-station.desktop" > "$apps/village-station.desktop"
echo "$prefix" > "$app/.prefix"

if [ "$timer" = 1 ]; then
  mkdir -p "$units"
  sed "s|^ExecStart=.*|ExecStart=$app/station-sync sync|" \
    "$here/station-sync.service" > "$units/station-sync.service"
  cp "$here/station-sync.timer" "$units/station-sync.timer"
  if command -v systemctl >/dev/null && systemctl --user show-environment >/dev/null 2>&1; then
    systemctl --user daemon-reload
    systemctl --user enable --now station-sync.timer >/dev/null 2>&1 \
      || echo "warning: enable the nightly sync by hand: systemctl --user enable --now station-sync.timer" >&2
  else
    echo "note: no systemd user session here; the nightly sync starts at the next login" \
      "(systemctl --user enable --now station-sync.timer)" >&2
  fi
fi
echo "installed $(tr -d '[:space:]' < "$app/_internal/resources/VERSION") in $app"
