#!/usr/bin/env bash
# Code rollback of a TimeMaster server to an earlier commit: checkout, install, build, restart,
# health check. Run on the server (or with --server NAME from an administrator's checkout).
#
# Usage: ops/rollback.sh [--downgrade | --keep-schema] [--no-frontend] [--server NAME] [--dry-run] COMMIT
#   COMMIT         what to go back to (git log --oneline -10 lists candidates)
#   --downgrade    the database is newer than COMMIT's code: undo those migrations first with
#                  `npm run db -- downgrade <version>`, which writes a backup through
#                  ops/backup.sh before it changes anything (may lose data in dropped columns)
#   --keep-schema  leave a newer schema in place (the old code usually runs on it)
#   --no-frontend  build the backend only (frontend/dist stays)
#   --server NAME  run this script on a server of ops/servers.conf over ssh
# Without --downgrade/--keep-schema a newer schema stops the rollback before anything changes and
# prints the downgrade command.
#
# Environment: TIMEMASTER_DIR (this checkout), TM_RESTART_CMD (systemctl restart timemaster),
# TM_HEALTH_URL, TM_HEALTH_TRIES, TM_HEALTH_DELAY (as ops/update.sh), TM_SERVERS_CONF, TM_SSH.
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

schema_mode=''
frontend=1
server=''
commit=''
passed=()
while [ $# -gt 0 ]; do
  case $1 in
    --downgrade) schema_mode=downgrade; passed+=("$1") ;;
    --keep-schema) schema_mode=keep; passed+=("$1") ;;
    --no-frontend) frontend=0; passed+=("$1") ;;
    --server) server=${2:?--server braucht einen Namen}; shift ;;
    --server=*) server=${1#*=} ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$commit" ] || { usage >&2; exit 2; }; commit=$1 ;;
  esac
  shift
done
[ -n "$commit" ] || { usage >&2; exit 2; }
[[ $commit =~ ^[A-Za-z0-9._/^~-]+$ ]] || tm_die "ungültiger Commit: $commit"

if [ -n "$server" ] && [ "$server" != local ]; then
  tm_load_servers "${TM_SERVERS_CONF:-$OPS_DIR/servers.conf}"
  entry=$(tm_server_lookup "$server") || tm_die "unbekannter Server $server"
  dir=${TIMEMASTER_DIR:-/opt/timemaster}
  tm_step "Rollback auf $server (${entry% *}) nach $commit"
  script="set -euo pipefail
$(tm_quote "$dir/ops/rollback.sh" "${passed[@]}" "$commit")"
  tm_remote "$server" "${entry% *}" "$script"
  exit $?
fi

DIR=${TIMEMASTER_DIR:-$(cd "$OPS_DIR/.." && pwd)}
RESTART_CMD=${TM_RESTART_CMD:-systemctl restart ${TM_SERVICE:-timemaster}}
HEALTH_URL=${TM_HEALTH_URL:-http://127.0.0.1:8000/health}
HEALTH_TRIES=${TM_HEALTH_TRIES:-3}
HEALTH_DELAY=${TM_HEALTH_DELAY:-5}
MIGRATIONS=backend/src/db/migrations
cd "$DIR"

tm_step "Rollback von $DIR"
target=$(git rev-parse -q --verify "$commit^{commit}") ||
  tm_die "unbekannter Commit $commit (Kandidaten: git -C $DIR log --oneline -10)"
current=$(git rev-parse HEAD)
tm_info "Aktuell: $(git log -1 --format='%h %s' "$current")"
tm_info "Ziel:    $(git log -1 --format='%h %s' "$target")"
[ "$current" != "$target" ] || tm_info "Der Code steht schon auf diesem Commit; es wird neu gebaut und neu gestartet."

# Newest migration a commit knows (0005_working_time), or base.
newest_migration() {
  local name
  name=$(git ls-tree --name-only "$1" "$MIGRATIONS/" |
    sed -n "s#^$MIGRATIONS/\([0-9]\{4\}_[^/]*\)\.ts\$#\1#p" | grep -v '\.test$' | sort | tail -n 1)
  printf '%s\n' "${name:-base}"
}
# Newest migration applied to the database – read from the table itself, because the current
# code may not know it.
url=$(tm_database_url "$DIR") || tm_die "DATABASE_URL fehlt (weder in der Umgebung noch in backend/.env)"
db_migration=$(tm_pg "$url" psql -X -Atc "SELECT CASE WHEN to_regclass('public.kysely_migration') IS NULL
  THEN 'base' ELSE (SELECT coalesce(max(name), 'base') FROM kysely_migration) END") ||
  tm_die "Datenbank nicht erreichbar"
target_migration=$(newest_migration "$target")
tm_info "Schema der Datenbank: $db_migration; der Ziel-Commit kennt bis: $target_migration"

downgrade_to=''
if [ "$db_migration" != base ] && { [ "$target_migration" = base ] || [[ $db_migration > $target_migration ]]; }; then
  downgrade_to=${target_migration:0:4}
  [ "$target_migration" != base ] || downgrade_to=base
  case $schema_mode in
    downgrade) ;;
    keep) tm_warn "Schema $db_migration bleibt (--keep-schema); der Code von $commit kennt nur bis $target_migration." ;;
    *)
      echo
      echo "Die Datenbank ist neuer als der Code von $commit: $db_migration statt $target_migration."
      echo "Nichts wurde verändert. Zwei Möglichkeiten:"
      echo "  $0 --downgrade $commit"
      echo "      macht die neueren Migrationen rückgängig (npm run db -- downgrade $downgrade_to; das legt"
      echo "      vorher ein Backup mit ops/backup.sh an). Achtung: Daten in entfernten Spalten/Tabellen gehen verloren."
      echo "  $0 --keep-schema $commit"
      echo "      lässt das Schema stehen; zusätzliche Tabellen und Spalten stören den alten Code meist nicht."
      exit 3
      ;;
  esac
