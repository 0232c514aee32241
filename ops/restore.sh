#!/usr/bin/env bash
# Restores a dump of ops/backup.sh (.dump, .sql.gz or .sql) into a PostgreSQL database, or its
# archive of uploaded documents (*_uploads.tar.gz) into UPLOAD_DIR.
#
# Usage: ops/restore.sh [--database NAME] [--replace] [--yes] [--dry-run] FILE
#        ops/restore.sh [--yes] [--dry-run] DATABASE_uploads.tar.gz
#   (an uploads archive) its files go into UPLOAD_DIR (as ops/backup.sh finds it); files that are
#                     there already are kept, never overwritten (names are random and never reused)
#   (no --database)   into the app's database (DATABASE_URL of backend/.env)
#   --database NAME   into another database on the same server, e.g. to inspect a backup
#   --replace         the target holds data: restore into a new database first, then swap the names
#                     (the app's service is stopped for the swap only); the old database is kept as
#                     <name>_before_restore_<time> until you drop it
#   --yes             no confirmation prompt
#
# A missing target database is created (owner: the app's database role). A target that is not empty
# is never overwritten without --replace.
# Environment: TIMEMASTER_DIR, DATABASE_URL (as ops/backup.sh), TM_PG_ADMIN_URL (superuser URL for
# CREATE/RENAME DATABASE; default: the local postgres account via runuser), TM_STOP_CMD /
# TM_START_CMD (default systemctl stop|start timemaster).
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

target=''
replace=0
file=''
while [ $# -gt 0 ]; do
  case $1 in
    --database) target=${2:?--database braucht einen Namen}; shift ;;
    --replace) replace=1 ;;
    --yes | -y) TM_ASSUME_YES=1 ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$file" ] || { usage >&2; exit 2; }; file=$1 ;;
  esac
  shift
done
[ -n "$file" ] || { usage >&2; exit 2; }
[ -f "$file" ] || tm_die "Datei $file nicht gefunden"
case $file in
  *_uploads.tar.gz) kind=uploads ;;
  *.dump) kind=custom ;;
  *.sql.gz) kind=gzip ;;
  *.sql) kind=plain ;;
  *) tm_die "unbekanntes Format: $file (.dump, .sql.gz oder .sql)" ;;
esac

DIR=${TIMEMASTER_DIR:-$(cd "$OPS_DIR/.." && pwd)}
SERVICE=${TM_SERVICE:-timemaster}
STOP_CMD=${TM_STOP_CMD:-systemctl stop $SERVICE}
START_CMD=${TM_START_CMD:-systemctl start $SERVICE}

if [ "$kind" = uploads ]; then
  uploads=$(tm_upload_dir "$DIR")
  tm_step "Wiederherstellen: Dokumente aus $file → $uploads"
  tar -tzf "$file" >/dev/null || tm_die "das Archiv $file ist nicht lesbar"
  tm_confirm "Dokumente aus $file nach $uploads zurückspielen (vorhandene Dateien bleiben)?"
  tm_run mkdir -p "$uploads"
  tm_run tar -C "$uploads" --skip-old-files -xzf "$file"
  [ "$TM_DRY_RUN" = 1 ] || tm_info "Wiederhergestellt: $(find "$uploads" -type f | wc -l) Dateien in $uploads."
  exit 0
fi

url=$(tm_database_url "$DIR") || tm_die "DATABASE_URL fehlt (weder in der Umgebung noch in $DIR/backend/.env)"
app_db=$(tm_url_db "$url")
owner=$(tm_url_user "$url")
target=${target:-$app_db}
tm_valid_identifier "$target" || tm_die "ungültiger Datenbankname: $target"
tm_valid_identifier "$owner" || tm_die "ungültiger Rollenname in DATABASE_URL: $owner"
stamp=$(date +%Y%m%d_%H%M%S)

