#!/usr/bin/env bash
# First setup of a TimeMaster server: Ubuntu 22.04/24.04, run as root on the server, from the
# checkout in /opt/timemaster. Idempotent: a second run changes nothing that is already right, keeps
# an existing backend/.env and never overwrites an installed file someone has edited.
#
# Usage: ops/setup_server.sh [--domain NAME] [--admin-email ADDRESS] [--no-upgrade]
#                            [--only STEP[,STEP…]] [--server NAME] [--dry-run]
#   --domain       public host name: nginx server_name, certificate path, FRONTEND_URL, ALLOWED_HOSTS
#   --admin-email  FIRST_SUPERADMIN_EMAIL of a new .env (default admin@<domain>)
#   --no-upgrade   skip `apt-get upgrade`
#   --only         run these steps only: packages postgres redis build migrate nginx service backup
#   --server NAME  run the server's own copy (TIMEMASTER_DIR/ops/setup_server.sh, default
#                  /opt/timemaster) over ssh; NAME from ops/servers.conf. The checkout must exist.
#   --dry-run      print every command instead of running it
#
# Environment (optional): TIMEMASTER_DIR (default: this checkout), NODE_MAJOR (20), TM_NODE_BIN
# (node to check, default: node on PATH), TM_DB_USER/TM_DB_NAME (timemaster/timemaster_db),
# TM_DB_TEST_USER/TM_DB_TEST_NAME (timemaster_test), TM_DB_HOST/TM_DB_PORT (localhost/5432),
# TM_REDIS_URL (redis://localhost:6379/0), TM_SERVICE_USER (www-data), BACKUP_DIR
# (/opt/backups), TM_NGINX_DIR (/etc/nginx), TM_SYSTEMD_DIR (/etc/systemd/system), TM_CRON_DIR
# (/etc/cron.d), TM_PG_ADMIN_URL (superuser URL instead of `runuser -u postgres -- psql`),
# RESEND_API_KEY or SMTP_URL (written into a new .env).
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

