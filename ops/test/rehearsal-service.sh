#!/usr/bin/env bash
# Test helper for the rehearsal (ops/test/rehearsal.test.ts), never used on servers: runs the
# rehearsal's backend the way systemd runs ops/timemaster.service – as the unit's User, in its
# WorkingDirectory, with only the unit's environment (Environment= plus EnvironmentFile=) and its
# ExecStart – so that ops/update.sh can reload and restart it through TM_RELOAD_CMD/TM_RESTART_CMD.
#
# Usage: REHEARSAL_SERVICE=<spec> rehearsal-service.sh start|stop|restart|reload|pid
# The spec file sets RS_USER, RS_GROUP, RS_WORKDIR, RS_EXEC, RS_ENVFILE (KEY=VALUE lines), RS_PIDFILE,
# RS_LOGFILE and RS_STOP_TIMEOUT (TimeoutStopSec).
set -euo pipefail
spec=${REHEARSAL_SERVICE:?REHEARSAL_SERVICE must name the spec file}
# shellcheck disable=SC1090
. "$spec"

alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

main_pid() {
  local pid
  [ -s "$RS_PIDFILE" ] || return 1
  pid=$(cat "$RS_PIDFILE")
  alive "$pid" || return 1
  printf '%s\n' "$pid"
}

start() {
  if main_pid >/dev/null; then
    echo "rehearsal service already running"
    return 0
  fi
  local -a env_vars exec_argv drop=()
  mapfile -t env_vars <"$RS_ENVFILE"
  read -r -a exec_argv <<<"$RS_EXEC"
  if [ "$(id -u)" = 0 ] && [ -n "$RS_USER" ]; then
    drop=(setpriv "--reuid=$RS_USER" "--regid=$RS_GROUP" --init-groups)
  fi
  rm -f "$RS_PIDFILE"
  cd "$RS_WORKDIR"
  # A small supervisor (systemd's part): starts the service in a session of its own and reaps it,
  # so a stopped service does not linger as a zombie.
  # shellcheck disable=SC2016 # expanded by the supervisor
  setsid bash -c '
    pidfile=$1 log=$2
    shift 2
    "$@" >>"$log" 2>&1 </dev/null &
    echo $! >"$pidfile.tmp" && mv "$pidfile.tmp" "$pidfile"
    echo $$ >"$pidfile.group"
    wait
  ' rehearsal-supervisor "$RS_PIDFILE" "$RS_LOGFILE" \
    "${drop[@]}" env -i "${env_vars[@]}" "${exec_argv[@]}" >/dev/null 2>&1 </dev/null &
  for _ in $(seq 1 50); do
    [ -s "$RS_PIDFILE" ] && return 0
    sleep 0.1
  done
  echo "rehearsal service did not start" >&2
  return 1
}

stop() {
  local pid group
  if pid=$(main_pid); then
    kill -TERM "$pid"
    for _ in $(seq 1 $((RS_STOP_TIMEOUT * 10))); do
      alive "$pid" || break
      sleep 0.1
    done
  fi
  # KillMode=mixed: whatever is left of the service after the main process gets SIGKILL.
  if [ -s "$RS_PIDFILE.group" ]; then
    group=$(cat "$RS_PIDFILE.group")
    kill -KILL -- "-$group" 2>/dev/null || true
  fi
  rm -f "$RS_PIDFILE" "$RS_PIDFILE.group"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  reload) kill -HUP "$(main_pid)" ;;
  pid) main_pid ;;
  *)
    echo "usage: $0 start|stop|restart|reload|pid" >&2
    exit 2
    ;;
esac
