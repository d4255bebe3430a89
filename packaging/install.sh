#!/bin/sh
# shoal installer: makes this server a shoal host (agent, router) or controller. Idempotent: run it again and it
# changes nothing unless something differs; --uninstall removes units and binaries (data kept unless --purge).
#
#   curl -fsSL https://CTRL:7080/install | SHOAL_JOIN_TOKEN=SHOAL1.… sh -s -- --roles agent,router
#   sh install.sh --package shoal-X-linux-x64.tar.gz --roles controller,agent,router     (the first server)
#
# The join token travels in SHOAL_JOIN_TOKEN or on stdin with --token-stdin, never in argv. Flags:
#   --roles R,R       agent, router, controller (default agent,router)
#   --label K=V       host label (repeatable)           --ip IP          address routers use for this host's dynos
#   --http H:P        router listen (default 0.0.0.0:80) --api-listen H:P controller API (default 0.0.0.0:7080)
#   --mesh-listen MA  mesh multiaddr (repeatable)        --metrics-listen H:P
#   --package FILE    install this package instead of downloading it from SHOAL_URL
#   --no-deps         do not install OS packages         --no-start       write everything, start nothing
#   --no-wait         do not wait for the host to be admitted
#   --uninstall       stop and remove units and binaries --purge          with --uninstall: also data and config
#   --upgrade         keep this server's roles and config; install the package and restart the daemons on it
# Environment: SHOAL_URL (the controller; preset when served by GET /install), SHOAL_VERSION, SHOAL_CURL_OPTS
# (e.g. "--cacert FILE" or "--pinnedpubkey sha256//…"), SHOAL_PREFIX (install under a root folder: tests),
# SHOAL_SUPERVISOR=1 (run the units' ExecStart under `shoal supervise` even where systemd is PID 1).
set -eu

# @@PRESET@@

SHOAL_URL="${SHOAL_URL:-}"
SHOAL_VERSION="${SHOAL_VERSION:-}"
P="${SHOAL_PREFIX:-}"
roles="agent,router"
labels=""
ip=""
http="0.0.0.0:80"
api_listen="0.0.0.0:7080"
metrics_listen=""
mesh_listen=""
package=""
deps=1
start=1
wait=1
uninstall=0
purge=0
token_stdin=0
upgrade=0
roles_given=0

say() { printf 'shoal-install: %s\n' "$*"; }
die() {
  printf 'shoal-install: error: %s\n' "$*" >&2
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Steps may run in pipelines (subshells): a change is recorded as a file, not a variable.
note_change() {
  : >"$tmp/changed"
  say "$*"
}

while [ $# -gt 0 ]; do
  case $1 in
  --roles) roles=${2:?--roles needs a value}; roles_given=1; shift 2 ;;
  --upgrade) upgrade=1; deps=0; shift ;;
  --label) labels="$labels ${2:?--label needs K=V}"; shift 2 ;;
  --ip) ip=${2:?}; shift 2 ;;
  --http) http=${2:?}; shift 2 ;;
  --api-listen) api_listen=${2:?}; shift 2 ;;
  --metrics-listen) metrics_listen=${2:?}; shift 2 ;;
  --mesh-listen) mesh_listen="$mesh_listen ${2:?}"; shift 2 ;;
  --package) package=${2:?}; shift 2 ;;
  --no-deps) deps=0; shift ;;
  --no-start) start=0; shift ;;
  --no-wait) wait=0; shift ;;
  --uninstall) uninstall=1; shift ;;
  --purge) purge=1; shift ;;
  --token-stdin) token_stdin=1; shift ;;
  --join* | --token*) die "Cannot install: the join token goes in SHOAL_JOIN_TOKEN or on stdin (--token-stdin), never in argv" ;;
  *) die "Cannot install: unknown argument $1" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "Cannot install: run as root"
