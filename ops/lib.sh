# shellcheck shell=bash
# Shared helpers of the ops scripts (sourced, never run on its own). Output is German: it is read
# by the administrators the deployment guide (docs/deployment.de.md) is written for.

TM_DRY_RUN=${TM_DRY_RUN:-0}

tm_step() { printf '\n=== %s ===\n' "$*"; }
tm_info() { printf '%s\n' "$*"; }
tm_warn() { printf 'WARNUNG: %s\n' "$*" >&2; }
tm_die() {
  printf 'FEHLER: %s\n' "$*" >&2
  exit 1
}

# One argument as a shell would need it: bare when harmless, single-quoted otherwise.
tm_quote_arg() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,^-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# A command line as a shell would read it back.
tm_quote() {
  local out='' arg
  for arg in "$@"; do out+="${out:+ }$(tm_quote_arg "$arg")"; done
  printf '%s' "$out"
}

# Runs a command and shows it first; in dry-run mode only shows it.
tm_run() {
  printf '+ %s\n' "$(tm_quote "$@")"
  [ "$TM_DRY_RUN" = 1 ] || "$@"
}

# Like tm_run for a shell command line with pipes or redirections.
tm_run_sh() {
  printf '+ %s\n' "$1"
  [ "$TM_DRY_RUN" = 1 ] || bash -c "$1"
}

# Asks before something destructive; `--yes` (TM_ASSUME_YES=1) answers for the administrator.
tm_confirm() {
  local answer
  [ "${TM_ASSUME_YES:-0}" = 1 ] && return 0
  [ "$TM_DRY_RUN" = 1 ] && return 0
  if [ ! -t 0 ]; then
    tm_die "keine Rückfrage möglich (kein Terminal): mit --yes bestätigen"
  fi
  read -r -p "$1 [j/N] " answer
  [[ $answer =~ ^[jJyY] ]] || tm_die "abgebrochen, nichts wurde geändert"
}

# --- servers.conf -------------------------------------------------------------------------------
# One server per line: name, ssh target, role (primary|secondary). `local` is this machine.
TM_SERVER_NAMES=()
TM_SERVER_TARGETS=()
TM_SERVER_ROLES=()

tm_load_servers() {
  local conf=$1 name target role extra
  TM_SERVER_NAMES=()
  TM_SERVER_TARGETS=()
  TM_SERVER_ROLES=()
  [ -f "$conf" ] || return 0
  while read -r name target role extra || [ -n "$name" ]; do
    case $name in '' | '#'*) continue ;; esac
    [ -n "$target" ] || tm_die "$conf: Server $name ohne SSH-Ziel"
    [ -z "$extra" ] || tm_die "$conf: zu viele Spalten bei $name (Name, SSH-Ziel, Rolle)"
    role=${role:-secondary}
    case $role in primary | secondary) ;; *) tm_die "$conf: Rolle von $name muss primary oder secondary sein" ;; esac
    [ "$name" != local ] || tm_die "$conf: der Name local ist für diesen Rechner reserviert"
    TM_SERVER_NAMES+=("$name")
    TM_SERVER_TARGETS+=("$target")
    TM_SERVER_ROLES+=("$role")
  done <"$conf"
}

# Prints "target role" of a server name (local: "local primary"); fails for unknown names.
tm_server_lookup() {
  local i
  if [ "$1" = local ]; then
    printf 'local primary\n'
    return 0
  fi
  for i in "${!TM_SERVER_NAMES[@]}"; do
    if [ "${TM_SERVER_NAMES[$i]}" = "$1" ]; then
      printf '%s %s\n' "${TM_SERVER_TARGETS[$i]}" "${TM_SERVER_ROLES[$i]}"
      return 0
    fi
  done
  return 1
}

# Runs a bash script on a server (ssh TARGET bash -s) or on this machine (TARGET=local). In dry-run
# mode prints the script. It is sent as one { …; } </dev/null group: bash reads all of it before
# running anything, so no command in it can swallow the rest of the script from stdin.
# Output lines "@@TM key=value" report results to the caller (tm_marker).
tm_remote() {
  local name=$1 target=$2 script=$3
  local -a ssh_cmd
  read -r -a ssh_cmd <<<"${TM_SSH:-ssh -o BatchMode=yes}"
  if [ "$target" = local ]; then
    printf "[%s] bash -s <<'EOF'\n" "$name"
  else
    printf "[%s] %s %s bash -s <<'EOF'\n" "$name" "$(tm_quote "${ssh_cmd[@]}")" "$target"
  fi
  if [ "$TM_DRY_RUN" = 1 ]; then
    printf '%s\nEOF\n' "$script"
    return 0
  fi
  printf '(%s Zeilen Shell-Skript, mit --dry-run sichtbar)\n' "$(printf '%s\n' "$script" | wc -l)"
  local group
  group=$(printf '{\n%s\n} </dev/null' "$script")
  if [ "$target" = local ]; then
    bash -s <<<"$group"
  else
    "${ssh_cmd[@]}" "$target" bash -s <<<"$group"
  fi
}

# Value of "@@TM key=value" in captured output.
tm_marker() {
  sed -n "s/^@@TM $2=//p" "$1" | tail -n 1
}

