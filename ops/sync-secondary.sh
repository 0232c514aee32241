#!/usr/bin/env bash
# Restores the secondary's database from the primary's newest dump (the guide: "bei divergentem
# Datenbankzustand Server 164 aus dem Dump von Server 137 wiederherstellen"). Run from an
# administrator's checkout. The secondary's old database is kept as <name>_before_restore_<time>.
#
# Usage: ops/sync-secondary.sh [--from NAME] [--to NAME] [--fresh] [--yes] [--dry-run]
#   --from NAME  source server (default: the primary of ops/servers.conf); `local` = this machine
#   --to NAME    server to overwrite (default: the secondary)
#   --fresh      dump the primary now (ops/backup.sh --label sync) instead of taking its newest dump
#   --yes        no confirmation prompt
#   --dry-run    print every command, run nothing
#
# Environment: TIMEMASTER_DIR (/opt/timemaster on the servers), TM_SERVERS_CONF, TM_SSH,
# TM_HEALTH_URL, TM_HEALTH_TRIES, TM_HEALTH_DELAY (as ops/update.sh). For `local` targets the
# variables of ops/backup.sh and ops/restore.sh (BACKUP_DIR, TM_STOP_CMD, …) pass through.
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

from=''
to=''
fresh=0
while [ $# -gt 0 ]; do
  case $1 in
    --from) from=${2:?--from braucht einen Namen}; shift ;;
    --to) to=${2:?--to braucht einen Namen}; shift ;;
    --fresh) fresh=1 ;;
    --yes | -y) TM_ASSUME_YES=1 ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

