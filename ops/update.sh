#!/usr/bin/env bash
# Regular TimeMaster update, run from an administrator's checkout (not on the servers):
#   1. tests on the primary (npm test of the new commit against its timemaster_test database)
#   2. frontend build here (frontend/dist)
#   then per server, primary first:
#   3. git pull --ff-only origin main      4. npm ci (when package-lock.json changed), build
#   5. npm run db -- upgrade head           6. systemctl reload timemaster (workers one by one)
#   7. health check (3 tries)               8. rsync of frontend/dist
# A failed reload or health check rolls that server back to its previous commit automatically,
# says whether a migration would need a manual downgrade, and leaves the other servers alone.
#
# Usage: ops/update.sh [--no-tests] [--no-frontend] [--server NAME]… [--dry-run]
#   --no-tests     skip the tests (faster; emergencies only)
#   --no-frontend  no frontend build and rsync (backend-only changes)
#   --server NAME  only this server (repeatable); names from ops/servers.conf, or `local` for this
#                  machine without ssh. Default: every server in servers.conf.
#   --dry-run      print every command, run nothing
#
# Environment (defaults in brackets): TIMEMASTER_DIR (/opt/timemaster, on the servers),
# TM_SERVERS_CONF (ops/servers.conf), TM_LOCAL_REPO (this checkout; the frontend is built here),
# TM_GIT_REMOTE (origin), TM_GIT_BRANCH (main), TM_SERVICE (timemaster), TM_SERVICE_USER (www-data),
# TM_RELOAD_CMD (systemctl reload timemaster), TM_RESTART_CMD (systemctl restart timemaster; used by
# the rollback), TM_MAIN_PID_CMD (systemctl show -p MainPID --value timemaster; empty: the reload is
# not checked), TM_RELOAD_TIMEOUT (60 s), TM_HEALTH_URL (http://127.0.0.1:8000/health),
# TM_HEALTH_TRIES (3), TM_HEALTH_DELAY (5 s), TM_TEST_CMD (npm test -- --project backend --project
# frontend --project e2e), TM_FRONTEND_BUILD_CMD (npm run build -w frontend), TM_SSH
# (ssh -o BatchMode=yes).
set -euo pipefail
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$OPS_DIR/lib.sh"

usage() { tm_usage "${BASH_SOURCE[0]}"; }

no_tests=0
no_frontend=0
selected=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-tests) no_tests=1 ;;
    --no-frontend) no_frontend=1 ;;
    --server) selected+=("${2:?--server braucht einen Namen}"); shift ;;
    --server=*) selected+=("${1#*=}") ;;
    --dry-run) TM_DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