ALL_STEPS="packages postgres redis build migrate nginx service backup"
domain=${TM_DOMAIN:-}
admin_email=''
upgrade=1
only=''
server=''
passed=()
while [ $# -gt 0 ]; do
  case $1 in
    --domain) domain=${2:?--domain braucht einen Namen}; passed+=("$1" "$2"); shift ;;
    --domain=*) domain=${1#*=}; passed+=("$1") ;;
    --admin-email) admin_email=${2:?--admin-email braucht eine Adresse}; passed+=("$1" "$2"); shift ;;
    --no-upgrade) upgrade=0; passed+=("$1") ;;
    --only) only=${2:?--only braucht Schritte}; passed+=("$1" "$2"); shift ;;
    --only=*) only=${1#*=}; passed+=("$1") ;;
    --server) server=${2:?--server braucht einen Namen}; shift ;;
    --server=*) server=${1#*=} ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

if [ -n "$server" ] && [ "$server" != local ]; then
  tm_load_servers "${TM_SERVERS_CONF:-$OPS_DIR/servers.conf}"
  entry=$(tm_server_lookup "$server") || tm_die "unbekannter Server $server"
  remote_dir=${TIMEMASTER_DIR:-/opt/timemaster}
  tm_step "Setup auf $server (${entry% *}) mit $remote_dir/ops/setup_server.sh"
  tm_remote "$server" "${entry% *}" "set -euo pipefail
$(tm_quote "$remote_dir/ops/setup_server.sh" "${passed[@]}")"
  exit $?
fi
only=${only//,/ }
for s in $only; do
  [[ " $ALL_STEPS " == *" $s "* ]] || tm_die "unbekannter Schritt $s (bekannt: $ALL_STEPS)"
done
wanted() { [ -z "$only" ] || [[ " $only " == *" $1 "* ]]; }

DIR=${TIMEMASTER_DIR:-$(cd "$OPS_DIR/.." && pwd)}
NODE_MAJOR=${NODE_MAJOR:-20}
DB_USER=${TM_DB_USER:-timemaster}
DB_NAME=${TM_DB_NAME:-timemaster_db}
DB_TEST_USER=${TM_DB_TEST_USER:-timemaster_test}
DB_TEST_NAME=${TM_DB_TEST_NAME:-timemaster_test}
DB_HOST=${TM_DB_HOST:-localhost}
DB_PORT=${TM_DB_PORT:-5432}
REDIS_URL_NEW=${TM_REDIS_URL:-redis://localhost:6379/0}
SERVICE_USER=${TM_SERVICE_USER:-www-data}
BACKUP_DIR=${BACKUP_DIR:-/opt/backups}
NGINX_DIR=${TM_NGINX_DIR:-/etc/nginx}
SYSTEMD_DIR=${TM_SYSTEMD_DIR:-/etc/systemd/system}
CRON_DIR=${TM_CRON_DIR:-/etc/cron.d}
ENV_FILE=$DIR/backend/.env
PLACEHOLDER_DOMAIN=timemaster.example.com
[ -n "$domain" ] || domain=$PLACEHOLDER_DOMAIN
[[ $domain =~ ^[A-Za-z0-9.-]+$ ]] || tm_die "ungültiger Domainname: $domain"
admin_email=${admin_email:-admin@$domain}
for name in "$DB_USER" "$DB_NAME" "$DB_TEST_USER" "$DB_TEST_NAME"; do
  tm_valid_identifier "$name" || tm_die "ungültiger PostgreSQL-Name: $name"
done

# --- helpers ------------------------------------------------------------------------------------

node_ok() { # node binary → exit 0 when it is ≥ 20.19
  [ -n "$1" ] && [ -x "$1" ] &&
    "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

# Installs generated content at DEST. A header records a checksum of what was installed, so a
# later run can tell an untouched file (updated in place) from an edited one (kept; the new
# version goes to DEST.new for the administrator to compare).
install_managed() {
  local dest=$1 mode=$2 body=$3 hash content installed_hash installed_body
  hash=$(printf '%s\n' "$body" | sha256sum | cut -c1-16)
  content="# Installed by ops/setup_server.sh (sha256:$hash); edits are kept, a new version then goes to $(basename "$dest").new
$body"
  if [ -e "$dest" ] && [ "$(cat "$dest")" = "$content" ]; then
    tm_info "$dest ist aktuell."
    return 0
  fi
  if [ -e "$dest" ]; then
    installed_hash=$(head -n 1 "$dest" | sed -n 's/.*(sha256:\([0-9a-f]*\)).*/\1/p')
    installed_body=$(tail -n +2 "$dest")
    if [ -z "$installed_hash" ] || [ "$(printf '%s\n' "$installed_body" | sha256sum | cut -c1-16)" != "$installed_hash" ]; then
      tm_warn "$dest wurde von Hand geändert und bleibt, wie es ist. Neue Fassung: $dest.new (vergleichen: diff $dest $dest.new)"
      dest=$dest.new
    fi
  fi
  tm_info "+ $dest schreiben (Rechte $mode)"
  if [ "$TM_DRY_RUN" != 1 ]; then
    mkdir -p "$(dirname "$dest")"
    printf '%s\n' "$content" >"$dest.tmp"
    chmod "$mode" "$dest.tmp"
    mv "$dest.tmp" "$dest"
  fi
}

# Replaces the default paths of the templates by this installation's.
render() {
  local node_bin=$1
  sed -e "s#/opt/timemaster#$DIR#g" -e "s#/usr/bin/node #$node_bin #" \
    -e "s#^User=www-data#User=$SERVICE_USER#" -e "s#^Group=www-data#Group=$SERVICE_USER#" \
    -e "s#$PLACEHOLDER_DOMAIN#$domain#g" -e "s#^BACKUP_DIR=.*#BACKUP_DIR=$BACKUP_DIR#"
}

random_hex() { openssl rand -hex "$1"; }

# --- checks -------------------------------------------------------------------------------------

if [ "$TM_DRY_RUN" = 1 ]; then
  tm_info "TimeMaster-Server-Setup für $DIR – Probelauf: die Befehle werden nur angezeigt"
else
  tm_info "TimeMaster-Server-Setup für $DIR"
fi
if [ "$(id -u)" != 0 ]; then
  if [ "$TM_DRY_RUN" = 1 ]; then tm_warn "nicht root: der echte Lauf braucht root"; else tm_die "bitte als root ausführen"; fi
fi
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  os=$(. /etc/os-release && printf '%s %s' "${ID:-?}" "${VERSION_ID:-?}")
  case $os in
    "ubuntu 22.04" | "ubuntu 24.04") ;;
    *) tm_warn "getestet für Ubuntu 22.04 und 24.04, dies ist $os" ;;
  esac
fi
if [ ! -f "$DIR/package.json" ] || [ ! -f "$DIR/backend/.env.example" ]; then
  tm_die "$DIR ist kein TimeMaster-Checkout (git clone <Repository> $DIR)"
fi
[ "$domain" != "$PLACEHOLDER_DOMAIN" ] ||
  tm_warn "ohne --domain bleibt der Platzhalter $PLACEHOLDER_DOMAIN in nginx und .env stehen"

# --- Schritt 1 ----------------------------------------------------------------------------------
node_bin=${TM_NODE_BIN-$(command -v node || true)}
if wanted packages; then
  tm_step "Schritt 1 – System-Pakete"
  tm_run apt-get update
  if [ "$upgrade" = 1 ]; then
    tm_run env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y
  fi
  tm_run env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    postgresql postgresql-contrib redis-server nginx git curl build-essential rsync \
    ca-certificates gnupg openssl ssl-cert
  if node_ok "$node_bin"; then
    tm_info "Node.js $("$node_bin" --version) ($node_bin) reicht (≥ 20.19): NodeSource wird nicht eingerichtet."
  else
    tm_info "Node.js ≥ 20.19 fehlt: Node.js $NODE_MAJOR aus dem NodeSource-Repository."
    tm_run install -d -m 0755 /etc/apt/keyrings
    tm_run_sh "curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg"
    tm_run_sh "echo 'deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main' > /etc/apt/sources.list.d/nodesource.list"
    tm_run apt-get update
    tm_run env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs
    node_bin=/usr/bin/node
    if [ "$TM_DRY_RUN" != 1 ] && ! node_ok "$node_bin"; then
      tm_die "Node.js aus NodeSource ist zu alt: $("$node_bin" --version)"
    fi
  fi
fi
[ -n "$node_bin" ] || node_bin=/usr/bin/node

# --- Schritt 2 ----------------------------------------------------------------------------------
if wanted postgres; then
  tm_step "Schritt 2 – PostgreSQL (Rolle, Datenbanken, backend/.env)"
  if [ -z "${TM_PG_ADMIN_URL:-}" ]; then
    tm_run systemctl enable --now postgresql
  fi
  db_user=$DB_USER db_name=$DB_NAME test_user=$DB_TEST_USER test_name=$DB_TEST_NAME
  with_test=yes
  if [ -f "$ENV_FILE" ]; then
    tm_info "$ENV_FILE ist vorhanden und bleibt unverändert; Rolle und Datenbank kommen aus DATABASE_URL."
    url=$(tm_database_url "$DIR") || tm_die "DATABASE_URL fehlt in $ENV_FILE"
    db_user=$(tm_url_user "$url")
    db_name=$(tm_url_db "$url")
    db_pw=$(tm_url_password "$url")
    sync_pw=no
    test_url=$(tm_env_get "$ENV_FILE" TEST_DATABASE_URL)
    if [ -n "$test_url" ]; then
      test_user=$(tm_url_user "$test_url")
      test_name=$(tm_url_db "$test_url")
      test_pw=$(tm_url_password "$test_url")
    else
      with_test=no
      test_pw=''
      tm_warn "TEST_DATABASE_URL fehlt in $ENV_FILE: ops/update.sh kann auf diesem Server keine Tests ausführen"
    fi
    for name in "$db_user" "$db_name" "$test_user" "$test_name"; do
      tm_valid_identifier "$name" || tm_die "ungültiger PostgreSQL-Name in $ENV_FILE: $name"
    done
  else
    db_pw=$(random_hex 24)
    test_pw=$(random_hex 24)
    sync_pw=yes
    secret=$(random_hex 32)
    admin_pw=$(openssl rand -base64 24 | tr -d '/+=' | cut -c1-24)
    tm_info "+ $ENV_FILE anlegen aus backend/.env.example: SECRET_KEY, Datenbank-Passwörter und"
    tm_info "  FIRST_SUPERADMIN_PASSWORD zufällig erzeugt, Rechte 640 root:$SERVICE_USER"
    if [ "$TM_DRY_RUN" != 1 ]; then
      tmp_env=$(mktemp "$ENV_FILE.XXXXXX")
      cp "$DIR/backend/.env.example" "$tmp_env"
      tm_env_set "$tmp_env" APP_ENV production
      tm_env_set "$tmp_env" SECRET_KEY "$secret"
      tm_env_set "$tmp_env" DATABASE_URL "postgresql://$DB_USER:$db_pw@$DB_HOST:$DB_PORT/$DB_NAME"
      tm_env_set "$tmp_env" REDIS_URL "$REDIS_URL_NEW"
      tm_env_set "$tmp_env" FRONTEND_URL "https://$domain"
      tm_env_set "$tmp_env" ALLOWED_HOSTS "$domain"
      tm_env_set "$tmp_env" EMAIL_FROM "noreply@$domain"
      tm_env_set "$tmp_env" FIRST_SUPERADMIN_EMAIL "$admin_email"
      tm_env_set "$tmp_env" FIRST_SUPERADMIN_PASSWORD "$admin_pw"
      if [ -n "${RESEND_API_KEY:-}" ]; then tm_env_set "$tmp_env" RESEND_API_KEY "$RESEND_API_KEY"; fi
      if [ -n "${SMTP_URL:-}" ]; then tm_env_set "$tmp_env" SMTP_URL "$SMTP_URL"; fi
      cat >>"$tmp_env" <<EOF

# === Tests on this server (ops/update.sh runs npm test with these; not read by the app) ===
TEST_DATABASE_URL=postgresql://$DB_TEST_USER:$test_pw@$DB_HOST:$DB_PORT/$DB_TEST_NAME
TEST_REDIS_URL=${REDIS_URL_NEW%/*}/15
EOF
      chown "root:$SERVICE_USER" "$tmp_env"
      chmod 640 "$tmp_env"
      mv "$tmp_env" "$ENV_FILE"
    fi
  fi

  if [ "$db_name" = "" ] || [ "$db_user" = "" ]; then tm_die "DATABASE_URL ohne Rolle oder Datenbank"; fi
  sql_vars() { # the passwords go through stdin only, never through a command line
    printf "\\\\set db_user '%s'\n\\\\set db_name '%s'\n\\\\set db_pw '%s'\n\\\\set sync_pw '%s'\n" \
      "$db_user" "$db_name" "$1" "$sync_pw"
    printf "\\\\set with_test '%s'\n\\\\set test_user '%s'\n\\\\set test_name '%s'\n\\\\set test_pw '%s'\n" \
      "$with_test" "$test_user" "$test_name" "$2"
  }
  sql_body="-- The service's role: owns its database, nothing more.
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'db_user', :'db_pw')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db_user') \\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'db_user', :'db_pw') WHERE :'sync_pw' = 'yes' \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db_name', :'db_user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db_name') \\gexec
SELECT format('GRANT ALL PRIVILEGES ON DATABASE %I TO %I', :'db_name', :'db_user') \\gexec
-- Tests (npm test creates a database per test file): a role of their own with CREATEDB.
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'test_user', :'test_pw')
  WHERE :'with_test' = 'yes' AND NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'test_user') \\gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'test_user', :'test_pw')
  WHERE :'with_test' = 'yes' AND :'sync_pw' = 'yes' \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'test_name', :'test_user')
  WHERE :'with_test' = 'yes' AND NOT EXISTS (SELECT FROM pg_database WHERE datname = :'test_name') \\gexec"
  tm_info "+ $(tm_psql_admin_label) -v ON_ERROR_STOP=1 <<'SQL'"
  tm_info "$(sql_vars '********' '********')"
  tm_info "$sql_body"
  tm_info "SQL"
  if [ "$TM_DRY_RUN" != 1 ]; then
    printf '%s\n%s\n' "$(sql_vars "$db_pw" "$test_pw")" "$sql_body" | tm_psql_admin -f - >/dev/null
    tm_info "Rolle $db_user, Datenbanken $db_name und $test_name sind eingerichtet."
  fi
fi

# --- Schritt 3 ----------------------------------------------------------------------------------
if wanted redis; then
  tm_step "Schritt 3 – Redis"
  tm_run systemctl enable --now redis-server
fi

# --- Schritt 4 ----------------------------------------------------------------------------------
if wanted build; then
  tm_step "Schritt 4 – Node-Abhängigkeiten und Build"
  tm_run_sh "cd $(tm_quote_arg "$DIR") && npm ci --no-audit --no-fund"
  tm_run_sh "cd $(tm_quote_arg "$DIR") && npm run build"
  # Uploaded documents and file mails: the only place the service may write (ReadWritePaths).
  tm_run install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 750 \
    "$DIR/backend/data" "$DIR/backend/data/uploads" "$DIR/backend/data/mail"
fi

# --- Schritt 5 ----------------------------------------------------------------------------------
if wanted migrate; then
  tm_step "Schritt 5 – Datenbank-Migrationen"
  tm_run_sh "cd $(tm_quote_arg "$DIR") && npm run db -- upgrade head"
fi

# --- Schritt 6 ----------------------------------------------------------------------------------
if wanted nginx; then
  tm_step "Schritt 6 – nginx"
  site=$(render "$node_bin" <"$OPS_DIR/nginx/timemaster.conf")
  if [ -f "/etc/letsencrypt/live/$domain/fullchain.pem" ]; then
    tm_info "Let's-Encrypt-Zertifikat für $domain gefunden."
  else
    tm_info "Noch kein Zertifikat für $domain: vorläufig das selbstsignierte snakeoil-Zertifikat"
    tm_info "(Paket ssl-cert). Danach: certbot --nginx -d $domain"
    site=$(printf '%s\n' "$site" | sed \
      -e "s#/etc/letsencrypt/live/$domain/fullchain.pem#/etc/ssl/certs/ssl-cert-snakeoil.pem#" \
      -e "s#/etc/letsencrypt/live/$domain/privkey.pem#/etc/ssl/private/ssl-cert-snakeoil.key#")
  fi
  install_managed "$NGINX_DIR/sites-available/timemaster" 644 "$site"
  [ -d "$NGINX_DIR/sites-enabled" ] || tm_run mkdir -p "$NGINX_DIR/sites-enabled"
  tm_run ln -sfn "$NGINX_DIR/sites-available/timemaster" "$NGINX_DIR/sites-enabled/timemaster"
  tm_run nginx -t
  tm_run systemctl enable nginx
  tm_run systemctl reload-or-restart nginx
fi

# --- Schritt 7 ----------------------------------------------------------------------------------
if wanted service; then
  tm_step "Schritt 7 – systemd-Dienst"
  install_managed "$SYSTEMD_DIR/timemaster.service" 644 "$(render "$node_bin" <"$OPS_DIR/timemaster.service")"
  tm_run systemctl daemon-reload
  tm_run systemctl enable timemaster
  if [ -n "$(tm_env_get "$ENV_FILE" RESEND_API_KEY)" ] || [ -n "$(tm_env_get "$ENV_FILE" SMTP_URL)" ]; then
    tm_run systemctl restart timemaster
    if [ "$TM_DRY_RUN" != 1 ]; then
      healthy=0
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        if curl -fsS --max-time 5 http://127.0.0.1:8000/health; then healthy=1; echo; break; fi
        sleep 2
      done
      [ "$healthy" = 1 ] || tm_warn "kein Health-Check-Erfolg; siehe journalctl -u timemaster -n 50"
    fi
  else
    tm_warn "kein Mail-Versand in $ENV_FILE (RESEND_API_KEY oder SMTP_URL): der Dienst startet in Produktion erst damit."
    tm_info "Eintragen, dann: systemctl restart timemaster"
  fi
fi

# --- Schritt 8 ----------------------------------------------------------------------------------
if wanted backup; then
  tm_step "Schritt 8 – Backup-Cron"
  tm_run install -d -m 700 "$BACKUP_DIR"
  install_managed "$CRON_DIR/timemaster-backup" 644 "$(render "$node_bin" <"$OPS_DIR/cron/timemaster-backup")"
fi

tm_step "Fertig"
if [ -z "$only" ]; then
  tm_info "Nächste Schritte:"
  [ "$domain" != "$PLACEHOLDER_DOMAIN" ] || tm_info "  - Domain eintragen: ops/setup_server.sh --domain zeit.example.de (oder .env und nginx von Hand)"
  tm_info "  - TLS-Zertifikat: apt-get install certbot python3-certbot-nginx && certbot --nginx -d $domain"
  tm_info "  - Mail in $ENV_FILE (RESEND_API_KEY oder SMTP_URL), dann systemctl restart timemaster"
  tm_info "  - Erste Anmeldung als $admin_email (Passwort: FIRST_SUPERADMIN_PASSWORD in $ENV_FILE),"
  tm_info "    danach FIRST_SUPERADMIN_PASSWORD aus der .env entfernen"
  tm_info "  - Prüfen: curl https://$domain/health"
fi