database_exists() {
  [ "$(tm_psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}
# Tables, views and sequences outside the system schemas: 0 means empty.
object_count() {
  tm_pg "$(tm_url_with_db "$url" "$1")" psql -X -Atc "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
}
create_database() {
  tm_info "+ $(tm_psql_admin_label) -c 'CREATE DATABASE \"$1\" OWNER \"$owner\"'"
  [ "$TM_DRY_RUN" = 1 ] || tm_psql_admin -c "CREATE DATABASE \"$1\" OWNER \"$owner\""
}
restore_into() {
  local db_url
  db_url=$(tm_url_with_db "$url" "$1")
  case $kind in
    custom)
      tm_info "+ pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname=$(tm_url_without_password "$db_url") $file"
      [ "$TM_DRY_RUN" = 1 ] || tm_pg "$db_url" pg_restore --no-owner --no-privileges --exit-on-error --single-transaction "$file"
      ;;
    gzip)
      tm_info "+ gunzip -c $file | psql -v ON_ERROR_STOP=1 --single-transaction --dbname=$(tm_url_without_password "$db_url")"
      [ "$TM_DRY_RUN" = 1 ] || gunzip -c "$file" | tm_pg "$db_url" psql -X -q -v ON_ERROR_STOP=1 --single-transaction >/dev/null
      ;;
    plain)
      tm_info "+ psql -v ON_ERROR_STOP=1 --single-transaction --file=$file --dbname=$(tm_url_without_password "$db_url")"
      [ "$TM_DRY_RUN" = 1 ] || tm_pg "$db_url" psql -X -q -v ON_ERROR_STOP=1 --single-transaction --file="$file" >/dev/null
      ;;
  esac
}
drop_database() {
  tm_info "+ $(tm_psql_admin_label) -c 'DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)'"
  [ "$TM_DRY_RUN" = 1 ] || tm_psql_admin -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
}

tm_step "Wiederherstellen: $file → Datenbank $target"
exists=0
objects=0
if database_exists "$target"; then
  exists=1
  objects=$(object_count "$target")
fi
if [ "$exists" = 0 ]; then
  mode=create
  tm_info "Datenbank $target existiert nicht und wird angelegt (Eigentümer $owner)."
elif [ "$objects" = 0 ]; then
  mode=empty
  tm_info "Datenbank $target ist leer."
elif [ "$replace" = 1 ]; then
  mode=replace
  tm_info "Datenbank $target enthält $objects Objekte und wird ersetzt: Wiederherstellung in"
  tm_info "${target}_restore_$stamp, dann Tausch der Namen; die bisherige Datenbank bleibt als"
  tm_info "${target}_before_restore_$stamp erhalten."
  if [ "$target" = "$app_db" ]; then
    tm_info "Für den Tausch wird der Dienst kurz angehalten ($STOP_CMD / $START_CMD)."
  fi
else
  tm_die "Datenbank $target ist nicht leer ($objects Objekte). Mit --replace ersetzen oder mit --database NAME in eine andere Datenbank wiederherstellen."
fi
tm_confirm "Backup $file in Datenbank $target wiederherstellen?"

case $mode in
  create)
    create_database "$target"
    restore_into "$target" || {
      drop_database "$target"
      tm_die "Wiederherstellung fehlgeschlagen; die angelegte Datenbank $target wurde wieder entfernt"
    }
    ;;
  empty)
    restore_into "$target" || tm_die "Wiederherstellung fehlgeschlagen (einzelne Transaktion: $target ist unverändert)"
    ;;
  replace)
    side="${target}_restore_$stamp"
    old="${target}_before_restore_$stamp"
    create_database "$side"
    restore_into "$side" || {
      drop_database "$side"
      tm_die "Wiederherstellung fehlgeschlagen; $target ist unverändert"
    }
    stopped=0
    if [ "$target" = "$app_db" ]; then
      tm_run_sh "$STOP_CMD"
      stopped=1
    fi
    # One transaction: either both names change or neither.
    swap="SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('$target', '$side') AND pid <> pg_backend_pid();
BEGIN;
ALTER DATABASE \"$target\" RENAME TO \"$old\";
ALTER DATABASE \"$side\" RENAME TO \"$target\";
COMMIT;"
    tm_info "+ $(tm_psql_admin_label) <<SQL"
    tm_info "$swap"
    tm_info "SQL"
    swap_ok=1
    if [ "$TM_DRY_RUN" != 1 ]; then
      # Terminated sessions end asynchronously: RENAME may see them for a moment.
      swap_ok=0
      for _ in 1 2 3 4 5; do
        if tm_psql_admin >/dev/null <<<"$swap"; then
          swap_ok=1
          break
        fi
        sleep 1
      done
    fi
    if [ "$stopped" = 1 ]; then tm_run_sh "$START_CMD"; fi
    [ "$swap_ok" = 1 ] || tm_die "Tausch der Datenbanken fehlgeschlagen; bitte $target, $old und $side prüfen"
    tm_info "Die bisherige Datenbank heißt jetzt $old. Entfernen, wenn alles passt:"
    tm_info "  $(tm_psql_admin_label) -c 'DROP DATABASE \"$old\"'"
    ;;
esac

if [ "$TM_DRY_RUN" != 1 ]; then
  version=$(tm_pg "$(tm_url_with_db "$url" "$target")" psql -X -Atc \
    "SELECT CASE WHEN to_regclass('public.kysely_migration') IS NULL THEN 'base' ELSE (SELECT coalesce(max(name), 'base') FROM kysely_migration) END")
  tm_info "Wiederhergestellt: Datenbank $target, Schema-Version $version."
fi