if [ $upgrade = 1 ] && [ $roles_given = 0 ]; then
  roles=""
  for r in controller agent router; do [ -f "$P/etc/shoal/$r.json" ] && roles="$roles${roles:+,}$r"; done
  [ -n "$roles" ] || die "Cannot upgrade: shoal is not installed here (no $P/etc/shoal/ROLE.json)"
fi
for r in $(echo "$roles" | tr ',' ' '); do
  case $r in agent | router | controller) ;; *) die "Cannot install: unknown role $r (agent, router, controller)" ;; esac
done
has_role() { case ",$roles," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

ETC="$P/etc/shoal"
OPT="$P/opt/shoal"
VAR="$P/var/lib/shoal"
LOGS="$P/var/log/shoal"
RUN="$P/run/shoal"
UNITS="$P/etc/systemd/system"
BIN="$P/usr/local/bin/shoal"
ALL_ROLES="controller agent router"

use_systemd() {
  [ "${SHOAL_SUPERVISOR:-0}" != 1 ] && [ -z "$P" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null
}

# --- stop / start through systemd or the bundled supervisor ---------------------------------------------------

sup_pid() {
  f="$RUN/shoal-$1.pid"
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

stop_role() {
  if use_systemd; then
    systemctl disable --now "shoal-$1.service" >/dev/null 2>&1 || true
  elif pid=$(sup_pid "$1"); then
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 500 ]; do
      sleep 0.1
      i=$((i + 1))
    done
    rm -f "$RUN/shoal-$1.pid"
  fi
}

start_role() { # role restart(0|1)
  if use_systemd; then
    systemctl daemon-reload
    systemctl enable "shoal-$1.service" >/dev/null 2>&1
    if [ "$2" = 1 ]; then systemctl restart "shoal-$1.service"; else systemctl start "shoal-$1.service"; fi
    return
  fi
  if pid=$(sup_pid "$1"); then
    [ "$2" = 1 ] || return 0
    stop_role "$1"
  fi
  mkdir -p "$RUN" "$LOGS"
  # The supervisor runs exactly the unit's ExecStart with its EnvironmentFile, restarting it like Restart=always.
  nohup setsid "$OPT/current/bin/shoal" supervise "$UNITS/shoal-$1.service" --pid-file "$RUN/shoal-$1.pid" \
    >>"$LOGS/$1.log" 2>&1 </dev/null &
  i=0
  while ! sup_pid "$1" >/dev/null && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  sup_pid "$1" >/dev/null || die "Cannot start shoal-$1: the supervisor did not start (see $LOGS/$1.log)"
}

# --- uninstall -------------------------------------------------------------------------------------------------

if [ $uninstall = 1 ]; then
  for r in $ALL_ROLES; do
    if [ -f "$UNITS/shoal-$r.service" ] || sup_pid "$r" >/dev/null; then
      stop_role "$r"
      rm -f "$UNITS/shoal-$r.service"
      say "removed shoal-$r"
    fi
    # The router leaves HAProxy serving when it stops (keep-haproxy): uninstalling stops it too.
    hp=$(cat "$VAR/router/haproxy/haproxy.pid" 2>/dev/null || true)
    if [ $r = router ] && [ -n "$hp" ] && tr '\0' ' ' <"/proc/$hp/cmdline" 2>/dev/null | grep -q "$VAR/router/haproxy"; then
      kill -TERM "$hp" 2>/dev/null || true
      say "stopped the router's HAProxy"
    fi
  done
  if use_systemd; then systemctl daemon-reload; fi
  rm -f "$BIN"
  rm -rf "$OPT"
  if [ $purge = 1 ]; then
    rm -rf "$ETC" "$VAR" "$LOGS"
    say "purged config and data"
  else
    say "kept $ETC and $VAR (add --purge to remove them)"
  fi
  rmdir "$RUN" 2>/dev/null || true
  say "uninstalled"
  exit 0
fi

# --- the OS and its packages -----------------------------------------------------------------------------------

[ -r /etc/os-release ] || die "Cannot install: /etc/os-release is missing (shoal supports Debian and Ubuntu)"
os_id=$(. /etc/os-release && echo "${ID:-}")
os_like=$(. /etc/os-release && echo "${ID_LIKE:-}")
case "$os_id $os_like" in *debian* | *ubuntu*) ;; *) die "Cannot install: $os_id is not Debian or Ubuntu" ;; esac
[ "$(uname -m)" = x86_64 ] || die "Cannot install: $(uname -m) is not supported (linux-x64 only)"