DIR=${TIMEMASTER_DIR:-/opt/timemaster}
HEALTH_URL=${TM_HEALTH_URL:-http://127.0.0.1:8000/health}
HEALTH_TRIES=${TM_HEALTH_TRIES:-3}
HEALTH_DELAY=${TM_HEALTH_DELAY:-5}
tm_load_servers "${TM_SERVERS_CONF:-$OPS_DIR/servers.conf}"
for i in "${!TM_SERVER_NAMES[@]}"; do
  if [ -z "$from" ] && [ "${TM_SERVER_ROLES[$i]}" = primary ]; then from=${TM_SERVER_NAMES[$i]}; fi
  if [ -z "$to" ] && [ "${TM_SERVER_ROLES[$i]}" = secondary ]; then to=${TM_SERVER_NAMES[$i]}; fi
done
if [ -z "$from" ] || [ -z "$to" ]; then
  tm_die "Quelle und Ziel fehlen (--from NAME --to NAME oder servers.conf)"
fi
from_target=$(tm_server_lookup "$from") || tm_die "unbekannter Server $from"
from_target=${from_target% *}
to_target=$(tm_server_lookup "$to") || tm_die "unbekannter Server $to"
to_target=${to_target% *}
if [ "$from_target" != local ] && [ "$from_target" = "$to_target" ]; then
  tm_die "Quelle und Ziel sind derselbe Server ($from_target)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { tm_quote_arg "$1"; }
prelude() {
  # shellcheck disable=SC2016 # $TIMEMASTER_DIR expands on the server
  printf 'set -euo pipefail\nexport GIT_TERMINAL_PROMPT=0\nTIMEMASTER_DIR=%s\ncd "$TIMEMASTER_DIR"\n' "$(q "$DIR")"
  local assignment
  for assignment in "$@"; do printf '%s=%s\n' "${assignment%%=*}" "$(q "${assignment#*=}")"; done
}
run_on() { # name target script → output shown and kept in $tmp/out
  tm_remote "$1" "$2" "$3" 2>&1 | tee "$tmp/out"
  return "${PIPESTATUS[0]}"
}
secret_hash='sed -n "s/^SECRET_KEY=//p" backend/.env | tail -n 1 | sha256sum | cut -c1-16'

tm_step "Schritt 1 – Dump auf $from ($from_target)"
script="$(prelude "FRESH=$fresh")
if [ \"\$FRESH\" = 1 ]; then out=\$(ops/backup.sh --label sync); else out=\$(ops/backup.sh --latest); fi
printf '%s\\n' \"\$out\"
echo \"@@TM dump=\$(printf '%s\\n' \"\$out\" | tail -n 1)\"
echo \"@@TM secret=\$($secret_hash)\""
run_on "$from" "$from_target" "$script" || tm_die "kein Dump auf $from"
dump=$(tm_marker "$tmp/out" dump)
from_secret=$(tm_marker "$tmp/out" secret)
[ "$TM_DRY_RUN" != 1 ] || dump='<Dump aus Schritt 1>'
[ -n "$dump" ] || tm_die "kein Dump auf $from"

tm_step "Schritt 2 – SECRET_KEY von $to prüfen"
script="$(prelude)
echo \"@@TM secret=\$($secret_hash)\""
run_on "$to" "$to_target" "$script" || tm_die "$to nicht erreichbar"
if [ "$TM_DRY_RUN" != 1 ] && [ "$(tm_marker "$tmp/out" secret)" != "$from_secret" ]; then
  tm_warn "SECRET_KEY in backend/.env unterscheidet sich zwischen $from und $to: gespeicherte CalDAV-Passwörter"
  tm_warn "sind damit verschlüsselt und auf $to nicht lesbar, Sitzungen gelten nicht. Für einen Failover den"
  tm_warn "SECRET_KEY von $from in die .env von $to übernehmen."
fi

tm_confirm "Datenbank auf $to durch den Stand von $from ($dump) ersetzen?"

tm_step "Schritt 3 – Dump nach $to übertragen"
dump_dir=$(dirname "$dump")
if [ "$from_target" = local ] && [ "$to_target" = local ]; then
  tm_info "Quelle und Ziel sind dieser Rechner: nichts zu übertragen."
else
  local_copy="$tmp/$(basename "$dump")"
  rsync_ssh=${TM_SSH:-ssh -o BatchMode=yes}
  if [ "$from_target" = local ]; then
    tm_run cp "$dump" "$local_copy"
  else
    tm_run rsync -a -e "$rsync_ssh" "$from_target:$dump" "$local_copy"
  fi
  if [ "$to_target" = local ]; then
    tm_run mkdir -p "$dump_dir"
    tm_run cp "$local_copy" "$dump"
  else
    tm_run rsync -a -e "$rsync_ssh" --rsync-path="mkdir -p $(q "$dump_dir") && rsync" "$local_copy" "$to_target:$dump"
  fi
fi

tm_step "Schritt 4 – Wiederherstellen auf $to"
script="$(prelude "DUMP=$dump")
ops/restore.sh --yes --replace \"\$DUMP\""
run_on "$to" "$to_target" "$script" || tm_die "Wiederherstellung auf $to fehlgeschlagen (die bisherige Datenbank ist unverändert, falls der Tausch nicht stattfand)"

tm_step "Schritt 5 – Health-Check auf $to"
script="$(prelude "HEALTH_URL=$HEALTH_URL" "TRIES=$HEALTH_TRIES" "DELAY=$HEALTH_DELAY")
$(cat <<'EOF'
for try in $(seq 1 "$TRIES"); do
  if body=$(curl -fsS --max-time 5 "$HEALTH_URL"); then echo "Health-Check ok: $body"; exit 0; fi
  echo "Health-Check fehlgeschlagen (Versuch $try/$TRIES)"
  if [ "$try" -lt "$TRIES" ]; then sleep "$DELAY"; fi
done
exit 1
EOF
)"
run_on "$to" "$to_target" "$script" || tm_die "$to antwortet nach der Wiederherstellung nicht: journalctl -u timemaster -n 100"

tm_step "Fertig"
if [ "$TM_DRY_RUN" = 1 ]; then tm_info "Probelauf: nichts wurde ausgeführt."; else tm_info "$to hat jetzt den Datenstand von $from ($dump)."; fi
