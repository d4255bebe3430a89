#!/bin/bash
# Runs inside the stack's root filesystem (chroot), as root, after the Debian packages, Node.js, npm and corepack
# are in place. The stack builder passes SHOAL_USER, SHOAL_UID, SHOAL_HOME and optionally SHOAL_NPM_REGISTRY.
# This file is part of the stack recipe: changing it changes the stack version.
set -euo pipefail

: "${SHOAL_USER:?}" "${SHOAL_UID:?}" "${SHOAL_HOME:?}"

# The host's extra CAs were copied to /usr/local/share/ca-certificates/shoal-host/; Debian's tool adds them to the
# bundle so that a later update-ca-certificates keeps them. The builder then installs the host's own bundle.
update-ca-certificates >/dev/null

# npm and npx as Node's official tarballs lay them out.
ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
ln -sf ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack
# yarn and pnpm shims: corepack fetches the package manager a project pins from the npm registry on first use.
corepack enable --install-directory /usr/local/bin yarn pnpm

# Builds must reach the npm registry exactly as the host does: through the host's CA trust.
{
  echo 'cafile=/etc/ssl/certs/ca-certificates.crt'
  echo 'update-notifier=false'
  echo 'fund=false'
  if [[ -n ${SHOAL_NPM_REGISTRY:-} ]]; then echo "registry=$SHOAL_NPM_REGISTRY"; fi
} >/usr/local/etc/npmrc
ln -sf /usr/local/etc/npmrc /etc/npmrc

# Dynos run as this unprivileged user (uid and gid from shoal's reserved range, which no host user has, so no host
# user can read a dyno's /proc, i.e. its config vars); like Heroku, its home is the app directory.
if ! id "$SHOAL_USER" >/dev/null 2>&1; then
  groupadd --gid "$SHOAL_UID" "$SHOAL_USER"
  useradd --uid "$SHOAL_UID" --gid "$SHOAL_UID" --home-dir "$SHOAL_HOME" --no-create-home --shell /bin/bash "$SHOAL_USER"
fi
install -d -o "$SHOAL_USER" -g "$SHOAL_USER" -m 0755 "$SHOAL_HOME"

# Keep the image small and free of this build host's identity: Docker supplies resolv.conf and hostname at run time.
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log
rm -rf /usr/share/doc/* /usr/share/man/* /usr/share/info/* /root/.npm /root/.cache /tmp/* /var/tmp/*
rm -f /usr/sbin/policy-rc.d
: >/etc/resolv.conf
: >/etc/hostname
: >/etc/machine-id