if [ $deps = 1 ]; then
  want="curl ca-certificates tar"
  has_role agent && want="$want docker.io"
  has_role router && want="$want haproxy"
  has_role controller && want="$want git"
  missing=""
  for p in $want; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    note_change "installing from the OS mirror:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } ||
      die "Cannot install:$missing from the OS mirror"
  fi
  if has_role agent && use_systemd; then systemctl enable --now docker.service >/dev/null 2>&1 || true; fi
fi

# --- the join token --------------------------------------------------------------------------------------------

token="${SHOAL_JOIN_TOKEN:-}"
if [ $token_stdin = 1 ]; then IFS= read -r token || true; fi
if has_role agent || has_role router; then
  if [ -z "$token" ] && [ -f "$ETC/agent.env" ]; then token=$(sed -n 's/^SHOAL_JOIN_TOKEN=//p' "$ETC/agent.env"); fi
  if [ -z "$token" ] && [ -f "$ETC/router.env" ]; then token=$(sed -n 's/^SHOAL_JOIN_TOKEN=//p' "$ETC/router.env"); fi
  if [ -z "$token" ] && ! has_role controller; then die "Cannot install: SHOAL_JOIN_TOKEN is not set"; fi
  case $token in '' | SHOAL1.*) ;; *) die "Cannot install: SHOAL_JOIN_TOKEN is not a shoal join token" ;; esac
fi

# --- the package -----------------------------------------------------------------------------------------------

if [ -z "$package" ]; then
  [ -n "$SHOAL_URL" ] || die "Cannot install: give --package FILE or SHOAL_URL (the controller)"
  [ -n "$SHOAL_VERSION" ] || die "Cannot install: SHOAL_VERSION is not set"
  file="shoal-$SHOAL_VERSION-linux-x64.tar.gz"
  # shellcheck disable=SC2086
  curl -fsS ${SHOAL_CURL_OPTS:-} -o "$tmp/$file.sha256" "$SHOAL_URL/v1/package/$file.sha256" ||
    die "Cannot install: $SHOAL_URL has no package $file"
  expected=$(cut -d' ' -f1 <"$tmp/$file.sha256")
  if [ -f "$VAR/packages/$file" ] && [ "$(sha256sum <"$VAR/packages/$file" | cut -d' ' -f1)" = "$expected" ]; then
    package="$VAR/packages/$file"
  else
    # shellcheck disable=SC2086
    curl -fsS ${SHOAL_CURL_OPTS:-} -o "$tmp/$file" "$SHOAL_URL/v1/package/$file" || die "Cannot download $file"
    package="$tmp/$file"
  fi
else
  [ -f "$package" ] || die "Cannot install: $package does not exist"
  expected=""
fi
actual=$(sha256sum <"$package" | cut -d' ' -f1)
[ -z "$expected" ] || [ "$actual" = "$expected" ] ||
  die "Cannot install: $(basename "$package") has sha256 $actual, the controller says $expected"
