#!/usr/bin/env bash
# Prepares a Debian bookworm host for shoal: installs what is missing and starts the Docker engine.
# Idempotent: a second run changes nothing and says so. Runs as root (CI calls it as `bash scripts/setup.sh`).
#
#   SHOAL_DOCKER_WAIT=60      seconds to wait for a dockerd this script started
#   SHOAL_DOCKERD_LOG=...     where that dockerd writes its log (default /var/log/shoal-dockerd.log)
#
# There is no container registry on shoal hosts: this script never pulls an image.
set -euo pipefail

log() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "Cannot set up the host: must run as root (try: sudo bash scripts/setup.sh)"
command -v apt-get >/dev/null || die "Cannot set up the host: apt-get not found (shoal supports Debian bookworm hosts)"

export DEBIAN_FRONTEND=noninteractive

# --- packages ---------------------------------------------------------------------------------------------

# etcd-server: the HA control plane's store, and the tests that start a real etcd on loopback. haproxy: the routers'
# data plane; nginx: the reference the router tests and benchmark compare against. openssl: makes the controller
# API's self-signed certificate; pebble: the ACME server the certificate tests use.
packages=(docker.io debootstrap iproute2 git curl ca-certificates etcd-server haproxy nginx openssl pebble)
# openssh-server: the install lab runs a real sshd per empty host, for `shoal hosts:add ssh://…`.
packages+=(openssh-server)
# Observability tests: real rsyslogd receives drains over TCP and TLS (openssl makes their certificates), real
# Prometheus discovers and scrapes the daemons, chromium (driven by playwright-core) tests the dashboard.
packages+=(rsyslog rsyslog-gnutls prometheus chromium)
# wrk: the load generator of the router benchmark (npm run bench:router) and the lab's load figures.
packages+=(wrk)

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]; }
# A package apt cannot install from its current lists (no candidate) means the lists are missing or stale.
has_candidate() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  [[ -n $candidate && $candidate != '(none)' ]]
}

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]} == 0)); then
  log "packages: all present (${packages[*]})"
else
  log "packages: installing ${missing[*]}"
  # Packages must not start their own services (nginx would take port 80, haproxy its default config): shoal runs
  # HAProxy itself, per router. policy-rc.d tells invoke-rc.d to start nothing during this install.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  updated=0
  for p in "${missing[@]}"; do
    if ! has_candidate "$p"; then
      log 'apt: package lists lack a candidate, running apt-get update'
      apt-get update -qq
      updated=1
      break
    fi
  done
  # Lists can name versions the mirror no longer serves (404): one update and retry covers that.
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    ((updated == 0)) || die "Cannot install ${missing[*]}: apt-get install failed after apt-get update"
    log 'apt: install failed on old package lists, running apt-get update and retrying'
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
      die "Cannot install ${missing[*]}: apt-get install failed after apt-get update"
  fi
  log "packages: installed ${missing[*]}"
fi

# --- docker engine ----------------------------------------------------------------------------------------

socket=/var/run/docker.sock
docker_answers() { timeout 10 docker -H "unix://$socket" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if docker_answers; then
  log "docker: engine $(docker -H "unix://$socket" version --format '{{.Server.Version}}') already answers on $socket"
else
  # This host has no init system that runs services, so the engine is started here, detached from this shell.
  command -v dockerd >/dev/null || die "Cannot start Docker: dockerd not found after installing docker.io"
  dockerd_log=${SHOAL_DOCKERD_LOG:-/var/log/shoal-dockerd.log}
  wait_s=${SHOAL_DOCKER_WAIT:-60}
  # A dockerd that died uncleanly leaves its pid file behind, and the next one refuses to start.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  log "docker: no engine answers on $socket, starting dockerd (log: $dockerd_log)"
  setsid dockerd -H "unix://$socket" >>"$dockerd_log" 2>&1 </dev/null &
  dockerd_pid=$!
  deadline=$((SECONDS + wait_s))
  until docker_answers; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null; then
      tail -n 20 "$dockerd_log" >&2 || true
      die "Cannot start Docker: dockerd exited during startup (see $dockerd_log)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$dockerd_log" >&2 || true
      die "Cannot start Docker: dockerd (pid $dockerd_pid) did not answer on $socket within ${wait_s}s (see $dockerd_log)"
    fi
    sleep 0.5
  done
  log "docker: started dockerd pid $dockerd_pid, engine $(docker -H "unix://$socket" version --format '{{.Server.Version}}')"
fi


# --- node_modules (includes the pinned Node.js) ------------------------------------------------------------------

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ! -x $root/node_modules/.bin/node || $root/package-lock.json -nt $root/node_modules/.package-lock.json ]]; then
  command -v npm >/dev/null || die "Cannot install dependencies: npm is missing (apt-get install nodejs npm)"
  log "npm: installing dependencies (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
else
  log 'npm: dependencies present'
fi
log 'done'