DIR=${TIMEMASTER_DIR:-/opt/timemaster}
LOCAL_REPO=${TM_LOCAL_REPO:-$(cd "$OPS_DIR/.." && pwd)}
SERVERS_CONF=${TM_SERVERS_CONF:-$OPS_DIR/servers.conf}
REMOTE=${TM_GIT_REMOTE:-origin}
BRANCH=${TM_GIT_BRANCH:-main}
SERVICE=${TM_SERVICE:-timemaster}
SERVICE_USER=${TM_SERVICE_USER:-www-data}
RELOAD_CMD=${TM_RELOAD_CMD:-systemctl reload $SERVICE}
RESTART_CMD=${TM_RESTART_CMD:-systemctl restart $SERVICE}
MAIN_PID_CMD=${TM_MAIN_PID_CMD-systemctl show -p MainPID --value $SERVICE}
RELOAD_TIMEOUT=${TM_RELOAD_TIMEOUT:-60}
HEALTH_URL=${TM_HEALTH_URL:-http://127.0.0.1:8000/health}
HEALTH_TRIES=${TM_HEALTH_TRIES:-3}
HEALTH_DELAY=${TM_HEALTH_DELAY:-5}
TEST_CMD=${TM_TEST_CMD:-npm test -- --project backend --project frontend --project e2e}
FRONTEND_BUILD_CMD=${TM_FRONTEND_BUILD_CMD:-npm run build -w frontend}

# --- which servers, in which order --------------------------------------------------------------
tm_load_servers "$SERVERS_CONF"
if [ ${#selected[@]} -eq 0 ]; then
  [ ${#TM_SERVER_NAMES[@]} -gt 0 ] ||
    tm_die "keine Server in $SERVERS_CONF (für diesen Rechner: --server local)"
  selected=("${TM_SERVER_NAMES[@]}")
fi
names=() targets=() roles=()
for pass in primary secondary; do
  for name in "${selected[@]}"; do
    entry=$(tm_server_lookup "$name") || tm_die "unbekannter Server $name (nicht in $SERVERS_CONF)"
    target=${entry% *} role=${entry#* }
    [ "$role" = "$pass" ] || continue
    names+=("$name") targets+=("$target") roles+=("$role")
  done
done
primary_index=''
for i in "${!names[@]}"; do
  if [ "${roles[$i]}" = primary ]; then primary_index=$i; break; fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

q() { tm_quote_arg "$1"; }

# Start of every script sent to a server.
prelude() {
  # shellcheck disable=SC2016 # $TIMEMASTER_DIR expands on the server
  printf 'set -euo pipefail\nexport GIT_TERMINAL_PROMPT=0\nTIMEMASTER_DIR=%s\ncd "$TIMEMASTER_DIR"\n' "$(q "$DIR")"
  local assignment
  for assignment in "$@"; do printf '%s=%s\n' "${assignment%%=*}" "$(q "${assignment#*=}")"; done
}

# Runs a script on server $1 (index), output shown and kept in $tmp/out.
on_server() {
  local i=$1 script=$2
  tm_remote "${names[$i]}" "${targets[$i]}" "$script" 2>&1 | tee "$tmp/out"
  return "${PIPESTATUS[0]}"
}

health_script() {
  prelude "HEALTH_URL=$HEALTH_URL" "TRIES=$HEALTH_TRIES" "DELAY=$HEALTH_DELAY"
  cat <<'EOF'
for try in $(seq 1 "$TRIES"); do
  if body=$(curl -fsS --max-time 5 "$HEALTH_URL"); then
    echo "Health-Check ok (Versuch $try/$TRIES): $body"
    case $body in *'"status":"ok"'*) ;; *) echo "WARNUNG: nicht alles ok (Redis?), der Dienst arbeitet trotzdem" ;; esac
    exit 0
  fi
  echo "Health-Check fehlgeschlagen (Versuch $try/$TRIES)"
  if [ "$try" -lt "$TRIES" ]; then sleep "$DELAY"; fi
done
exit 1
EOF
}

# --- Schritt 1: tests on the primary ------------------------------------------------------------
step=0
header() {
  step=$((step + 1))
  tm_step "Schritt $step – $*"
}
tested=''
if [ "$no_tests" = 1 ]; then
  tm_info "Tests übersprungen (--no-tests)."
elif [ -z "$primary_index" ]; then
  tm_info "Tests übersprungen: sie laufen nur auf dem Primary, der nicht ausgewählt ist."
else
  i=$primary_index
  header "Tests auf ${names[$i]} (npm test gegen timemaster_test)"
  script="$(prelude "REMOTE=$REMOTE" "BRANCH=$BRANCH" "TEST_CMD=$TEST_CMD")
$(cat <<'EOF'
# The new commit is tested in a worktree of its own: the running service is not touched.
git fetch -q "$REMOTE" "$BRANCH"
rev=$(git rev-parse FETCH_HEAD)
echo "Teste $(git log -1 --format='%h %s' "$rev")"
wt=$TIMEMASTER_DIR/.test-output/update-tests
git worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git worktree prune
mkdir -p "$TIMEMASTER_DIR/.test-output"
git worktree add -q --detach "$wt" "$rev"
cleanup() { cd "$TIMEMASTER_DIR" && git worktree remove --force "$wt"; }
trap cleanup EXIT
cd "$wt"
if [ -d "$TIMEMASTER_DIR/node_modules" ] && cmp -s package-lock.json "$TIMEMASTER_DIR/package-lock.json"; then
  cp -al "$TIMEMASTER_DIR/node_modules" node_modules 2>/dev/null || npm ci --no-audit --no-fund
else
  npm ci --no-audit --no-fund
fi
env_file=$TIMEMASTER_DIR/backend/.env
TEST_DATABASE_URL=$(sed -n 's/^TEST_DATABASE_URL=//p' "$env_file" | tail -n 1)
TEST_REDIS_URL=$(sed -n 's/^TEST_REDIS_URL=//p' "$env_file" | tail -n 1)
[ -n "$TEST_DATABASE_URL" ] || { echo "TEST_DATABASE_URL fehlt in $env_file (ops/setup_server.sh legt sie an)"; exit 1; }
export TEST_DATABASE_URL TEST_REDIS_URL
bash -c "$TEST_CMD"
echo "@@TM tested=$rev"
EOF
)"
  if ! on_server "$i" "$script"; then
    tm_die "Tests auf ${names[$i]} fehlgeschlagen: kein Server wurde verändert"
  fi
  tested=$(tm_marker "$tmp/out" tested)
  if [ "$TM_DRY_RUN" = 1 ]; then tested='<getesteter Commit>'; fi
fi

# --- Schritt 2: frontend build here -------------------------------------------------------------
if [ "$no_frontend" = 1 ]; then
  tm_info "Frontend-Build übersprungen (--no-frontend): frontend/dist auf den Servern bleibt."
else
  step=1
  header "Frontend lokal bauen ($LOCAL_REPO)"
  tm_run_sh "cd $(q "$LOCAL_REPO") && $FRONTEND_BUILD_CMD"
  if [ "$TM_DRY_RUN" != 1 ]; then
    [ -f "$LOCAL_REPO/frontend/dist/index.html" ] || tm_die "kein frontend/dist/index.html nach dem Build"
    tm_info "Gebaut aus $(git -C "$LOCAL_REPO" log -1 --format='%h %s' 2>/dev/null || echo '?')"
  fi
fi

# --- per server ---------------------------------------------------------------------------------
updated=()
for i in "${!names[@]}"; do
  step=2 # every server: steps 3–8
  name=${names[$i]} target=${targets[$i]}
  label="$name${target:+ ($target)}"
  [ "$target" != local ] || label="$name (dieser Rechner, $DIR)"

  header "git pull auf $label"
  script="$(prelude "REMOTE=$REMOTE" "BRANCH=$BRANCH" "TESTED=$tested")
$(cat <<'EOF'
old=$(git rev-parse HEAD)
echo "@@TM old=$old"
if ! git symbolic-ref -q HEAD >/dev/null; then
  echo "HEAD ist abgekoppelt (nach einem Rollback): zurück auf $BRANCH"
  git checkout -q "$BRANCH"
fi
git pull --ff-only "$REMOTE" "$BRANCH"
new=$(git rev-parse HEAD)
if [ -n "$TESTED" ] && [ "$new" != "$TESTED" ]; then
  echo "$REMOTE/$BRANCH hat sich seit den Tests geändert ($TESTED → $new): zurück auf $old"
  git checkout -q --detach "$old"
  exit 1
fi
echo "@@TM new=$new"
if [ "$old" = "$new" ]; then echo "Bereits auf dem neuesten Stand: $(git log -1 --format='%h %s')"; else git log --oneline "$old..$new" | head -n 20; fi
EOF
)"
  on_server "$i" "$script" || tm_die "git pull auf $name fehlgeschlagen: $name ist unverändert"
  old=$(tm_marker "$tmp/out" old)
  new=$(tm_marker "$tmp/out" new)
  if [ "$TM_DRY_RUN" = 1 ]; then old='<Commit vor dem Pull>' new='<Commit nach dem Pull>'; fi

  header "Abhängigkeiten und Build auf $name"
  script="$(prelude "OLD=$old" "SERVICE_USER=$SERVICE_USER")
$(cat <<'EOF'
if [ ! -d node_modules ] || ! git diff --quiet "$OLD" HEAD -- package-lock.json; then
  npm ci --no-audit --no-fund
else
  echo "package-lock.json unverändert: npm ci übersprungen"
fi
npm run build -w backend
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 750 backend/data backend/data/uploads backend/data/mail
EOF
)"
  build_ok=1
  on_server "$i" "$script" || build_ok=0

  schema_before='' schema_after=''
  migrate_ok=0 reload_ok=0 health_ok=0
  if [ "$build_ok" = 1 ]; then
    header "Datenbank-Migrationen auf $name"
    script="$(prelude)
$(cat <<'EOF'
version() { npm run -s db -- current | sed -n 's/^Current: \([0-9a-z]*\).*/\1/p'; }
before=$(version)
echo "@@TM schema_before=$before"
npm run db -- upgrade head
echo "@@TM schema_after=$(version)"
EOF
)"
    if on_server "$i" "$script"; then migrate_ok=1; fi
    schema_before=$(tm_marker "$tmp/out" schema_before)
    schema_after=$(tm_marker "$tmp/out" schema_after)
  fi

  if [ "$migrate_ok" = 1 ]; then
    header "Dienst neu laden auf $name"
    script="$(prelude "RELOAD_CMD=$RELOAD_CMD" "MAIN_PID_CMD=$MAIN_PID_CMD" "TIMEOUT=$RELOAD_TIMEOUT")
$(cat <<'EOF'
start=$(date +%s)
echo "+ $RELOAD_CMD"
bash -c "$RELOAD_CMD"
[ -n "$MAIN_PID_CMD" ] || { echo "(TM_MAIN_PID_CMD leer: Austausch der Worker nicht geprüft)"; exit 0; }
# A reload replaces the workers one by one; a new worker that cannot start leaves the old ones
# running (still healthy, but the old code). So wait until every worker is younger than the reload.
while :; do
  main=$(bash -c "$MAIN_PID_CMD" | tr -d '[:space:]')
  total=0 old=0
  if [ -n "$main" ] && [ "$main" != 0 ]; then
    for pid in $(pgrep -P "$main" || true); do
      age=$(ps -o etimes= -p "$pid" | tr -d ' ') || continue
      [ -n "$age" ] || continue
      total=$((total + 1))
      if [ "$age" -gt $(($(date +%s) - start)) ]; then old=$((old + 1)); fi
    done
  fi
  if [ "$total" -gt 0 ] && [ "$old" -eq 0 ]; then
    echo "Alle $total Worker laufen mit der neuen Version."
    exit 0
  fi
  if [ $(($(date +%s) - start)) -ge "$TIMEOUT" ]; then
    echo "Nach $TIMEOUT s laufen noch $old von $total Workern der alten Version: die neue startet nicht (journalctl -u timemaster)."
    exit 1
  fi
  sleep 1
done
EOF
)"
    if on_server "$i" "$script"; then reload_ok=1; fi
  fi

  if [ "$reload_ok" = 1 ]; then
    header "Health-Check auf $name"
    if on_server "$i" "$(health_script)"; then health_ok=1; fi
  fi

  if [ "$health_ok" != 1 ] || [ "$TM_DRY_RUN" = 1 ]; then
    if [ "$TM_DRY_RUN" = 1 ]; then
      tm_step "Rollback auf $name – nur wenn Build, Migration, Reload oder Health-Check scheitern"
    else
      tm_step "Rollback auf $name"
    fi
    script="$(prelude "OLD=$old" "NEW=$new" "RESTART_CMD=$RESTART_CMD")
$(cat <<'EOF'
git checkout -q --detach "$OLD"
if ! git diff --quiet "$NEW" "$OLD" -- package-lock.json; then npm ci --no-audit --no-fund; fi
npm run build -w backend
echo "+ $RESTART_CMD"
bash -c "$RESTART_CMD"
EOF
)"
    rollback_ok=0
    if on_server "$i" "$script" && on_server "$i" "$(health_script)"; then rollback_ok=1; fi
  fi
  if [ "$health_ok" != 1 ] && [ "$TM_DRY_RUN" != 1 ]; then
    echo
    echo "*** Update auf $name fehlgeschlagen – automatisch zurückgerollt ***"
    echo "  Code:      ${new:0:10} → zurück auf ${old:0:10} (git checkout --detach; $BRANCH zeigt weiter auf ${new:0:10})"
    echo "  Dienst:    neu gestartet ($RESTART_CMD)"
    echo "  Frontend:  nicht übertragen, bleibt auf dem alten Stand"
    if [ -n "$schema_before" ] && [ -n "$schema_after" ] && [ "$schema_before" != "$schema_after" ]; then
      echo "  Datenbank: das fehlgeschlagene Update hat das Schema von $schema_before auf $schema_after migriert."
      echo "             Der alte Code läuft auf dem neueren Schema; ein Downgrade ist NICHT erfolgt."
      echo "             Manueller Downgrade nötig, falls der alte Code das neue Schema nicht verträgt"
      echo "             (kann Daten löschen; legt vorher ein Backup an):"
      if [ "$target" = local ]; then
        echo "               TIMEMASTER_DIR=$DIR $OPS_DIR/rollback.sh --downgrade ${old:0:12}"
      else
        echo "               $OPS_DIR/rollback.sh --server $name --downgrade ${old:0:12}"
      fi
    else
      echo "  Datenbank: keine Migration angewendet – kein Downgrade nötig."
    fi
    if [ ${#updated[@]} -gt 0 ]; then
      echo "  Bereits aktualisiert: ${updated[*]}; nicht angefasst: die folgenden Server."
    else
      echo "  Andere Server: nicht angefasst."
    fi
    if [ "$rollback_ok" = 1 ]; then
      echo "  Health-Check nach dem Rollback: ok"
      exit 1
    fi
    echo "  Health-Check nach dem Rollback: FEHLGESCHLAGEN – bitte sofort prüfen: journalctl -u $SERVICE -n 100"
    exit 2
  fi

  if [ "$no_frontend" != 1 ]; then
    header "Frontend übertragen nach $name"
    src="$LOCAL_REPO/frontend/dist/"
    if [ "$target" = local ]; then
      if [ "$(cd "$LOCAL_REPO" && pwd -P)" = "$(cd "$DIR" 2>/dev/null && pwd -P || true)" ]; then
        tm_info "$DIR ist dieser Checkout: frontend/dist liegt schon dort."
      else
        # New hashed assets first, index.html (which points at them) last.
        tm_run rsync -a --exclude index.html "$src" "$DIR/frontend/dist/"
        tm_run rsync -a --delete "$src" "$DIR/frontend/dist/"
      fi
    else
      tm_run rsync -az -e "${TM_SSH:-ssh -o BatchMode=yes}" --exclude index.html "$src" "$target:$DIR/frontend/dist/"
      tm_run rsync -az -e "${TM_SSH:-ssh -o BatchMode=yes}" --delete "$src" "$target:$DIR/frontend/dist/"
    fi
  fi
  updated+=("$name")
done

tm_step "Fertig"
if [ "$TM_DRY_RUN" = 1 ]; then
  tm_info "Probelauf: nichts wurde ausgeführt."
else
  tm_info "Aktualisiert: ${updated[*]}"
fi