name=$(tar -tzf "$package" | head -n 1 | cut -d/ -f1)
case $name in shoal-[0-9]*) version=${name#shoal-} ;; *) die "Cannot install: $package is not a shoal package" ;; esac

mkdir -p "$OPT" "$VAR/packages" "$ETC" "$UNITS" "$(dirname "$BIN")"
chmod 0755 "$OPT"
chmod 0700 "$ETC"
if [ "$(cat "$OPT/$version/.sha256" 2>/dev/null || true)" != "$actual" ]; then
  rm -rf "$OPT/.unpack" && mkdir -p "$OPT/.unpack"
  tar -xzf "$package" -C "$OPT/.unpack"
  printf '%s\n' "$actual" >"$OPT/.unpack/$name/.sha256"
  rm -rf "${OPT:?}/$version"
  mv "$OPT/.unpack/$name" "$OPT/$version"
  rm -rf "$OPT/.unpack"
  note_change "unpacked shoal $version into $OPT/$version"
fi
kept="$VAR/packages/shoal-$version-linux-x64.tar.gz"
if [ "$package" != "$kept" ] && ! cmp -s "$package" "$kept"; then
  cp "$package" "$kept.tmp" && mv "$kept.tmp" "$kept"
  printf '%s  %s\n' "$actual" "shoal-$version-linux-x64.tar.gz" >"$kept.sha256"
fi
version_changed=0
if [ "$(readlink "$OPT/current" 2>/dev/null || true)" != "$version" ]; then
  ln -sfn "$version" "$OPT/current"
  note_change "shoal $version is current"
  version_changed=1
fi
if [ "$(readlink "$BIN" 2>/dev/null || true)" != "$OPT/current/bin/shoal" ]; then
  ln -sfn "$OPT/current/bin/shoal" "$BIN"
  note_change "linked $BIN"
fi

# --- config and units ------------------------------------------------------------------------------------------

# put FILE MODE: writes stdin to FILE when it differs; returns 0 when it changed.
put() {
  cat >"$tmp/put"
  if [ -f "$1" ] && cmp -s "$tmp/put" "$1"; then
    chmod "$2" "$1"
    return 1
  fi
  install -m "$2" "$tmp/put" "$1"
  note_change "wrote $1"
  return 0
}

json_list() { # words → ["a","b"]
  out=""
  for w in "$@"; do out="$out${out:+,}\"$w\""; done
  printf '[%s]' "$out"
}

# A new version restarts every daemon of this server on it (agents re-adopt their running dynos).
role_changed=""
[ $version_changed = 0 ] || role_changed="controller agent router"
for r in controller agent router; do
  has_role "$r" || continue
  rc=0
  {
    printf '{\n  "data": "%s"' "$VAR/$r"
    case $r in
    controller)
      printf ',\n  "packages": "%s"' "$VAR/packages"
      printf ',\n  "api-listen": "%s"' "$api_listen"
      ;;
    agent)
      [ -z "$ip" ] || printf ',\n  "ip": "%s"' "$ip"
      # shellcheck disable=SC2086
      [ -z "$labels" ] || printf ',\n  "label": %s' "$(json_list $labels)"
      ;;
    # HAProxy outlives a router restart (and upgrade): the next router adopts it, so serving never stops.
    router) printf ',\n  "http": "%s",\n  "keep-haproxy": true' "$http" ;;
    esac
    # With a controller on the same server, --mesh-listen is the controller's; the agent and router take the same
    # addresses on a port of their own (0: any).
    peer_mesh=$mesh_listen
    if has_role controller; then peer_mesh=$(printf '%s' "$mesh_listen" | sed 's|/tcp/[0-9]*|/tcp/0|g'); fi
    # shellcheck disable=SC2086
    [ -z "$peer_mesh" ] || [ $r = controller ] || printf ',\n  "mesh-listen": %s' "$(json_list $peer_mesh)"
    [ -z "$metrics_listen" ] || printf ',\n  "metrics-listen": "%s"' "$metrics_listen"
    printf '\n}\n'
  } >"$tmp/conf-$r.json"
  # An upgrade keeps the server's own config (flags given when it was installed).
  if [ $upgrade = 0 ] || [ ! -f "$ETC/$r.json" ]; then
    put "$ETC/$r.json" 0644 <"$tmp/conf-$r.json" && rc=1
  fi
  if [ $r != controller ] && [ -n "$token" ]; then
    printf 'SHOAL_JOIN_TOKEN=%s\n' "$token" | put "$ETC/$r.env" 0600 && rc=1
  fi
  sed "s|@PREFIX@|$P|g" "$OPT/current/systemd/shoal-$r.service" | put "$UNITS/shoal-$r.service" 0644 && rc=1
  [ $rc = 0 ] || role_changed="$role_changed $r"
