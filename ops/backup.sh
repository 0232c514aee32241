#!/usr/bin/env bash
# TimeMaster database backup: pg_dump of the app's database into BACKUP_DIR, next to it a
# tar.gz of the uploaded documents (sick notes in UPLOAD_DIR, which the database only points to),
# old backups removed after BACKUP_RETENTION_DAYS, optional upload (e.g. S3-compatible storage).
# The last line of the output is the dump's path. Run daily by /etc/cron.d/timemaster-backup (ops/cron/timemaster-backup)
# and by `npm run db -- downgrade …` in production before it changes anything.
#
# Usage: ops/backup.sh [--label NAME] [--dir DIR] [--format custom|gzip] [--dry-run]
#        ops/backup.sh --latest          path of the newest existing dump (nothing is dumped)
#
# Environment (all optional):
#   DATABASE_URL           database to dump; default: DATABASE_URL from backend/.env
#   TIMEMASTER_DIR         checkout whose backend/.env is read (default: this script's checkout)
#   UPLOAD_DIR             uploaded documents to archive; default: UPLOAD_DIR from backend/.env,
#                          else backend/data/uploads (nothing is archived while it is empty)
#   BACKUP_DIR             where dumps go (default /opt/backups)
#   BACKUP_FORMAT          custom (pg_dump -Fc, compressed, for pg_restore; default) or gzip
#                          (plain SQL | gzip, readable with zcat, restorable with psql)
#   BACKUP_RETENTION_DAYS  delete this database's dumps older than this (default 30; 0 keeps all)
#   BACKUP_UPLOAD_CMD      shell command run after a successful backup with each file as $1, e.g.
#                          'aws s3 cp "$1" s3://bucket/timemaster/ --endpoint-url https://s3.example.com'
#                          or 'rclone copy "$1" offsite:timemaster/'
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

label=''
latest=0
dir=${BACKUP_DIR:-/opt/backups}
format=${BACKUP_FORMAT:-custom}
while [ $# -gt 0 ]; do
  case $1 in
    --label) label=${2:?--label braucht einen Namen}; shift ;;
    --dir) dir=${2:?--dir braucht ein Verzeichnis}; shift ;;
    --format) format=${2:?--format braucht custom oder gzip}; shift ;;
    --latest) latest=1 ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

DIR=${TIMEMASTER_DIR:-$(cd "$OPS_DIR/.." && pwd)}
retention=${BACKUP_RETENTION_DAYS:-30}
[[ $retention =~ ^[0-9]+$ ]] || tm_die "BACKUP_RETENTION_DAYS muss eine Zahl sein"
[[ -z $label || $label =~ ^[A-Za-z0-9_.-]+$ ]] || tm_die "--label: nur Buchstaben, Ziffern, _ . -"
case $format in
  custom) ext=dump ;;
  gzip) ext=sql.gz ;;
  *) tm_die "unbekanntes Format $format (custom oder gzip)" ;;
esac

url=$(tm_database_url "$DIR") || tm_die "DATABASE_URL fehlt (weder in der Umgebung noch in $DIR/backend/.env)"
db=$(tm_url_db "$url")
[ -n "$db" ] || tm_die "DATABASE_URL nennt keine Datenbank"

if [ "$latest" = 1 ]; then
  newest=$(find "$dir" -maxdepth 1 -type f \( -name "${db}_*.dump" -o -name "${db}_*.sql.gz" \) \
    -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
  [ -n "$newest" ] || tm_die "kein Backup von $db in $dir"
  printf '%s\n' "$newest"
  exit 0
fi

stamp=$(date +%Y%m%d-%H%M%S)
file="$dir/${db}_${stamp}${label:+_$label}.$ext"
tm_info "Backup von $db nach $file"

umask 077
tm_run mkdir -p "$dir"
if [ "$TM_DRY_RUN" = 1 ]; then
  if [ "$format" = custom ]; then
    tm_info "+ pg_dump --format=custom --file=$file.partial --dbname=$(tm_url_without_password "$url")"
  else
    tm_info "+ pg_dump --format=plain --no-owner --no-privileges --dbname=$(tm_url_without_password "$url") | gzip > $file.partial"
  fi
  tm_info "+ mv $file.partial $file"
else
  trap 'rm -f "$file.partial"' EXIT
  if [ "$format" = custom ]; then
    tm_pg "$url" pg_dump --format=custom --file="$file.partial"
    pg_restore --list "$file.partial" >/dev/null || tm_die "der Dump ist nicht lesbar"
  else
    tm_pg "$url" pg_dump --format=plain --no-owner --no-privileges | gzip -c >"$file.partial"
    gzip -t "$file.partial" || tm_die "der Dump ist nicht lesbar"
  fi
  mv "$file.partial" "$file"
  trap - EXIT
  tm_info "Backup fertig: $(du -h "$file" | cut -f1)"
fi

# The documents are files, not rows: without them a restored sickness would point at nothing.
uploads=$(tm_upload_dir "$DIR")
archive=''
if [ -d "$uploads" ] && [ -n "$(ls -A "$uploads" 2>/dev/null)" ]; then
  archive="$dir/${db}_${stamp}${label:+_$label}_uploads.tar.gz"
  tm_info "Hochgeladene Dokumente aus $uploads nach $archive"
  if [ "$TM_DRY_RUN" = 1 ]; then
    tm_info "+ tar -C $uploads --exclude=./exports -czf $archive.partial ."
    tm_info "+ mv $archive.partial $archive"
  else
    trap 'rm -f "$archive.partial"' EXIT
    # exports/ holds report archives: made again on request and removed after 7 days anyway.
    tar -C "$uploads" --exclude=./exports -czf "$archive.partial" . || tm_die "Archiv der Dokumente fehlgeschlagen (der Dump $file ist vollständig)"
    gzip -t "$archive.partial" || tm_die "das Archiv der Dokumente ist nicht lesbar"
    mv "$archive.partial" "$archive"
    trap - EXIT
    count=$(find "$uploads" -path "$uploads/exports" -prune -o -type f -print | wc -l)
    tm_info "Dokumente gesichert: $count Dateien, $(du -h "$archive" | cut -f1)"
  fi
else
  tm_info "Keine hochgeladenen Dokumente in $uploads"
fi

if [ "$retention" -gt 0 ]; then
  tm_info "Aufbewahrung: Backups von $db älter als $retention Tage werden gelöscht"
  tm_run find "$dir" -maxdepth 1 -type f \( -name "${db}_*.dump" -o -name "${db}_*.sql.gz" \
    -o -name "${db}_*_uploads.tar.gz" \) -mtime "+$retention" -print -delete
fi

if [ -n "${BACKUP_UPLOAD_CMD:-}" ]; then
  tm_info "Upload: $BACKUP_UPLOAD_CMD"
  if [ "$TM_DRY_RUN" != 1 ]; then
    for done_file in "$file" ${archive:+"$archive"}; do
      bash -c "$BACKUP_UPLOAD_CMD" backup-upload "$done_file" || tm_die "Upload fehlgeschlagen (das lokale Backup $done_file ist vollständig)"
    done
  fi
fi

printf '%s\n' "$file"