fi

installed=$current # commit whose package-lock.json node_modules match
install_for() {
  if ! git diff --quiet "$installed" "$1" -- package-lock.json || [ ! -d node_modules ]; then
    tm_run npm ci --no-audit --no-fund
  fi
  installed=$1
}

if [ -n "$downgrade_to" ] && [ "$schema_mode" = downgrade ]; then
  tm_step "Datenbank-Downgrade auf $downgrade_to"
  # Only code that contains the newer migrations can undo them.
  if git cat-file -e "HEAD:$MIGRATIONS/$db_migration.ts" 2>/dev/null; then
    tool=$current
  else
    tool=$(git log --all --diff-filter=A --format=%H -1 -- "$MIGRATIONS/$db_migration.ts")
    [ -n "$tool" ] || tm_die "kein Commit enthält die Migration $db_migration: Downgrade nicht möglich (--keep-schema?)"
    tm_info "Der aktuelle Code kennt $db_migration nicht; der Downgrade läuft mit $(git log -1 --format='%h %s' "$tool")."
    tm_run git checkout -q --detach "$tool"
    install_for "$tool"
  fi
  tm_run npm run build -w backend
  tm_run npm run db -- downgrade "$downgrade_to"
fi

tm_step "Code auf $(git rev-parse --short "$target") zurücksetzen und bauen"
tm_run git checkout -q --detach "$target"
install_for "$target"
if [ "$frontend" = 1 ]; then
  tm_run npm run build
else
  tm_run npm run build -w backend
fi

tm_step "Dienst neu starten"
tm_run_sh "$RESTART_CMD"

tm_step "Health-Check"
if [ "$TM_DRY_RUN" = 1 ]; then
  tm_info "+ curl -fsS $HEALTH_URL (bis zu $HEALTH_TRIES Versuche)"
  exit 0
fi
for try in $(seq 1 "$HEALTH_TRIES"); do
  if body=$(curl -fsS --max-time 5 "$HEALTH_URL"); then
    tm_info "Health-Check ok (Versuch $try/$HEALTH_TRIES): $body"
    tm_info "Rollback fertig: $DIR steht auf $(git log -1 --format='%h %s'); HEAD ist abgekoppelt, ops/update.sh kehrt zu main zurück."
    if [ -n "$downgrade_to" ] && [ "$schema_mode" = keep ]; then
      tm_info "Schema bleibt auf $db_migration. Downgrade später: $0 --downgrade $commit"
    fi
    exit 0
  fi
  tm_info "Health-Check fehlgeschlagen (Versuch $try/$HEALTH_TRIES)"
  if [ "$try" -lt "$HEALTH_TRIES" ]; then sleep "$HEALTH_DELAY"; fi
done
tm_die "kein Health-Check-Erfolg nach dem Rollback: journalctl -u ${TM_SERVICE:-timemaster} -n 100"