# --- database URL -------------------------------------------------------------------------------

# The folder of uploaded documents (sick notes) as the app resolves it: UPLOAD_DIR from the
# environment, else from backend/.env, else data/uploads; relative to backend/ like the app.
tm_upload_dir() {
  local dir=$1 value=${UPLOAD_DIR:-}
  [ -n "$value" ] || value=$(tm_env_get "$dir/backend/.env" UPLOAD_DIR)
  value=${value:-data/uploads}
  case $value in
    /*) printf '%s\n' "$value" ;;
    *) printf '%s\n' "$dir/backend/$value" ;;
  esac
}

# Value of KEY in an env file (last assignment wins, surrounding quotes removed).
tm_env_get() {
  local file=$1 key=$2 value
  [ -f "$file" ] || return 0
  value=$(sed -n "s/^[[:space:]]*${key}[[:space:]]*=[[:space:]]*//p" "$file" | tail -n 1)
  value=${value%$'\r'}
  if [[ $value == \"*\" || $value == \'*\' ]]; then value=${value:1:${#value}-2}; fi
  printf '%s' "$value"
}

# Sets KEY=VALUE in an env file: replaces "KEY=…" or a commented "# KEY=…", else appends.
tm_env_set() {
  local file=$1 tmp
  tmp=$(mktemp "$file.XXXXXX")
  TM_K=$2 TM_V=$3 awk '
    BEGIN { k = ENVIRON["TM_K"]; v = ENVIRON["TM_V"]; done = 0 }
    !done && ($0 ~ "^" k "=" || $0 ~ "^#[[:space:]]*" k "=") { print k "=" v; done = 1; next }
    { print }
    END { if (!done) print k "=" v }
  ' "$file" >"$tmp"
  cat "$tmp" >"$file"
  rm -f "$tmp"
}

# The DATABASE_URL the app uses: the environment first, then backend/.env (like the app), with
# the Python version's postgresql+asyncpg:// form turned into postgresql://.
tm_database_url() {
  local dir=$1 url=${DATABASE_URL:-}
  [ -n "$url" ] || url=$(tm_env_get "$dir/backend/.env" DATABASE_URL)
  [ -n "$url" ] || return 1
  printf '%s\n' "$url" | sed -E 's#^postgres(ql)?\+[A-Za-z0-9]+://#postgresql://#'
}

tm_urldecode() { printf '%b' "${1//%/\\x}"; }

# postgresql://user:secret@host:5432/db?x=y → parts. The password travels in PGPASSWORD, never on a
# command line (where ps would show it).
tm_url_userinfo() {
  local rest=${1#*://}
  rest=${rest%%/*}
  [[ $rest == *@* ]] && printf '%s' "${rest%@*}"
}
tm_url_user() {
  local info
  info=$(tm_url_userinfo "$1")
  tm_urldecode "${info%%:*}"
}
tm_url_password() {
  local info
  info=$(tm_url_userinfo "$1")
  [[ $info == *:* ]] && tm_urldecode "${info#*:}"
  return 0
}
tm_url_without_password() {
  local scheme=${1%%://*} rest=${1#*://} info host
  if [[ ${rest%%/*} == *@* ]]; then
    info=${rest%%@*}
    host=${rest#*@}
    printf '%s://%s@%s\n' "$scheme" "${info%%:*}" "$host"
  else
    printf '%s\n' "$1"
  fi
}
tm_url_db() {
  local rest=${1#*://} db
  [[ $rest == */* ]] || return 0
  db=${rest#*/}
  tm_urldecode "${db%%\?*}"
}
tm_url_with_db() {
  local url=$1 name=$2 base query=''
  if [[ $url == *\?* ]]; then
    query="?${url#*\?}"
    url=${url%%\?*}
  fi
  base=${url#*://}
  if [[ $base == */* ]]; then url=${url%/*}; fi
  printf '%s/%s%s\n' "$url" "$name" "$query"
}

# psql/pg_dump/pg_restore with the password from the URL in PGPASSWORD: tm_pg URL CMD ARGS…
# (the URL without password is appended as --dbname).
tm_pg() {
  local url=$1
  shift
  PGPASSWORD=$(tm_url_password "$url") "$@" --dbname="$(tm_url_without_password "$url")"
}

# psql as a PostgreSQL superuser: TM_PG_ADMIN_URL when set, else the local postgres account.
tm_psql_admin() {
  if [ -n "${TM_PG_ADMIN_URL:-}" ]; then
    tm_pg "$TM_PG_ADMIN_URL" psql -X -q -v ON_ERROR_STOP=1 "$@"
  else
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@")
  fi
}
tm_psql_admin_label() {
  if [ -n "${TM_PG_ADMIN_URL:-}" ]; then
    # shellcheck disable=SC2016 # shown as typed, not expanded
    printf 'psql "$TM_PG_ADMIN_URL"'
  else
    printf 'runuser -u postgres -- psql'
  fi
}

tm_valid_identifier() { [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; }

# --help: the comment block at the top of the script.
tm_usage() {
  awk 'NR == 1 && /^#!/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}
