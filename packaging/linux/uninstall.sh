#!/usr/bin/env bash
# Remove the village station installed by install.sh: ./uninstall.sh [--prefix DIR]
# (installed copies find their prefix themselves). The station's data
# (~/.local/share/VillageStation: database, backups, updates) is kept.
set -euo pipefail
main() {
  local here prefix
  here=$(cd "$(dirname "$0")" && pwd)
  prefix=$(cat "$here/.prefix" 2>/dev/null || echo "$HOME/.local")
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
      -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
      *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
  done
  local app="$prefix/lib/village-station"
  local apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
  local units="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
  if [ -f "$units/station-sync.timer" ] && command -v systemctl >/dev/null \
      && systemctl --user show-environment >/dev/null 2>&1; then
    systemctl --user disable --now station-sync.timer >/dev/null 2>&1 || true
  fi
  rm -f "$units/station-sync.service" "$units/station-sync.timer"
  rm -f "$apps/village-station.desktop"
  for link in station station-sync; do
    if [ -L "$prefix/bin/$link" ]; then rm -f "$prefix/bin/$link"; fi
  done
  rm -rf "$app"
  echo "removed the village station from $prefix; the station's data is kept"
}
main "$@"
exit 0
