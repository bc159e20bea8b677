#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests use (as root on a fresh Debian 12 machine),
# then the npm dependencies. Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(prosody chromium gnome-keyring libsecret-1-dev dbus dbus-x11 python3-slixmpp go-sendxmpp postgresql openssl ca-certificates g++ make python3)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts system services on install where it can; the demo and tests run their own on free ports.
(service prosody stop || true) >/dev/null 2>&1
(service postgresql stop || true) >/dev/null 2>&1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-fund --no-audit
fi