done

# A controller installed here for the first time creates its cluster (shoal init) and keeps the CLI credentials
# in $ETC/cli.json (0600): `SHOAL_CONFIG=$ETC/cli.json shoal …` administers it.
if has_role controller && [ ! -f "$VAR/controller/cluster.json" ]; then
  # shellcheck disable=SC2086
  SHOAL_CONFIG="$ETC/cli.json" "$BIN" init --data "$VAR/controller" --api-listen "$api_listen" \
    $(for m in $mesh_listen; do printf -- '--mesh-listen %s ' "$m"; done) >/dev/null
  chmod 0600 "$ETC/cli.json"
  note_change "created a cluster in $VAR/controller"
  role_changed="$role_changed controller"
fi

if [ $start = 0 ]; then
  say "installed shoal $version (not started: --no-start)"
  exit 0
fi

restart_needed() { case " $role_changed " in *" $1 "*) echo 1 ;; *) echo 0 ;; esac; }

if has_role controller; then
  before=$(sup_pid controller || true)
  start_role controller "$(restart_needed controller)"
  [ -n "$before" ] || use_systemd || note_change "started shoal-controller"
  if [ -z "$token" ] && { has_role agent || has_role router; }; then
    i=0
    until token=$(SHOAL_CONFIG="$ETC/cli.json" "$BIN" join-token 2>/dev/null); do
      i=$((i + 1))
      [ $i -lt 300 ] || die "Cannot install: the controller did not answer (see $LOGS/controller.log)"
      sleep 0.2
    done
    for r in agent router; do
      has_role $r || continue
      printf 'SHOAL_JOIN_TOKEN=%s\n' "$token" | put "$ETC/$r.env" 0600 && role_changed="$role_changed $r"
    done
  fi
fi

for r in agent router; do
  has_role $r || continue
  before=$(sup_pid $r || true)
  # Only log lines written after a (re)start count as this run's admission.
  if [ -z "$before" ] || [ "$(restart_needed $r)" = 1 ]; then
    wc -c <"$LOGS/$r.log" 2>/dev/null >"$tmp/offset-$r" || echo 0 >"$tmp/offset-$r"
  else
    echo 0 >"$tmp/offset-$r"
  fi
  start_role $r "$(restart_needed $r)"
  [ -n "$before" ] || use_systemd || note_change "started shoal-$r"
done

# Waits until the controller has admitted each daemon (its log line "admitted to cluster", from the daemon's
# current run); `shoal hosts` lists an admitted agent as alive from its next report on (every 2 s).
admitted() {
  if use_systemd; then
    inv=$(systemctl show -p InvocationID --value "shoal-$1.service")
    [ -n "$inv" ] && journalctl -q -o cat "_SYSTEMD_INVOCATION_ID=$inv" 2>/dev/null | grep -q 'admitted to cluster'
  else
    tail -c "+$(($(cat "$tmp/offset-$1") + 1))" "$LOGS/$1.log" 2>/dev/null | grep -q 'admitted to cluster'
  fi
}
if [ $wait = 1 ]; then
  for r in agent router; do
    has_role $r || continue
    i=0
    until admitted $r; do
      i=$((i + 1))
      [ $i -lt 600 ] || die "Cannot install: shoal-$r was not admitted within 120 s (see its log)"
      sleep 0.2
    done
    say "shoal-$r is admitted to the cluster"
  done
fi

if [ ! -f "$tmp/changed" ]; then say "shoal $version: nothing to change"; else say "shoal $version installed"; fi
